// Inside the gateway: the journal owner moves the watchdog's outbox into the journal at start and every few seconds,
// and hands the watchdog's action outcomes to the supervisor (as replay does), so status shows them at once.
import type { Clock, TimerHandle } from "../domain/clock.js";
import { isActionName, type ActionName } from "../domain/effects.js";
import { drainOutbox, type DrainResult, type OutboxEntry } from "./outbox.js";

export const OUTBOX_PUMP_INTERVAL_MS = 5_000;

/** What the pump needs of the runtime. */
export interface OutboxPumpOptions {
  readonly stateDir: string;
  readonly clock: Clock;
  /** Appends durably; returns the seq (0 when dropped). */
  readonly append: (type: string, fields: Readonly<Record<string, unknown>>, ts: number) => number;
  readonly isDurable: (seq: number) => boolean;
  /** An action outcome of the watchdog, to show in the live status. */
  readonly onOutcome?: (effect: { action: ActionName; target: string; reason: string }, status: "executed" | "skipped" | "failed", why: string | undefined, error: string | undefined, at: number) => void;
  readonly log?: (message: string) => void;
  readonly intervalMs?: number;
}

const OUTCOMES: Record<string, "executed" | "skipped" | "failed"> = {
  "action.executed": "executed",
  "action.skipped": "skipped",
  "action.failed": "failed",
};

export class OutboxPump {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly opts: OutboxPumpOptions) {}

  start(): void {
    this.drainNow();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Moves every waiting batch into the journal now. Never throws. */
  drainNow(): DrainResult {
    try {
      const result = drainOutbox(this.opts.stateDir, (entries) => this.appendAll(entries));
      if (result.corrupt > 0) this.opts.log?.(`self-heal: skipped ${result.corrupt} unreadable line(s) in the watchdog's outbox`);
      return result;
    } catch (err) {
      this.opts.log?.(`self-heal: the watchdog's outbox was not read: ${(err as Error).message}`);
      return { files: 0, records: 0, corrupt: 0 };
    }
  }

  private appendAll(entries: readonly OutboxEntry[]): boolean {
    let last = 0;
    for (const e of entries) {
      last = this.opts.append(e.type, e.fields, e.ts);
      if (last === 0) return false;
      this.feed(e);
    }
    return this.opts.isDurable(last);
  }

  private feed(e: OutboxEntry): void {
    const status = OUTCOMES[e.type];
    const f = e.fields;
    if (!status || !this.opts.onOutcome || !isActionName(f.action) || typeof f.target !== "string") return;
    try {
      this.opts.onOutcome(
        { action: f.action, target: f.target, reason: typeof f.reason === "string" ? f.reason : "" },
        status,
        typeof f.why === "string" ? f.why : undefined,
        typeof f.error === "string" ? f.error : undefined,
        e.ts,
      );
    } catch {
      // the record is in the journal; the live view catches up at the next replay
    }
  }

  private arm(): void {
    if (this.stopped) return;
    const every = this.opts.intervalMs ?? OUTBOX_PUMP_INTERVAL_MS;
    this.timer = this.opts.clock.setTimer(this.opts.clock.now() + every, () => {
      this.timer = undefined;
      this.drainNow();
      this.arm();
    });
  }
}
