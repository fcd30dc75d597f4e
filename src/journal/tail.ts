// Reads a day file backwards to find its last valid record and whether it ends in a torn (partial) line.
import { readSync } from "node:fs";
import { parseRecord } from "./upcast.js";

export interface TailInfo {
  /** Seq of the last valid record in the file (0 when none). */
  readonly lastSeq: number;
  /**
   * Highest seq among the last valid records (up to {@link MAX_SEQ_WINDOW_LINES} lines before the last one): a
   * damaged last record whose seq went backwards must not make the next writer reuse seqs.
   */
  readonly maxSeq: number;
  /** Bytes after the last newline that are not a valid record: a torn write (0 when the file is clean). */
  readonly tornBytes: number;
  /** The last line is a valid record that only lacks its newline. */
  readonly missingNewline: boolean;
}

const CHUNK_BYTES = 16 * 1024;
/** How many lines before the last valid record are checked for a higher seq (and at most this many bytes). */
export const MAX_SEQ_WINDOW_LINES = 256;
const MAX_SEQ_WINDOW_BYTES = 256 * 1024;
const NEWLINE = 10;

/**
 * Yields the file's lines from the end: first the unterminated tail after the last newline (possibly empty),
 * then each complete line (without its newline), last to first.
 */
function* linesBackward(fd: number, size: number): Generator<Buffer> {
  let position = size;
  let carry: Buffer = Buffer.alloc(0);
  while (position > 0) {
    const length = Math.min(CHUNK_BYTES, position);
    position -= length;
    const chunk = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, chunk, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    const data = carry.length > 0 ? Buffer.concat([chunk.subarray(0, got), carry]) : chunk.subarray(0, got);
    let end = data.length;
    let newline = end > 0 ? data.lastIndexOf(NEWLINE, end - 1) : -1;
    while (newline >= 0) {
      yield data.subarray(newline + 1, end);
      end = newline;
      newline = end > 0 ? data.lastIndexOf(NEWLINE, end - 1) : -1;
    }
    carry = Buffer.from(data.subarray(0, end));
  }
  yield carry;
}

/** Inspects the end of an open file of `size` bytes (read with positional reads; the fd's offset is untouched). */
export function inspectTail(fd: number, size: number): TailInfo {
  let first = true;
  let tornBytes = 0;
  let last: { lastSeq: number; missingNewline: boolean } | undefined;
  let maxSeq = 0;
  let lines = 0;
  let bytes = 0;
  for (const line of linesBackward(fd, size)) {
    const isTail = first;
    first = false;
    if (line.length === 0) continue;
    if (last !== undefined) {
      // Past the last record: only looking for a higher seq, within the window.
      if (++lines > MAX_SEQ_WINDOW_LINES || (bytes += line.length) > MAX_SEQ_WINDOW_BYTES) break;
      const seq = seqOf(line);
      if (seq > maxSeq) maxSeq = seq;
      continue;
    }
    const record = parseRecord(line.toString("utf8"));
    if (record !== undefined) {
      last = { lastSeq: record.seq, missingNewline: isTail };
      maxSeq = record.seq;
      continue;
    }
    if (isTail) tornBytes = line.length;
  }
  return last ? { ...last, maxSeq, tornBytes } : { lastSeq: 0, maxSeq: 0, tornBytes, missingNewline: false };
}

/** The seq of a line that parses as a record, else 0. */
function seqOf(line: Buffer): number {
  return parseRecord(line.toString("utf8"))?.seq ?? 0;
}
