// File-backed journal storage: one append-only file per UTC day (mode 0600) in a 0700 dir, guarded by a lock.
import { fdatasync } from "node:fs";
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import type { Clock } from "../domain/clock.js";
import { dayFileName, dayFilePath, listDays } from "./day-files.js";
import { isWritableTs } from "./envelope.js";
import { DirLock } from "./lock.js";
import type { AcquireResult, JournalStorage, TailRepair } from "./storage.js";
import { inspectTail } from "./tail.js";

interface OpenDay {
  readonly day: string;
  readonly fd: number;
  /** Bytes in the file as far as this writer knows; a failed write is truncated back to it. */
  size: number;
}

/** At most this many day files stay open (today, yesterday, and a couple of late-ts days). */
const MAX_OPEN_FILES = 4;
/** The encode buffer kept between appends (a flush writes about 1 MiB of text per append). */
const SCRATCH_KEEP_BYTES = 4 << 20;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === "ENOENT";
}

class FsStorage implements JournalStorage {
  readonly location: string;
  private readonly lock: DirLock;
  /** Open day files, least recently used first. */
  private readonly open = new Map<string, OpenDay>();
  private readonly unsynced = new Set<OpenDay>();
  private dirUnsynced = false;
  private repairs: TailRepair[] = [];
  /** Fds with a background fdatasync in flight (at most one each). */
  private readonly syncing = new Set<number>();
  private scratch: Buffer = Buffer.allocUnsafe(SCRATCH_KEEP_BYTES);

  constructor(dir: string, clock: Clock) {
    this.location = dir;
    const now = clock.now();
    this.lock = new DirLock(dir, isWritableTs(now) ? new Date(now).toISOString() : String(now));
  }

  acquire(): AcquireResult {
    mkdirSync(this.location, { recursive: true, mode: 0o700 });
    const attempt = this.lock.acquire();
    if (!attempt.held) {
      return { kind: "locked", maxSeq: this.peekMaxSeq(), holder: attempt.holder, reason: attempt.reason };
    }
    this.closeAll();
    return { kind: "writer", maxSeq: this.scan(true) };
  }

  peekMaxSeq(): number {
    try {
      return this.scan(false);
    } catch {
      return 0;
    }
  }

  append(day: string, data: string | readonly string[]): void {
    const file = this.openDay(day);
    const length = this.encode(data);
    const bytes = this.scratch;
    let offset = 0;
    try {
      while (offset < length) offset += writeSync(file.fd, bytes, offset, length - offset);
    } catch (err) {
      // A short write must not leave a partial line behind (Redis does the same ftruncate).
      if (offset > 0) {
        try {
          ftruncateSync(file.fd, file.size);
        } catch {
          // the next open repairs the tail
        }
      }
      this.forget(file);
      throw err;
    }
    file.size += length;
    this.unsynced.add(file);
  }

