// The journal writer: cheap synchronous appends, buffered observations, fsync'ed decisions, and fail-soft modes.
import type { Clock, TimerHandle } from "../domain/clock.js";
import { encodeBody, isoOf, isWritableTs } from "./envelope.js";
import { createFsStorage } from "./fs-storage.js";
import type { AppendOptions, Journal, JournalEntry, JournalMode, JournalOptions, JournalStats } from "./journal-types.js";
import { LockError, type LockHolder } from "./lock.js";
import type { JournalStorage } from "./storage.js";
import { renumberAfter, writeRun, type Pending } from "./pending-records.js";

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
/**
 * A burst of this many buffered records is written at the next turn of the event loop (not after the flush
 * interval) and handed to the kernel to sync in the background, so the fsync of the next decision finds little
 * left to write: at high rates that fsync, not the encoding, bounded the journal.
 */
const EARLY_WRITE_RECORDS = 512;

class JournalWriter implements Journal {
  readonly dir: string;
  private readonly clock: Clock;
  private readonly storage: JournalStorage;
  private readonly maxBuffered: number;
  private readonly hardCap: number;
  private readonly highWater: number;
  private readonly flushIntervalMs: number;
  private readonly onError: ((err: Error) => void) | undefined;

  private mode: JournalMode = "memory";
  private reason: string | undefined;
  private lockHolder: LockHolder | undefined;
  private lastError: unknown;
  private errorReported = false;
  private pending: Pending[] = [];
  private seq = 0;
  private dropped = 0;
  private unreportedDrops = 0;
  private written = 0;
  private writtenSeq = 0;
  private syncedSeq = 0;
  private tornTail = 0;
  private timer: TimerHandle | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(options: JournalOptions) {
    this.dir = options.dir;
    this.clock = options.clock;
    this.storage = options.storage ?? createFsStorage(options.dir, options.clock);
    this.maxBuffered = Math.max(1, Math.floor(options.maxBufferedRecords ?? 10_000));
    this.hardCap = this.maxBuffered * 2;
    this.highWater = Math.max(1, Math.min(EARLY_WRITE_RECORDS, Math.floor(this.maxBuffered / 2)));
    this.flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1000);
    this.onError = options.onError;
    if (!this.tryAcquire() && this.mode === "memory") this.seq = Math.max(this.seq, this.storage.peekMaxSeq());
  }

  /** Throws when the caller required to be the writer and is not (releasing whatever was taken). */
  assertWriter(): void {
    if (this.mode === "writer") return;
    this.storage.release();
    this.mode = "closed";
    const message = this.reason ?? "journal is not writable";
    if (this.lockHolder !== undefined) throw new LockError(message, this.dir, this.lockHolder);
    throw new Error(message, { cause: this.lastError });
  }

  append(type: string, fields: Readonly<Record<string, unknown>> = EMPTY, options?: AppendOptions): number {
    try {
      const durable = options?.durable === true;
      if (!this.admit(durable)) return 0;
      const seq = this.push(type, fields, options?.ts);
      if (durable) this.flushNow(true);
      else this.scheduleFlush();
      return seq;
    } catch (err) {
      this.fail(err);
      return 0;
    }
  }

  appendMany(entries: readonly JournalEntry[], options?: { readonly durable?: boolean }): number[] {
    const durable = options?.durable === true;
    const seqs: number[] = [];
    try {
      for (const entry of entries) {
        seqs.push(this.admit(durable) ? this.push(entry.type, entry.fields ?? EMPTY, entry.ts) : 0);
      }
      if (durable) this.flushNow(true);
      else this.scheduleFlush();
    } catch (err) {
      this.fail(err);
      while (seqs.length < entries.length) seqs.push(0);
    }
    return seqs;
  }

  flush(): Promise<void> {
    this.flushSync();
    return Promise.resolve();
  }

  flushSync(): void {
    if (this.mode === "closed") return;
    try {
      this.flushNow(false);
    } catch (err) {
      this.fail(err);
    }
  }

  close(): void {
    if (this.mode === "closed") return;
    this.flushSync();
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    this.dropped += this.pending.length;
    this.pending = [];
    this.storage.release();
    this.mode = "closed";
  }

  stats(): JournalStats {
    return {
      mode: this.mode,
      seq: this.seq,
      buffered: this.pending.length,
      dropped: this.dropped,
      written: this.written,
      writtenSeq: this.writtenSeq,
      syncedSeq: this.syncedSeq,
      tornTail: this.tornTail,
      ...(this.reason !== undefined && { reason: this.reason }),
      ...(this.lockHolder !== undefined && { lockHolder: this.lockHolder }),
    };
  }

  /** Whether there is room for one more record; counts the drop when there is not. */
  private admit(durable: boolean): boolean {
    if (this.mode !== "closed" && this.pending.length < (durable ? this.hardCap : this.maxBuffered)) return true;
    this.dropped++;
    if (this.mode !== "closed") {
      this.unreportedDrops++;
      this.scheduleFlush();
    }
    return false;
  }

  private push(type: string, fields: Readonly<Record<string, unknown>>, ts: number | undefined): number {
    let at = ts ?? this.clock.now();
    if (!isWritableTs(at)) at = this.clock.now();
    if (!isWritableTs(at)) at = 0;
    const iso = isoOf(at);
    const seq = ++this.seq;
    this.pending.push({ seq, day: iso.slice(0, 10), body: encodeBody(iso, String(type), fields) });
    return seq;
  }

  private scheduleFlush(): void {
    if (this.timer === undefined) {
      this.timer = this.clock.setTimer(this.clock.now() + this.flushIntervalMs, this.onTimer);
    }
    if (this.immediate === undefined && this.mode === "writer" && this.pending.length >= this.highWater) {
      this.immediate = setImmediate(this.onImmediate);
      this.immediate.unref();
    }
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.flushSync();
  };

  private readonly onImmediate = (): void => {
    this.immediate = undefined;
    this.flushSync();
  };

  /** Writes everything pending (fsync'ed when durable), then reports drops. False when it could not. */
  private flushNow(durable: boolean): boolean {
    if (this.pending.length === 0 && this.unreportedDrops === 0) return true;
    if ((this.mode !== "writer" && !this.tryAcquire()) || !this.writePending(durable)) {
      if (this.pending.length > 0 || this.unreportedDrops > 0) this.scheduleFlush();
      return false;
    }
    if (this.unreportedDrops > 0) {
      const count = this.unreportedDrops;
      this.unreportedDrops = 0;
      this.push("journal.dropped", { count }, undefined);
      if (!this.writePending(true)) {
        this.scheduleFlush();
        return false;
      }
    }
    this.recordRepairs();
    return true;
  }

  /** Writes pending records in seq order, one storage append per run of same-day records (up to ~1 MiB). */
  private writePending(durable: boolean): boolean {
    const pending = this.pending;
    let done = 0;
    try {
      while (done < pending.length) {
        const end = writeRun(this.storage, pending, done);
        this.written += end - done;
        this.writtenSeq = (pending[end - 1] as Pending).seq;
        done = end;
      }
      if (durable) {
        this.storage.sync();
        this.syncedSeq = this.writtenSeq;
      } else if (done > 0) {
        this.storage.syncSoon?.();
      }
    } catch (err) {
      this.removeWritten(done);
      this.enterMemory(err);
      return false;
    }
    this.removeWritten(done);
    this.errorReported = false;
    return true;
  }

  private removeWritten(count: number): void {
    if (count >= this.pending.length) this.pending = [];
    else if (count > 0) this.pending.splice(0, count);
  }

  /** Tries to become (or stay) the writer; on success, continues after the disk's highest seq. */
  private tryAcquire(): boolean {
    let result;
    try {
      result = this.storage.acquire();
    } catch (err) {
      this.enterMemory(err);
      return false;
    }
    this.seq = renumberAfter(this.pending, this.seq, result.maxSeq);
    if (result.kind === "locked") {
      this.mode = "read-only";
      this.lockHolder = result.holder;
      this.reason = `${result.reason}; this instance keeps up to ${this.maxBuffered} records in memory and retries`;
      return false;
    }
    this.mode = "writer";
    this.reason = undefined;
    this.lockHolder = undefined;
    this.recordRepairs();
    return true;
  }

  private recordRepairs(): void {
    for (const repair of this.storage.drainRepairs()) {
      if (repair.action !== "truncated") continue;
      this.tornTail++;
      this.push("journal.truncated", { file: repair.file, bytes: repair.bytes }, undefined);
      this.scheduleFlush();
    }
  }

  private enterMemory(err: unknown): void {
    this.lastError = err;
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const detail = code ?? (err instanceof Error ? err.message : String(err));
    this.mode = "memory";
    this.lockHolder = undefined;
    this.reason =
      `journal dir ${this.dir} is not writable (${detail}); keeping up to ${this.maxBuffered} records ` +
      `in memory and retrying every ${this.flushIntervalMs} ms`;
    if (this.errorReported) return;
    this.errorReported = true;
    this.report(new Error(this.reason, { cause: err }));
  }

  /** An unexpected bug (not an IO failure): report it, never throw at the caller. */
  private fail(err: unknown): void {
    this.report(err instanceof Error ? err : new Error(String(err)));
  }

  private report(err: Error): void {
    try {
      this.onError?.(err);
    } catch {
      // a failing error handler must not break the hot path
    }
  }
}

/**
 * Opens the journal in `options.dir`: takes the writer lock (or opens read-only / in memory, see JournalMode),
 * repairs a torn tail, and continues after the highest seq on disk. Never throws unless `requireWriter`.
 */
export function openJournal(options: JournalOptions): Journal {
  const journal = new JournalWriter(options);
  if (options.requireWriter === true) journal.assertWriter();
  return journal;
}
