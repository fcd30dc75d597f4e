// Keeps <stateDir>/status.json current: after each change (coalesced) and on a timer; never throws.
import type { Clock, TimerHandle } from "../domain/clock.js";
import { writeFileAtomic } from "./atomic-write.js";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface StatusWriterOptions {
  readonly file: string;
  readonly clock: Clock;
  readonly build: () => unknown;
  readonly intervalMs: () => number;
  /** Coalescing delay after a change, ms. */
  readonly debounceMs?: number;
  readonly onError?: (error: Error) => void;
  /** A second file for dashboards (config `statusFile`), written with `copy` of the same snapshot. */
  readonly extraFile?: () => string | undefined;
  readonly copy?: (snapshot: Record<string, unknown>) => unknown;
}

export class StatusWriter {
  private pendingTimer: TimerHandle | undefined;
  private periodic: TimerHandle | undefined;
  private failed = false;
  private writes = 0;

  constructor(private readonly opts: StatusWriterOptions) {}

  start(): void {
    this.writeNow();
    this.schedulePeriodic();
  }

  /** Something changed: write soon (several changes in a burst cost one write). */
  changed(): void {
    if (this.pendingTimer) return;
    const { clock } = this.opts;
    this.pendingTimer = clock.setTimer(clock.now() + (this.opts.debounceMs ?? 250), () => {
      this.pendingTimer = undefined;
      this.writeNow();
    });
  }

  writeNow(): boolean {
    try {
      const snapshot = this.opts.build();
      writeFileAtomic(this.opts.file, `${JSON.stringify(snapshot, null, 2)}\n`);
      const extra = this.opts.extraFile?.();
      if (extra) {
        mkdirSync(dirname(extra), { recursive: true, mode: 0o700 });
        writeFileAtomic(extra, `${JSON.stringify(this.opts.copy ? this.opts.copy(snapshot as Record<string, unknown>) : snapshot, null, 2)}\n`);
      }
      this.failed = false;
      this.writes++;
      return true;
    } catch (error) {
      if (!this.failed) this.opts.onError?.(error as Error);
      this.failed = true;
      return false;
    }
  }

  count(): number {
    return this.writes;
  }

  stop(): void {
    const { clock } = this.opts;
    if (this.pendingTimer) clock.clearTimer(this.pendingTimer);
    if (this.periodic) clock.clearTimer(this.periodic);
    this.pendingTimer = undefined;
    this.periodic = undefined;
    this.writeNow();
  }

  private schedulePeriodic(): void {
    const { clock } = this.opts;
    this.periodic = clock.setTimer(clock.now() + this.opts.intervalMs(), () => {
      this.writeNow();
      this.schedulePeriodic();
    });
  }
}
