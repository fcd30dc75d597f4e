// The stats store: one compact JSON file per UTC day under `<stateDir>/stats/`, written atomically.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { emptyCell, mergeCell, normalizeCell, type RollupCell } from "./rollup-cell.js";
import type { DayRollup } from "./rollup-fold.js";

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;
const MS_PER_DAY = 86_400_000;

export function statsDirOf(stateDir: string): string {
  return join(stateDir, "stats");
}

/** The days that have a stats file, oldest first (a missing dir has none). */
export function listStatsDays(statsDir: string, range: { from?: string; to?: string } = {}): string[] {
  let names: string[];
  try {
    names = readdirSync(statsDir);
  } catch {
    return [];
  }
  const days: string[] = [];
  for (const name of names) {
    const day = DAY_FILE.exec(name)?.[1];
    if (day === undefined) continue;
    if (range.from !== undefined && day < range.from) continue;
    if (range.to !== undefined && day > range.to) continue;
    days.push(day);
  }
  return days.sort();
}

/**
 * A day file has two lines: a header `{v, day, seq, totals: {model: cell}}` (whole-day cells per model) and the
 * hour cells `{model: {hour: cell}}`. A query over whole days reads only the header.
 */
function readLines(statsDir: string, day: string): [string, string] | undefined {
  let text: string;
  try {
    text = readFileSync(join(statsDir, `${day}.json`), "utf8");
  } catch {
    return undefined;
  }
  const nl = text.indexOf("\n");
  return nl < 0 ? [text, ""] : [text.slice(0, nl), text.slice(nl + 1)];
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const raw = JSON.parse(text) as unknown;
    return raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One day's whole-day cells per model (cells as stored: missing fields are zero). */
export interface DaySummary {
  readonly day: string;
  readonly seq: number;
  readonly totals: Readonly<Record<string, Partial<RollupCell>>>;
}

export function readDaySummary(statsDir: string, day: string): DaySummary | undefined {
  const lines = readLines(statsDir, day);
  const head = lines && parseObject(lines[0]);
  if (!head || !head.totals || typeof head.totals !== "object") return undefined;
  return { day, seq: typeof head.seq === "number" ? head.seq : 0, totals: head.totals as Record<string, Partial<RollupCell>> };
}

/** One day's hour cells as stored (not normalised: merge them with mergeCell), for queries. */
export function readDayHours(statsDir: string, day: string): Record<string, Record<string, Partial<RollupCell>>> | undefined {
  const lines = readLines(statsDir, day);
  return lines ? (parseObject(lines[1]) as Record<string, Record<string, Partial<RollupCell>>> | undefined) : undefined;
}

/** Reads one day file; undefined when missing or unreadable (a broken file is rebuilt from the journal). */
export function readDayRollup(statsDir: string, day: string): DayRollup | undefined {
  const lines = readLines(statsDir, day);
  if (!lines) return undefined;
  const head = parseObject(lines[0]);
  const body = parseObject(lines[1]);
  if (!head || !body) return undefined;
  const out: DayRollup = { v: 1, day, seq: typeof head.seq === "number" ? head.seq : 0, models: {} };
  for (const [model, hours] of Object.entries(body)) {
    if (!hours || typeof hours !== "object") continue;
    const cells: Record<string, RollupCell> = {};
    for (const [hour, cell] of Object.entries(hours as Record<string, unknown>)) cells[hour] = normalizeCell(cell);
    out.models[model] = cells;
  }
  return out;
}

/** Cells are written without empty parts, so a quiet hour costs a few bytes. */
function compact(cell: RollupCell): Partial<RollupCell> {
  const out: Partial<RollupCell> = {};
  if (cell.n) out.n = cell.n;
  if (cell.e) out.e = cell.e;
  if (Object.keys(cell.c).length > 0) out.c = cell.c;
  if (cell.h.some((v) => v > 0)) {
    let end = cell.h.length;
    while (end > 0 && cell.h[end - 1] === 0) end--;
    out.h = cell.h.slice(0, end);
  }
  if (cell.f) out.f = cell.f;
  if (cell.cd) out.cd = cell.cd;
  if (cell.r) out.r = cell.r;
  if (cell.t) out.t = cell.t;
  return out;
}

export function writeDayRollup(statsDir: string, day: DayRollup): void {
  const models: Record<string, Record<string, Partial<RollupCell>>> = {};
  const totals: Record<string, Partial<RollupCell>> = {};
  for (const [model, hours] of Object.entries(day.models)) {
    const cells: Record<string, Partial<RollupCell>> = {};
    const total = emptyCell();
    for (const [hour, cell] of Object.entries(hours)) {
      cells[hour] = compact(cell);
      mergeCell(total, cell);
    }
    models[model] = cells;
    totals[model] = compact(total);
  }
  const head = JSON.stringify({ v: 1, day: day.day, seq: day.seq, totals });
  writeFileAtomic(join(statsDir, `${day.day}.json`), `${head}\n${JSON.stringify(models)}\n`);
}

/** Removes day files whose day ended `retentionDays` or more days before `now` (today's file is kept). */
export function pruneStats(statsDir: string, retentionDays: number, now: number): string[] {
  if (!(retentionDays >= 0) || !Number.isFinite(now)) return [];
  const cutoff = new Date(now - retentionDays * MS_PER_DAY).toISOString().slice(0, 10);
  const removed: string[] = [];
  for (const day of listStatsDays(statsDir)) {
    if (day >= cutoff) continue;
    rmSync(join(statsDir, `${day}.json`), { force: true });
    removed.push(day);
  }
  return removed;
}

/** Deletes every day file (before a rebuild). */
export function clearStats(statsDir: string): void {
  for (const day of listStatsDays(statsDir)) rmSync(join(statsDir, `${day}.json`), { force: true });
}
