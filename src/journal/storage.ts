// The journal's storage port: where encoded lines go. Files in production, memory in pure tests.
import type { LockHolder } from "./lock.js";

export type AcquireResult =
  | { readonly kind: "writer"; readonly maxSeq: number }
  | {
      readonly kind: "locked";
      readonly maxSeq: number;
      readonly holder: LockHolder | undefined;
      readonly reason: string;
    };

/** A torn tail found and repaired when this writer took over a file. */
export interface TailRepair {
  /** File name, e.g. `2026-02-12.jsonl`. */
  readonly file: string;
  /** `truncated`: a partial last line (never acknowledged) was cut off; `newline`: a complete last record got its newline. */
  readonly action: "truncated" | "newline";
  readonly bytes: number;
}

export interface JournalStorage {
  /** Where the journal lives (the dir, or a label). */
  readonly location: string;
  /**
   * Tries to become the single writer: creates the dir, takes the lock, repairs torn tails and reports the
   * highest seq on disk. Idempotent while held. Throws on IO errors (the journal then runs in memory mode).
   */
  acquire(): AcquireResult;
  /** Best-effort highest seq on disk without writing anything; 0 when unreadable. Never throws. */
  peekMaxSeq(): number;
  /**
   * Appends complete lines to the day's file: `data`, or the concatenation of its parts (the journal hands over
   * each record's pieces, so no one large string has to be built and flattened). Throws on IO errors, leaving no
   * partial line behind when it can.
   */
  append(day: string, data: string | readonly string[]): void;
  /** Makes everything appended so far durable (fsync). Throws on IO errors. */
  sync(): void;
  /**
   * Optional: starts making what was appended durable in the background (no wait, no error reported). Only an
   * optimisation: `sync()` still decides what is durable.
   */
  syncSoon?(): void;
  /** Repairs done since the last call (the journal records them as `journal.truncated`). */
  drainRepairs(): TailRepair[];
  /** Closes files and releases the lock. Never throws. */
  release(): void;
}
