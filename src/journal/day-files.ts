// Naming and listing of the per-UTC-day journal files (`YYYY-MM-DD.jsonl`).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { dayStartMs } from "./envelope.js";

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** `2026-02-12` → `2026-02-12.jsonl`. */
export function dayFileName(day: string): string {
  return `${day}.jsonl`;
}

export function dayFilePath(dir: string, day: string): string {
  return join(dir, dayFileName(day));
}

/** The day of a journal file name, or undefined for anything else (lock, tmp files, bad dates). */
export function dayOfFileName(name: string): string | undefined {
  const match = DAY_FILE.exec(name);
  const day = match?.[1];
  return day !== undefined && Number.isFinite(dayStartMs(day)) ? day : undefined;
}

export interface DayRange {
  /** First day to include, `YYYY-MM-DD` (inclusive). */
  readonly from?: string;
  /** Last day to include, `YYYY-MM-DD` (inclusive). */
  readonly to?: string;
}

/**
 * The journal's days, oldest first, within `range`. A missing journal dir (ENOENT, ENOTDIR) has no days;
 * other errors are thrown.
 */
export function listDays(dir: string, range: DayRange = {}): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw err;
  }
  const days: string[] = [];
  for (const name of names) {
    const day = dayOfFileName(name);
    if (day === undefined) continue;
    if (range.from !== undefined && day < range.from) continue;
    if (range.to !== undefined && day > range.to) continue;
    days.push(day);
  }
  return days.sort();
}
