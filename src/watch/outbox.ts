// The watchdog's records on their way into the journal: one file per batch in `<stateDir>/watch/outbox/`, written
// atomically (tmp + fsync + rename), moved into the journal by whichever process holds the journal lock.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { watchDir } from "./watch-state.js";

/** Every record the watchdog writes carries this, so the timeline tells its records from the plugin's. */
export const WATCH_SOURCE = "watch";

export interface OutboxEntry {
  readonly type: string;
  /** The record's own time, epoch ms. */
  readonly ts: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

export function outboxDir(stateDir: string): string {
  return join(watchDir(stateDir), "outbox");
}

let counter = 0;

/** Writes one batch durably; returns its file. Throws on IO errors (the caller logs them). */
export function writeOutbox(stateDir: string, entries: readonly OutboxEntry[]): string {
  const dir = outboxDir(stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const first = entries[0]?.ts ?? 0;
  const name = `${String(Math.max(0, Math.floor(first))).padStart(15, "0")}-${process.pid}-${String(counter++).padStart(6, "0")}`;
  const tmp = join(dir, `${name}.tmp`);
  const file = join(dir, `${name}.jsonl`);
  const text = entries.map((e) => JSON.stringify({ type: e.type, ts: e.ts, fields: { ...e.fields, source: WATCH_SOURCE } })).join("\n");
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, `${text}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return file;
}

function parseLine(line: string): OutboxEntry | undefined {
  try {
    const v = JSON.parse(line) as { type?: unknown; ts?: unknown; fields?: unknown };
    if (typeof v.type !== "string" || typeof v.ts !== "number" || !Number.isFinite(v.ts)) return undefined;
    const fields = v.fields && typeof v.fields === "object" && !Array.isArray(v.fields) ? (v.fields as Record<string, unknown>) : {};
    return { type: v.type, ts: v.ts, fields: { ...fields, source: WATCH_SOURCE } };
  } catch {
    return undefined;
  }
}

export interface DrainResult {
  readonly files: number;
  readonly records: number;
  /** Lines that were not records: skipped and counted. */
  readonly corrupt: number;
}

/**
 * Moves every complete batch, oldest first, into `append` (which must write durably and return false when it could
 * not); a batch is removed only after it was appended. A crash in between appends that batch once more (at least once).
 */
export function drainOutbox(stateDir: string, append: (entries: readonly OutboxEntry[]) => boolean): DrainResult {
  const dir = outboxDir(stateDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort();
  } catch {
    return { files: 0, records: 0, corrupt: 0 };
  }
  let files = 0;
  let records = 0;
  let corrupt = 0;
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const entries: OutboxEntry[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      const entry = parseLine(line);
      if (entry) entries.push(entry);
      else corrupt++;
    }
    if (entries.length > 0 && !append(entries)) break;
    rmSync(file, { force: true });
    files++;
    records += entries.length;
  }
  return { files, records, corrupt };
}

/** Batches still waiting (for `--once --json` and tests). */
export function pendingOutbox(stateDir: string): number {
  try {
    return readdirSync(outboxDir(stateDir)).filter((n) => n.endsWith(".jsonl")).length;
  } catch {
    return 0;
  }
}
