// The journal envelope: `{"v":1,"seq":N,"ts":"<ISO>","type":"<dotted.name>", ...fields}`, one JSON line per record.

/** Schema version written by this code. Older versions are upcast on read (see upcast.ts). */
export const JOURNAL_VERSION = 1;

/** A decoded journal record: the envelope keys plus the record's own fields. */
export interface JournalRecord {
  readonly v: number;
  readonly seq: number;
  readonly ts: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Every line starts with this; the seq follows, then the body from {@link encodeBody}. */
export const LINE_PREFIX = `{"v":${JOURNAL_VERSION},"seq":`;

/** Largest epoch ms whose ISO form still has a 4-digit year (so its day key is `YYYY-MM-DD`). */
export const MAX_TS_MS = 253_402_300_799_999;

export const MS_PER_DAY = 86_400_000;
const RESERVED = ["v", "seq", "ts", "type"] as const;
const typeFragments = new Map<string, string>();
const TYPE_CACHE_LIMIT = 512;

/** True when `ts` can be written (finite, year 1970..9999). */
export function isWritableTs(ts: number): boolean {
  return Number.isFinite(ts) && ts >= 0 && ts <= MAX_TS_MS;
}

let cachedSecond = Number.NaN;
let cachedSecondIso = "";

/**
 * ISO-8601 of an epoch-ms time, same as `new Date(ts).toISOString()` for writable times. Records come in
 * bursts within the same second, so the `YYYY-MM-DDTHH:MM:SS.` part is computed once per second.
 */
export function isoOf(time: number): string {
  const ts = Math.floor(time);
  const ms = ts % 1000;
  const second = ts - ms;
  if (second !== cachedSecond) {
    cachedSecondIso = new Date(second).toISOString().slice(0, 20);
    cachedSecond = second;
  }
  return `${cachedSecondIso}${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`;
}

/** The UTC day key (`YYYY-MM-DD`) of an epoch-ms time; also the journal file's base name. */
export function dayKey(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00:00Z of a `YYYY-MM-DD` day key, or NaN when it is not a real date. */
export function dayStartMs(day: string): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isFinite(ms) && dayKey(ms) === day ? ms : Number.NaN;
}

/** `,"type":"x"` — cached, because a process uses a few dozen types over and over. */
function typeFragment(type: string): string {
  let fragment = typeFragments.get(type);
  if (fragment === undefined) {
    fragment = `,"type":${JSON.stringify(type)}`;
    if (typeFragments.size < TYPE_CACHE_LIMIT) typeFragments.set(type, fragment);
  }
  return fragment;
}

/** The fields as a JSON object body (`,"a":1}` or `}`), with envelope keys removed. Throws when unserialisable. */
function fieldsFragment(fields: Readonly<Record<string, unknown>>): string {
  let source: Readonly<Record<string, unknown>> = fields;
  if (
    Object.hasOwn(fields, "v") ||
    Object.hasOwn(fields, "seq") ||
    Object.hasOwn(fields, "ts") ||
    Object.hasOwn(fields, "type")
  ) {
    const copy: Record<string, unknown> = { ...fields };
    for (const key of RESERVED) delete copy[key];
    source = copy;
  }
  const json = JSON.stringify(source) as string | undefined;
  if (json === undefined) return "}";
  if (json.charCodeAt(0) !== 123 /* { */) return `,"value":${json}}`;
  return json.length === 2 ? "}" : `,${json.slice(1)}`;
}

/**
 * Everything after the seq: `,"ts":"…","type":"…",…}\n`. Keeping the seq out lets the writer renumber
 * records it buffered while it was not the writer. Never throws: unserialisable fields (cycles, BigInt)
 * are replaced by an `unserializable` field holding the error message, so the record and its seq survive.
 */
export function encodeBody(iso: string, type: string, fields: Readonly<Record<string, unknown>>): string {
  let rest: string;
  try {
    rest = fieldsFragment(fields);
  } catch (err) {
    rest = `,"unserializable":${JSON.stringify(err instanceof Error ? err.message : String(err))}}`;
  }
  return `,"ts":"${iso}"${typeFragment(type)}${rest}\n`;
}

/** A complete journal line (with trailing newline). */
export function encodeRecord(
  seq: number,
  ts: number,
  type: string,
  fields: Readonly<Record<string, unknown>> = {},
): string {
  return LINE_PREFIX + seq + encodeBody(isoOf(ts), type, fields);
}
