// What part of the journal a snapshot covers: the byte size of every day file at that moment, and the check that
// those bytes are still there (so a reader can start each file where the snapshot ended).
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { dayFilePath, listDays } from "./day-files.js";
import { inspectTail } from "./tail.js";

/** Day (`YYYY-MM-DD`) → bytes of its file covered. */
export type JournalCoverage = Record<string, number>;

/** What a snapshot records per day file: bytes covered, and the seq of the last record in them (0: none). */
export interface CoveredFiles {
  readonly bytes: JournalCoverage;
  readonly lastSeqs: Record<string, number>;
}

/** The current size and last record of every day file in `dir` (call after a synchronous flush). */
export function coverageOf(dir: string): CoveredFiles {
  const bytes: JournalCoverage = {};
  const lastSeqs: Record<string, number> = {};
  for (const day of listDays(dir)) {
    let fd: number;
    try {
      fd = openSync(dayFilePath(dir, day), "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    try {
      const size = fstatSync(fd).size;
      bytes[day] = size;
      lastSeqs[day] = size > 0 ? inspectTail(fd, size).lastSeq : 0;
    } finally {
      closeSync(fd);
    }
  }
  return { bytes, lastSeqs };
}

export type CoverageCheck = { readonly ok: true; readonly offsets: JournalCoverage } | { readonly ok: false; readonly why: string };

/**
 * Whether `covered` still describes a prefix of the journal in `dir`: every listed file is at least as long as
 * recorded and the byte before each offset ends a line. A listed day that is gone was removed by retention and
 * is fine, except the newest one (retention never removes the current day: something else did). With `lastSeqs`, the
 * last record before each offset must also be the one the snapshot saw (a replaced file is refused). Days not listed
 * (newer days, or an older day first written after the snapshot) are read whole. Never throws.
 */
export function checkCoverage(dir: string, covered: Readonly<JournalCoverage>, lastSeqs?: Readonly<Record<string, number>>): CoverageCheck {
  const days = Object.keys(covered).sort();
  const newest = days[days.length - 1];
  const offsets: JournalCoverage = {};
  for (const day of days) {
    const bytes = covered[day];
    if (typeof bytes !== "number" || !Number.isSafeInteger(bytes) || bytes < 0) return { ok: false, why: `bad size for ${day}` };
    const path = dayFilePath(dir, day);
    let size: number;
    try {
      size = statSync(path).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT" && day !== newest) continue;
      return { ok: false, why: `${day}.jsonl is missing` };
    }
    if (size < bytes) return { ok: false, why: `${day}.jsonl is shorter (${size} bytes) than the snapshot covers (${bytes})` };
    if (bytes > 0 && !endsLineAt(path, bytes)) return { ok: false, why: `${day}.jsonl has no line end at byte ${bytes}` };
    const expected = lastSeqs?.[day];
    if (expected !== undefined && bytes > 0) {
      const found = lastSeqBefore(path, bytes);
      if (found !== expected) return { ok: false, why: `${day}.jsonl was rewritten (seq ${found} before byte ${bytes}, the snapshot saw ${expected})` };
    }
    offsets[day] = bytes;
  }
  return { ok: true, offsets };
}

function lastSeqBefore(path: string, bytes: number): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    return inspectTail(fd, bytes).lastSeq;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function endsLineAt(path: string, bytes: number): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const one = Buffer.alloc(1);
    return readSync(fd, one, 0, 1, bytes - 1) === 1 && one[0] === 10;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

