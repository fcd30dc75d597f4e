// Replay: streams the day files oldest first, in chunks, skipping (and counting) torn tails and corrupt lines.
import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { dayFileName, dayFilePath, listDays, type DayRange } from "./day-files.js";
import type { JournalRecord } from "./envelope.js";
import { emptyCounts, scanLines, scanTail, type ScanCounts } from "./scan-lines.js";
import type { LinePeek } from "./line-head.js";

/** What a replay read. `files` are the day file names, oldest first. */
export interface ReplayResult {
  readonly files: string[];
  readonly records: number;
  /** Files whose last line was torn (no newline, not a valid record): skipped. */
  readonly tornTail: number;
  /** Lines that were not JSON or not a valid envelope: skipped. */
  readonly corrupt: number;
  /** Highest seq seen (0 when none). */
  readonly maxSeq: number;
  /** Records whose seq was not above the one before it in the same file (replayed anyway; worth a warning). */
  readonly nonMonotonic: number;
}

export interface ReadOptions extends DayRange {
  /**
   * Where to start each day file, in bytes (`YYYY-MM-DD` → offset; a missing day starts at 0). Each offset must
   * be a line start (a snapshot's covered size). Torn tails and corrupt lines after it are counted as usual.
   */
  readonly offsets?: Readonly<Record<string, number>>;
  /** Complete lines in the writer's format are first shown to this hook (see LinePeek); the tail is always decoded. */
  readonly peek?: LinePeek;
}

/** Called once per record, in file order; `day` is the file's day (`YYYY-MM-DD`). */
export type ReplayHandler = (record: JournalRecord, day: string) => void;

/** A pull-style reader: iterate it once, then read `result` (complete after the loop ends). */
export interface JournalReader extends Iterable<JournalRecord> {
  readonly result: ReplayResult;
}

const CHUNK_BYTES = 1 << 20;

/** The first `end` bytes as text: UTF-8, decoded as Latin-1 (a plain copy, same text) when every byte is ASCII. */
function textOf(buffer: Buffer, end: number): string {
  return isAscii(buffer.subarray(0, end)) ? buffer.toString("latin1", 0, end) : buffer.toString("utf8", 0, end);
}

/** Reads one file chunk by chunk; each chunk's complete lines are decoded once and scanned. */
class FileScanner {
  private buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private filled = 0;
  private fd: number | undefined;
  private position: number;

  constructor(path: string, offset = 0, private readonly peek?: LinePeek) {
    this.position = offset > 0 && Number.isSafeInteger(offset) ? offset : 0;
    try {
      this.fd = openSync(path, "r");
    } catch (err) {
      // Pruned between listing and reading: nothing to read.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }

  /** Scans the next chunk; returns false once the file is exhausted (and closed). */
  next(counts: ScanCounts, onRecord: (record: JournalRecord) => void): boolean {
    const fd = this.fd;
    if (fd === undefined) return false;
    try {
      for (;;) {
        if (this.filled === this.buffer.length) this.grow();
        const read = readSync(fd, this.buffer, this.filled, this.buffer.length - this.filled, this.position);
        this.position += read;
        if (read === 0) {
          if (this.filled > 0) scanTail(this.buffer.toString("utf8", 0, this.filled), counts, onRecord);
          this.close();
          return false;
        }
        this.filled += read;
        const lastNewline = this.buffer.lastIndexOf(10, this.filled - 1);
        if (lastNewline < 0) continue; // one line longer than the buffer: read on
        scanLines(textOf(this.buffer, lastNewline), counts, onRecord, this.peek);
        this.buffer.copy(this.buffer, 0, lastNewline + 1, this.filled);
        this.filled -= lastNewline + 1;
        return true;
      }
    } catch (err) {
      this.close();
      throw err;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private grow(): void {
    const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
    this.buffer.copy(bigger, 0, 0, this.filled);
    this.buffer = bigger;
  }
}

function offsetOf(options: ReadOptions, day: string): number {
  const offsets = options.offsets;
  return offsets !== undefined && Object.hasOwn(offsets, day) ? (offsets[day] as number) : 0;
}

function toResult(files: string[], counts: ScanCounts): ReplayResult {
  const { fileSeq: _current, ...result } = counts;
  return { files, ...result };
}

/**
 * Replays the journal in `dir` (oldest day first, each file in write order), calling `onRecord` per record.
 * Records are in seq order within a file; across files they are in day order (a record appended with an
 * explicit `ts` of an earlier day sits in that day's file). A missing dir replays nothing.
 */
export function replayJournal(dir: string, onRecord: ReplayHandler, options: ReadOptions = {}): ReplayResult {
  const counts = emptyCounts();
  const files: string[] = [];
  for (const day of listDays(dir, options)) {
    files.push(dayFileName(day));
    counts.fileSeq = 0;
    const scanner = new FileScanner(dayFilePath(dir, day), offsetOf(options, day));
    const handler = (record: JournalRecord): void => onRecord(record, day);
    while (scanner.next(counts, handler));
  }
  return toResult(files, counts);
}

/** Pull-style replay: `for (const r of reader) …; reader.result`. Same order and counting as replayJournal. */
export function readJournal(dir: string, options: ReadOptions = {}): JournalReader {
  const counts = emptyCounts();
  const files: string[] = [];
  return {
    get result(): ReplayResult {
      return toResult([...files], counts);
    },
    *[Symbol.iterator](): Iterator<JournalRecord> {
      const batch: JournalRecord[] = [];
      const push = (record: JournalRecord): void => {
        batch.push(record);
      };
      for (const day of listDays(dir, options)) {
        files.push(dayFileName(day));
        counts.fileSeq = 0;
        const scanner = new FileScanner(dayFilePath(dir, day), offsetOf(options, day), options.peek);
        try {
          let more = true;
          while (more) {
            more = scanner.next(counts, push);
            yield* batch;
            batch.length = 0;
          }
        } finally {
          scanner.close();
        }
      }
    },
  };
}
