// Reads a whole journal dir the way replay does, and an fsync'ed JSONL ledger written by a child.
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync } from "node:fs";
import { readJournal, type JournalRecord, type ReplayResult } from "../../../src/journal/index.js";

export function readAll(dir: string): { records: JournalRecord[]; result: ReplayResult } {
  const reader = readJournal(dir);
  const records = [...reader];
  return { records, result: reader.result };
}

export interface LedgerEntry {
  readonly ref: number;
  readonly action: string;
  readonly target: string;
  readonly run: string;
  readonly pid: number;
  readonly at: number;
  readonly key?: string;
}

/**
 * The complete lines of a ledger. A line torn by a kill is cut off (so later appends stay line-aligned)
 * and counted: that effect was cut short before it was recorded.
 */
export function readLedger(file: string): { entries: LedgerEntry[]; torn: number } {
  if (!existsSync(file)) return { entries: [], torn: 0 };
  const text = readFileSync(file, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  let torn = 0;
  if (end < text.length) {
    torn = 1;
    const fd = openSync(file, "r+");
    try {
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
    } finally {
      closeSync(fd);
    }
  }
  const entries = text
    .slice(0, end)
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as LedgerEntry);
  return { entries, torn };
}
