// The watchdog's vocabulary: what it saw of the gateway, what it decided, and how that went (`--once --json`).

/** `down`: port closed. `hung`: accepts connections but does not answer in time. `crash_loop`: dies again and again. */
export type GatewayHealth = "up" | "down" | "hung" | "crash_loop";
export type WatchAction = "none" | "restart" | "restore_config" | "escalate";
export type WatchOutcome = "executed" | "dry_run" | "refused" | "failed";

/** One check of one tick: `port`, `readyz`, `rpc`, `heartbeat` or `config`. */
export interface WatchCheck {
  readonly name: string;
  readonly ok: boolean;
  /** How long the check took, ms. */
  readonly ms: number;
  /** What it saw, in plain words. */
  readonly detail: string;
  /** readyz: the HTTP status; heartbeat: the status file's age in ms. */
  readonly value?: number;
}

/** Exactly the object `self-heal watch --once --json` prints. */
export interface WatchResult {
  readonly gateway: GatewayHealth;
  readonly action: WatchAction;
  readonly outcome: WatchOutcome;
  readonly why?: string;
  readonly checks: readonly WatchCheck[];
}

/** How the gateway is restarted (detected, or `--restart-command`). */
export type RestartMethod =
  | { readonly kind: "command"; readonly command: string }
  | { readonly kind: "systemd"; readonly unit: string }
  | { readonly kind: "launchd"; readonly label: string }
  | { readonly kind: "openclaw"; readonly openclaw: string };

export interface WatchSettings {
  /** The plugin's state dir (journal, backups, status.json); the watchdog keeps `watch/` in it. */
  readonly stateDir: string;
  /** Base URL of the gateway, e.g. http://127.0.0.1:18789. */
  readonly gatewayUrl: string;
  /** openclaw.json. */
  readonly configPath: string;
  /** How to run OpenClaw's CLI (a shell command prefix), e.g. `openclaw`. */
  readonly openclaw: string;
  readonly restart: RestartMethod;
  readonly dryRun: boolean;
  /** Readiness and port timeouts, ms. */
  readonly checkTimeoutMs: number;
  /** RPC round trip timeout, ms (0 turns the RPC check off). */
  readonly rpcTimeoutMs: number;
  /** A status.json older than this while the port is open counts as a stalled plugin heartbeat, ms (0: off). */
  readonly heartbeatMaxAgeMs: number;
  /** Restarts allowed per window (OTP intensity). */
  readonly budgetMax: number;
  readonly budgetWindowMs: number;
  /** After a restart, this long passes before the gateway is judged again, ms. */
  readonly startupGraceMs: number;
  /** This many deaths within crashLoopWindowMs make a crash loop. */
  readonly crashLoopCount: number;
  readonly crashLoopWindowMs: number;
  /** Consecutive bad checks before acting (the loop defaults to 2, `--once` to 1). */
  readonly confirm: number;
  /** Restart command timeout, ms. */
  readonly restartTimeoutMs: number;
  readonly webhookUrl?: string;
  /** Telegram chat id for direct alerts (the bot token comes from openclaw.json). */
  readonly telegramChat?: string;
  /** Backups kept in `<stateDir>/backups`. */
  readonly backupsKept: number;
}
