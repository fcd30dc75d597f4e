// Alerts that could not be delivered wait until the alert channel is connected again, then go out once.
//
// An alert whose every path failed (typically: the alert channel is the broken one and no webhook is set)
// is journaled as `action.failed` by the executor. When the supervisor next sees `alerts.channel`
// connected, each waiting alert is proposed again through the executor, once, marked as late, under its
// own key (so `alerts.minIntervalSeconds` does not swallow it). An alert with the same key that was
// delivered in the meantime cancels the wait: never duplicated. With a `store`, the waiting list survives a gateway
// restart (a channel that stays down may itself lead to one): it is saved on every change and loaded at start.
import type { Effect } from "../domain/effects.js";
import type { SupervisorBus } from "./bus.js";

export interface AlertRedeliveryOptions {
  readonly bus: SupervisorBus;
  /** Runs an effect through the one executor. */
  readonly execute: (effect: Effect) => Promise<unknown>;
  /** The channel alerts are sent to (`alerts.channel`), if any. */
  readonly alertChannel: () => string | undefined;
  /** Most alerts kept waiting; the oldest are dropped first. */
  readonly maxWaiting?: number;
  /** While the alert channel reads connected, waiting alerts are retried this often (ms). Default 60 s; 0: never. */
  readonly retryEveryMs?: number;
  /** Attempts of a late copy before the alert is given up (it stays in the journal as action.failed). Default 3. */
  readonly maxAttempts?: number;
  /** Keeps the waiting list across restarts (alert-waiting-file.ts). */
  readonly store?: WaitingStore;
  /** Waiting alerts older than this are dropped at start (ms). Default 24 h. */
  readonly maxAgeMs?: number;
  /** Now, for the age check at start (ms). */
  readonly now?: () => number;
}

/** An alert that could not be delivered, waiting for its channel. */
export interface WaitingAlert {
  readonly effect: Effect;
  readonly failedAt: number;
  readonly attempts: number;
}

export interface WaitingStore {
  load(): WaitingAlert[];
  save(list: readonly WaitingAlert[]): void;
}

type Waiting = WaitingAlert;

const LATE = "late";

function keyOf(effect: Effect): string {
  const key = effect.params?.key;
  return typeof key === "string" && key ? key : `${effect.target}|${effect.reason}`;
}

function hhmm(ts: number): string {
  return new Date(ts).toISOString().slice(11, 16);
}

/** The late copy of an alert: same text, a line saying when it was raised, its own key. */
export function lateAlert(effect: Effect, failedAt: number, channel: string): Effect {
  const params = effect.params ?? {};
  const title = typeof params.title === "string" ? params.title : `[self-heal] ${effect.target}: ${effect.reason}`;
  const lines = Array.isArray(params.lines) ? params.lines.filter((l): l is string => typeof l === "string") : [`${effect.target}: ${effect.reason}`];
  return {
    ...effect,
    params: {
      ...params,
      key: `${keyOf(effect)}|${LATE}`,
      [LATE]: true,
      title: `${title} (sent late)`,
      lines: [...lines, `raised at ${hhmm(failedAt)} UTC, while ${channel} could not deliver it`],
    },
  };
}

/** Subscribes to the bus; returns the unsubscribe function. */
export function redeliverAlerts(opts: AlertRedeliveryOptions): () => void {
  const waiting = new Map<string, Waiting>();
  /** Late copies in flight, by the late key: what to re-queue if one fails. */
  const inFlight = new Map<string, Waiting>();
  const channelState = new Map<string, string>();
  const max = opts.maxWaiting ?? 50;
  const maxAttempts = opts.maxAttempts ?? 3;
  const save = () => {
    try {
      opts.store?.save([...waiting.values(), ...inFlight.values()]);
    } catch {
      // the list stays in memory; the journal still holds every failed alert
    }
  };
  const queue = (key: string, w: Waiting) => {
    waiting.delete(key);
    waiting.set(key, w);
    while (waiting.size > max) waiting.delete(waiting.keys().next().value as string);
  };
  const now = opts.now ?? Date.now;
  const maxAge = opts.maxAgeMs ?? 24 * 3_600_000;
  try {
    for (const w of opts.store?.load() ?? []) if (now() - w.failedAt < maxAge) queue(keyOf(w.effect), w);
  } catch {
    // an unreadable list: nothing waits
  }
  const onFailed = ({ effect, ts }: { effect: Effect; ts: number }) => {
    if (effect.action !== "alert") return;
    if (effect.params?.[LATE] === true) {
      const w = inFlight.get(keyOf(effect));
      inFlight.delete(keyOf(effect));
      if (w && w.attempts < maxAttempts) queue(keyOf(w.effect), w);
      save();
      return;
    }
    queue(keyOf(effect), { effect, failedAt: ts, attempts: 0 });
    save();
  };
  const onExecuted = ({ effect }: { effect: Effect }) => {
    if (effect.action !== "alert") return;
    const changed = effect.params?.[LATE] === true ? inFlight.delete(keyOf(effect)) : waiting.delete(keyOf(effect));
    if (changed) save();
  };
  const flush = () => {
    const channel = opts.alertChannel();
    if (!channel || waiting.size === 0) return;
    const due = [...waiting.values()];
    waiting.clear();
    for (const w of due) {
      const late = lateAlert(w.effect, w.failedAt, channel);
      inFlight.set(keyOf(late), { ...w, attempts: w.attempts + 1 });
      void opts.execute(late).catch(() => undefined);
    }
    save();
  };
  const onChannel = ({ id, to }: { id: string; to: string }) => {
    channelState.set(id, to);
    if (to === "connected" && id === opts.alertChannel()) flush();
  };
  opts.bus.on("action.failed", onFailed);
  opts.bus.on("action.executed", onExecuted);
  opts.bus.on("channel.state", onChannel);
  // An alert can fail while its channel reads connected (a send that timed out): retry it on a timer then.
  const every = opts.retryEveryMs ?? 60_000;
  const timer =
    every > 0
      ? setInterval(() => {
          const channel = opts.alertChannel();
          if (channel && (channelState.get(channel) ?? "connected") === "connected") flush();
        }, every)
      : undefined;
  timer?.unref?.();
  return () => {
    if (timer) clearInterval(timer);
    opts.bus.off("action.failed", onFailed);
    opts.bus.off("action.executed", onExecuted);
    opts.bus.off("channel.state", onChannel);
  };
}
