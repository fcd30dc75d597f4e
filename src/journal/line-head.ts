// The fixed start of a v1 journal line, read without decoding the rest: `{"v":1,"seq":N,"ts":"<ISO>","type":"<t>"`.
// Lets a reader skip lines it does not need (counted, never decoded); anything of another shape is decoded as usual.
import type { JournalRecord } from "./envelope.js";

const PREFIX = '{"v":1,"seq":';
const TS_KEY = ',"ts":"';
const TYPE_KEY = '","type":"';
const ISO_LENGTH = 24;

export interface LineHead {
  readonly seq: number;
  readonly ts: string;
  readonly type: string;
  /** Index in the line just after the type's closing quote. */
  readonly end: number;
}

/**
 * The envelope of a line as the writer formats it, or undefined for any other shape (an older version, a
 * hand-edited line, a damaged one). Checks the envelope and the closing brace only: a line whose body is damaged
 * in the middle is not seen here, so a reader skips only lines of types it would ignore anyway.
 */
export function peekLineHead(line: string): LineHead | undefined {
  if (!line.startsWith(PREFIX) || line.charCodeAt(line.length - 1) !== 125 /* } */) return undefined;
  let i = PREFIX.length;
  let seq = 0;
  const digitsStart = i;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) seq = seq * 10 + (c - 48);
  if (i === digitsStart || i - digitsStart > 15 || (line.charCodeAt(digitsStart) === 48 && i - digitsStart > 1)) return undefined;
  if (!line.startsWith(TS_KEY, i)) return undefined;
  const tsStart = i + TS_KEY.length;
  const ts = line.slice(tsStart, tsStart + ISO_LENGTH);
  if (ts.charCodeAt(ISO_LENGTH - 1) !== 90 /* Z */ || ts.indexOf('"') >= 0 || ts.indexOf("\\") >= 0) return undefined;
  const typeStart = tsStart + ISO_LENGTH + TYPE_KEY.length;
  if (!line.startsWith(TYPE_KEY, tsStart + ISO_LENGTH)) return undefined;
  const typeEnd = line.indexOf('"', typeStart);
  if (typeEnd < 0) return undefined;
  const type = line.slice(typeStart, typeEnd);
  if (type.indexOf("\\") >= 0) return undefined;
  return { seq, ts, type, end: typeEnd + 1 };
}

/**
 * A reader's hook: given a line and its head, a record to use instead of decoding it, `null` to skip the line
 * (still counted as a record), or undefined to decode it as usual.
 */
export type LinePeek = (line: string, head: LineHead) => JournalRecord | null | undefined;
