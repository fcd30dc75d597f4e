// Upcasting on read: old envelope versions are lifted step by step to the current one, then checked minimally.
import { JOURNAL_VERSION, type JournalRecord } from "./envelope.js";

type RawRecord = Record<string, unknown> & { v: number };

/**
 * `UPCASTERS[n]` turns a version-n record into a version-(n+1) record. Empty while v1 is the only version;
 * when v2 arrives, add `1: (r) => ({ ...r, v: 2, ...renamed fields })` and bump JOURNAL_VERSION.
 */
const UPCASTERS: Readonly<Record<number, (record: RawRecord) => RawRecord>> = {};

/**
 * Returns the record as a current-version {@link JournalRecord}, or undefined when it is not a valid envelope
 * (not an object, unknown or future version, seq not an integer, ts or type not a string).
 * For v1 input this is the identity (same object, no copy).
 */
export function upcast(value: unknown): JournalRecord | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  let record = value as RawRecord;
  while (record.v !== JOURNAL_VERSION) {
    const step = typeof record.v === "number" ? UPCASTERS[record.v] : undefined;
    if (step === undefined) return undefined;
    record = step(record);
  }
  if (!Number.isInteger(record.seq) || typeof record.ts !== "string" || typeof record.type !== "string") {
    return undefined;
  }
  return record as unknown as JournalRecord;
}

/** Parses one line (without its newline) into a record, or undefined when it is not JSON or not an envelope. */
export function parseRecord(line: string): JournalRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return upcast(value);
}