  /**
   * UTF-8 of `data` into the reusable scratch buffer; returns its length. Each part is written on its own:
   * `Buffer.from` of one string concatenated from thousands of records spent most of an append flattening it.
   */
  private encode(data: string | readonly string[]): number {
    const parts = typeof data === "string" ? [data] : data;
    let length = 0;
    for (const part of parts) {
      const most = part.length * 3;
      if (length + most > this.scratch.length) {
        const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, length + most));
        this.scratch.copy(bigger, 0, 0, length);
        this.scratch = bigger;
      }
      length += this.scratch.write(part, length, "utf8");
    }
    if (this.scratch.length > SCRATCH_KEEP_BYTES && length <= SCRATCH_KEEP_BYTES) this.scratch = Buffer.allocUnsafe(SCRATCH_KEEP_BYTES);
    return length;
  }

  sync(): void {
    for (const file of this.unsynced) {
      fsyncSync(file.fd);
      this.unsynced.delete(file);
    }
    if (this.dirUnsynced) {
      this.dirUnsynced = false;
      this.syncDir();
    }
  }

  syncSoon(): void {
    for (const file of this.unsynced) {
      if (this.syncing.has(file.fd)) continue;
      this.syncing.add(file.fd);
      const fd = file.fd;
      // In the thread pool, overlapping the disk with the next records' encoding. A file closed meanwhile only
      // makes this fail (ignored); sync() still fsyncs every file written since its last sync.
      fdatasync(fd, () => this.syncing.delete(fd));
    }
  }

  drainRepairs(): TailRepair[] {
    const repairs = this.repairs;
    this.repairs = [];
    return repairs;
  }

  release(): void {
    this.closeAll();
    this.lock.release();
  }

  /** Highest seq over every day file's last valid line; as writer, also repairs torn tails. */
  private scan(repair: boolean): number {
    let maxSeq = 0;
    for (const day of listDays(this.location)) {
      let fd: number;
      try {
        fd = openSync(dayFilePath(this.location, day), repair ? "r+" : "r");
      } catch (err) {
        if (isMissing(err)) continue;
        throw err;
      }
      try {
        const size = fstatSync(fd).size;
        const tail = inspectTail(fd, size);
        if (tail.maxSeq > maxSeq) maxSeq = tail.maxSeq;
        if (repair) this.repairTail(fd, day, size, tail.tornBytes, tail.missingNewline);
      } finally {
        closeSync(fd);
      }
    }
    return maxSeq;
  }

  /** Cuts a torn partial line (like Redis `aof-load-truncated`), or ends a complete last record with its newline. */
  private repairTail(fd: number, day: string, size: number, tornBytes: number, missingNewline: boolean): number {
    if (tornBytes > 0) {
      ftruncateSync(fd, size - tornBytes);
      fsyncSync(fd);
      this.repairs.push({ file: dayFileName(day), action: "truncated", bytes: tornBytes });
      return size - tornBytes;
    }
    if (missingNewline) {
      writeSync(fd, "\n", size);
      fsyncSync(fd);
      this.repairs.push({ file: dayFileName(day), action: "newline", bytes: 1 });
      return size + 1;
    }
    return size;
  }

  private openDay(day: string): OpenDay {
    const cached = this.open.get(day);
    if (cached !== undefined) {
      let linked = false;
      try {
        linked = fstatSync(cached.fd).nlink > 0;
      } catch {
        // treat as gone
      }
      if (linked) {
        this.open.delete(day); // re-insert: most recently used last
        this.open.set(day, cached);
        return cached;
      }
      this.forget(cached); // file (or the whole dir) was removed under us: reopen by name
    }
    const fd = openSync(dayFilePath(this.location, day), "a+", 0o600);
    let size: number;
    try {
      size = fstatSync(fd).size;
      if (size === 0) this.dirUnsynced = true;
      else if (!this.endsWithNewline(fd, size)) {
        const tail = inspectTail(fd, size);
        size = this.repairTail(fd, day, size, tail.tornBytes, tail.missingNewline);
      }
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    const file: OpenDay = { day, fd, size };
    this.open.set(day, file);
    if (this.open.size > MAX_OPEN_FILES) {
      const oldest = this.open.values().next().value;
      if (oldest !== undefined) this.evict(oldest);
    }
    return file;
  }

  private endsWithNewline(fd: number, size: number): boolean {
    const last = Buffer.allocUnsafe(1);
    return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] === 10;
  }

  private evict(file: OpenDay): void {
    try {
      if (this.unsynced.has(file)) fsyncSync(file.fd);
    } catch {
      // best effort: the data is written, only its durability is unconfirmed
    }
    this.forget(file);
  }

  private forget(file: OpenDay): void {
    this.open.delete(file.day);
    this.unsynced.delete(file);
    try {
      closeSync(file.fd);
    } catch {
      // already closed
    }
  }

  private closeAll(): void {
    for (const file of [...this.open.values()]) this.forget(file);
  }

  /** Makes new file names durable. Some platforms refuse fsync on a dir; that is not an error here. */
  private syncDir(): void {
    try {
      const fd = openSync(this.location, "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // unsupported: the file data itself is synced
    }
  }
}

/** Storage in `dir` (`<stateDir>/journal`). Nothing touches the disk until the journal calls `acquire()`. */
export function createFsStorage(dir: string, clock: Clock): JournalStorage {
  return new FsStorage(dir, clock);
}
