// The watchdog as a journal writer of its own: every batch goes to the outbox first (durable), then straight into
// the journal when the journal lock is free (the gateway is dead). While a live gateway holds the lock, its plugin
// moves the outbox into the journal (src/watch/outbox-pump.ts). Either way records keep their time and `source`.
import { join } from "node:path";
import type { Clock } from "../domain/clock.js";
import { openJournal } from "../journal/journal.js";
import { LOCK_FILE, isPidAlive, readLockFile } from "../journal/lock.js";
import { drainOutbox, writeOutbox, type DrainResult, type OutboxEntry } from "./outbox.js";

export interface WatchJournalOptions {
  readonly stateDir: string;
  readonly clock: Clock;
  readonly onError?: (err: Error) => void;
}

export class WatchJournal {
  readonly journalDir: string;

  constructor(private readonly opts: WatchJournalOptions) {
    this.journalDir = join(opts.stateDir, "journal");
  }

  /**
   * Records a batch: to the outbox at once (durable), then, when `direct`, into the journal if the lock is free.
   * Pass `direct: false` while a gateway may be starting (its plugin must find the lock free, or it only observes).
   */
  record(entries: readonly OutboxEntry[], direct = true): void {
    if (entries.length === 0) return;
    try {
      writeOutbox(this.opts.stateDir, entries);
    } catch (err) {
      this.opts.onError?.(err as Error);
      return;
    }
    if (direct) this.flush();
  }

  /** True while a live process (the gateway's plugin) holds the journal lock. */
  lockedByOther(): boolean {
    const state = readLockFile(join(this.journalDir, LOCK_FILE));
    return state.kind === "held" && state.holder.pid !== process.pid && isPidAlive(state.holder.pid);
  }

  /**
   * Moves the outbox into the journal when nobody else holds the lock: opens the journal as its writer, appends
   * durably, closes (the lock is held for milliseconds). Undefined when the lock is taken (the records wait).
   */
  flush(): DrainResult | undefined {
    if (this.lockedByOther()) return undefined;
    let journal;
    try {
      journal = openJournal({ dir: this.journalDir, clock: this.opts.clock, requireWriter: true, flushIntervalMs: 60_000 });
    } catch (err) {
      if ((err as Error).name !== "LockError") this.opts.onError?.(err as Error);
      return undefined;
    }
    try {
      return drainOutbox(this.opts.stateDir, (entries) => {
        const seqs = journal.appendMany(entries.map((e) => ({ type: e.type, fields: e.fields, ts: e.ts })), { durable: true });
        return seqs.every((s) => s > 0) && journal.stats().syncedSeq >= Math.max(...seqs);
      });
    } finally {
      journal.close();
    }
  }
}
