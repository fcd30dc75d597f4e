// The journal's public types: options, modes, append options, stats, and the Journal interface.
import type { Clock } from "../domain/clock.js";
import type { LockHolder } from "./lock.js";
import type { JournalStorage } from "./storage.js";

export interface JournalOptions {
  /** The journal dir, `<stateDir>/journal`. */
  readonly dir: string;
  readonly clock: Clock;
  /** Pending records kept in memory; past it new observations are dropped and counted. Default 10 000. */
  readonly maxBufferedRecords?: number;
  /** How long an observation may wait in memory before it is written, in ms. Default 1000. */
  readonly flushIntervalMs?: number;
  /** Called once per outage when the journal cannot write (it then keeps records in memory), and on internal bugs. */
  readonly onError?: (err: Error) => void;
  /** Throw (LockError, or the IO error) instead of opening read-only or in memory. Default false. */
  readonly requireWriter?: boolean;
  /** Where lines go. Default: day files in `dir`. Pure tests pass `createMemoryStorage()`. */
  readonly storage?: JournalStorage;
}

/**
 * `writer`: this instance owns the journal. `read-only`: another live process holds the lock.
 * `memory`: the dir cannot be written. In the last two, appends are kept in memory (bounded) and
 * each flush retries becoming the writer. `closed`: after close(); appends are dropped.
 */
export type JournalMode = "writer" | "read-only" | "memory" | "closed";

export interface AppendOptions {
  /** The record's own time (epoch ms); it also picks the day file. Default: clock.now(). */
  readonly ts?: number;
  /** Write and fsync this record (and everything before it) before returning. Default false. */
  readonly durable?: boolean;
}

export interface JournalEntry {
  readonly type: string;
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly ts?: number;
}

export interface JournalStats {
  readonly mode: JournalMode;
  /** Last seq handed out. */
  readonly seq: number;
  /** Records waiting in memory. */
  readonly buffered: number;
  /** Records dropped since open (buffer full, or lost at close while not the writer). */
  readonly dropped: number;
  /** Records this instance wrote. */
  readonly written: number;
  /** Highest seq written to disk. */
  readonly writtenSeq: number;
  /** Highest seq known to be fsync'ed: a decision with `seq <= syncedSeq` is durable. */
  readonly syncedSeq: number;
  /** Torn last lines cut off when this instance took over files. */
  readonly tornTail: number;
  /** Why the mode is not `writer`. */
  readonly reason?: string;
  readonly lockHolder?: LockHolder;
}

/**
 * Durability, in plain terms: an observation (the default) waits in memory for up to `flushIntervalMs`, so a
 * crash or power loss can lose the last second of observations. A `durable` record is written and fsync'ed,
 * together with every record appended before it, before `append` returns — unless the journal is not the
 * writer (see JournalMode); then it is only in memory, and `stats().syncedSeq < seq` says so. A write cut short
 * by a crash leaves a torn last line, which replay skips and the next writer cuts off (`journal.truncated`).
 * Seqs handed out while not the writer are provisional: they are renumbered after the disk's highest seq when
 * this instance becomes the writer. Dropped records never consume a seq.
 */
export interface Journal {
  readonly dir: string;
  /**
   * Appends one record and returns its seq (seqs start at 1), or 0 when it was dropped. Synchronous and never
   * throws. Observations are only buffered; `durable` records are written and fsync'ed with everything before them.
   */
  append(type: string, fields?: Readonly<Record<string, unknown>>, options?: AppendOptions): number;
  /** Appends several records with one write (and one fsync when durable). Returns their seqs (0 = dropped). */
  appendMany(entries: readonly JournalEntry[], options?: { readonly durable?: boolean }): number[];
  /** Writes buffered records now (synchronously; the promise is already settled on return). */
  flush(): Promise<void>;
  flushSync(): void;
  /** Flushes, releases the lock and stops the timer. Records that still cannot be written are counted as dropped. */
  close(): void;
  stats(): JournalStats;
}
