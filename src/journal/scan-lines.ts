// Line scanning shared by the file reader and in-memory journals: complete lines, then an unterminated tail.
import type { JournalRecord } from "./envelope.js";
import { parseRecord } from "./upcast.js";
import { peekLineHead, type LinePeek } from "./line-head.js";

/** What a scan found. `tornTail`: unterminated last lines that were not a valid record (skipped). */
export interface ScanCounts {
  records: number;
  tornTail: number;
  corrupt: number;
  maxSeq: number;
  /** Records whose seq was not above the previous record's in the same file (a damaged or hand-edited journal). */
  nonMonotonic: number;
  /** The previous record's seq in the file being scanned (0 at a file's start). */
  fileSeq: number;
}

export type RecordHandler = (record: JournalRecord) => void;

export function emptyCounts(): ScanCounts {
  return { records: 0, tornTail: 0, corrupt: 0, maxSeq: 0, nonMonotonic: 0, fileSeq: 0 };
}

/**
 * Scans newline-terminated lines of `text` (a trailing part without newline is treated as a line too, so
 * pass only complete lines). Blank lines are ignored; lines that are not a valid envelope count as corrupt.
 */
export function scanLines(text: string, counts: ScanCounts, onRecord: RecordHandler, peek?: LinePeek): void {
  const length = text.length;
  let start = 0;
  while (start < length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = length;
    if (end > start) {
      const line = text.slice(start, end);
      const head = peek ? peekLineHead(line) : undefined;
      const peeked = head ? (peek as LinePeek)(line, head) : undefined;
      if (peeked === null) {
        count(counts, (head as { seq: number }).seq);
        start = end + 1;
        continue;
      }
      const record = peeked ?? parseRecord(line);
      if (record === undefined) {
        counts.corrupt++;
      } else {
        count(counts, record.seq);
        onRecord(record);
      }
    }
    start = end + 1;
  }
}

/**
 * The unterminated end of a file. A valid record whose newline is missing is kept; anything else is a torn
 * write: skipped and counted, never fatal.
 */
export function scanTail(fragment: string, counts: ScanCounts, onRecord: RecordHandler): void {
  if (fragment.length === 0) return;
  const record = parseRecord(fragment);
  if (record === undefined) {
    counts.tornTail++;
    return;
  }
  count(counts, record.seq);
  onRecord(record);
}

function count(counts: ScanCounts, seq: number): void {
  counts.records++;
  if (seq > counts.maxSeq) counts.maxSeq = seq;
  if (seq <= counts.fileSeq) counts.nonMonotonic++;
  counts.fileSeq = seq;
}

/** Scans one file's whole text (complete lines, then its unterminated tail). */
export function scanText(text: string, counts: ScanCounts, onRecord: RecordHandler): void {
  const lastNewline = text.lastIndexOf("\n");
  scanLines(text.slice(0, lastNewline + 1), counts, onRecord);
  scanTail(text.slice(lastNewline + 1), counts, onRecord);
}
