// Live rollups: folds each appended journal record, writes touched days to <stateDir>/stats/ (coalesced), prunes old days.
import type { Clock, TimerHandle } from "../domain/clock.js";
import { readJournal } from "../journal/index.js";
import { RollupFold, rollupRecordOf, type DayRollup, type RollupRecord } from "./rollup-fold.js";
import { clearStats, pruneStats, readDayRollup, writeDayRollup } from "./rollup-store.js";

export interface RollupWriterOptions {
  readonly statsDir: string;
  readonly clock: Clock;
  /** statsRetentionDays: day files older than this are removed. */
  readonly retentionDays: () => number;
  /** Coalescing delay between a record and the write of its day, ms. Default 5000. */
  readonly flushMs?: number;
  readonly onError?: (error: Error) => void;
}

/** Maintains the stats store from the records the runtime appends. Never throws into the caller. */
export class RollupWriter {
  private readonly fold: RollupFold;
  private timer: TimerHandle | undefined;
  private failed = false;
  private prunedDay = "";
  private writes = 0;

  constructor(private readonly opts: RollupWriterOptions) {
    this.fold = new RollupFold((day) => readDayRollup(opts.statsDir, day));
  }

  /** Folds one record (already-counted seqs are recognised and skipped); schedules a write. */
  observe(record: RollupRecord): void {
    try {
      if (this.fold.add(record)) this.schedule();
    } catch (error) {
      this.report(error as Error);
    }
  }

  /** Whether a record must be decoded for the fold (it is not counted yet, or it is a model transition). */
  wants(type: string, seq: number, ts: string): boolean {
    return this.fold.wants(type, seq, ts);
  }

  /** Folds a decoded journal record (replay catch-up at startup). */
  observeRecord(record: { readonly type: string; readonly ts: string; readonly seq: number; readonly [k: string]: unknown }): void {
    const r = rollupRecordOf(record);
    if (r) this.observe(r);
  }

  /** Writes every touched day now; returns how many files were written. */
  flush(): number {
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
    const dirty = this.fold.dirty();
    try {
      for (const day of dirty) writeDayRollup(this.opts.statsDir, day);
      const last = dirty[dirty.length - 1];
      this.fold.clean(last ? [last.day] : []);
      this.writes += dirty.length;
      this.failed = false;
      this.prune();
      return dirty.length;
    } catch (error) {
      this.report(error as Error);
      return 0;
    }
  }

  /** True when every folded record is written (a snapshot may then say the stats store has them). */
  isFlushed(): boolean {
    return this.fold.dirty().length === 0;
  }

  tracking(): ReturnType<RollupFold["tracking"]> {
    return this.fold.tracking();
  }

  restoreTracking(tracking: Parameters<RollupFold["restoreTracking"]>[0]): void {
    this.fold.restoreTracking(tracking);
  }

  count(): number {
    return this.writes;
  }

  stop(): void {
    this.flush();
  }

  private prune(): void {
    const now = this.opts.clock.now();
    const today = new Date(now).toISOString().slice(0, 10);
    if (today === this.prunedDay) return;
    this.prunedDay = today;
    pruneStats(this.opts.statsDir, this.opts.retentionDays(), now);
  }

  private schedule(): void {
    if (this.timer) return;
    const { clock } = this.opts;
    this.timer = clock.setTimer(clock.now() + (this.opts.flushMs ?? 5_000), () => {
      this.timer = undefined;
      this.flush();
    });
  }

  private report(error: Error): void {
    if (!this.failed) this.opts.onError?.(error);
    this.failed = true;
  }
}

/** Folds the journal in memory (nothing is written): the CLI's fallback when there is no stats store. */
export function foldJournal(journalDir: string, range: { from?: string; to?: string } = {}): DayRollup[] {
  const fold = new RollupFold();
  for (const record of readJournal(journalDir, range)) {
    const r = rollupRecordOf(record);
    if (r) fold.add(r);
  }
  return fold.allDays();
}

/** Rebuilds the stats store from the journal: removes every day file, folds everything, writes each day. */
export function rebuildStats(journalDir: string, statsDir: string): { days: number; records: number } {
  const fold = new RollupFold();
  for (const record of readJournal(journalDir)) {
    const r = rollupRecordOf(record);
    if (r) fold.add(r);
  }
  clearStats(statsDir);
  const days = fold.allDays();
  for (const day of days) writeDayRollup(statsDir, day);
  return { days: days.length, records: fold.records };
}
