// Options, context, input and events of the channel machine. Context is plain JSON.

export interface ChannelOptions {
  /** Consecutive disconnected observations before a restart is considered. Count. Default 3. */
  readonly disconnectThreshold: number;
  /** Time a restarted channel gets to reconnect before it counts as down again, in ms. Default 2 min. */
  readonly startupGraceMs: number;
  /** Restarts allowed within `restartBudgetWindowMs` before giving up. Count. Default 3. */
  readonly restartBudgetMax: number;
  /** Sliding window of the restart budget, in ms. Default 30 min. */
  readonly restartBudgetWindowMs: number;
  /** How long a restart may go unreported (no RESTART_DONE) before it counts as failed, in ms. Default 2 min. */
  readonly restartTimeoutMs: number;
}

export const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = Object.freeze({
  disconnectThreshold: 3,
  startupGraceMs: 120_000,
  restartBudgetMax: 3,
  restartBudgetWindowMs: 1_800_000,
  restartTimeoutMs: 120_000,
});

/** How many thresholds' worth of readings OpenClaw's own restarts get before the owner is alerted. */
export const HOST_RESTART_PATIENCE = 3;

export const CHANNEL_STATES = ["connected", "disconnected", "restarting", "startup_grace", "given_up"] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

export interface ChannelInput {
  /** The channel id, e.g. "whatsapp". */
  readonly id: string;
  readonly options?: Partial<ChannelOptions>;
  /** Creation time, epoch ms. */
  readonly now: number;
}

export interface ChannelContext {
  readonly id: string;
  readonly options: ChannelOptions;
  /** Consecutive disconnected observations. */
  readonly streak: number;
  /** Times of our restarts still inside the budget window, epoch ms, oldest first. */
  readonly restarts: readonly number[];
  /** Deadline of the current timed state, epoch ms. */
  readonly until?: number | undefined;
  /** Why the last transition happened (journaled as its reason). */
  readonly reason: string;
  /** The last observation's detail or restart error. */
  readonly lastDetail?: string | undefined;
  /** Set when our restart ran and the channel has not been seen connected since (its return earns the healed notice). */
  readonly awaitingHeal?: boolean | undefined;
  /** Last connected observation, epoch ms. */
  readonly lastConnectedAt?: number | undefined;
}

export type ChannelEvent =
  /**
   * `hostRestarting`: OpenClaw's own health monitor has a restart of this channel pending. Such a reading counts
   * as disconnected but never triggers a restart of ours (one break, one restarter); after
   * `HOST_RESTART_PATIENCE` × disconnectThreshold of them in a row the channel is given up (one critical alert).
   */
  | { readonly type: "OBSERVED"; readonly now: number; readonly connected: boolean; readonly detail?: string; readonly hostRestarting?: boolean }
  /** `refused`: a guard stopped the restart before anything ran (it does not spend the budget). */
  | { readonly type: "RESTART_DONE"; readonly now: number; readonly ok: boolean; readonly error?: string; readonly refused?: boolean }
  | { readonly type: "DEADLINE"; readonly now: number }
  | { readonly type: "CLEARED"; readonly now: number }
  /** Replaces the options (keys left out fall back to the defaults). */
  | { readonly type: "OPTIONS_UPDATED"; readonly now: number; readonly options: Partial<ChannelOptions> };
