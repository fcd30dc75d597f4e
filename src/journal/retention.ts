// Retention: deletes whole day files whose every record is older than the retention window.
import { unlinkSync } from "node:fs";
import { dayFileName, dayFilePath, listDays } from "./day-files.js";
import { dayStartMs, MS_PER_DAY } from "./envelope.js";

export interface PruneOptions {
  /** Keep records younger than this many days. 0 keeps only today's file. Negative or NaN: keep everything. */
  readonly retentionDays: number;
  /** Current time, epoch ms (from the caller's Clock). */
  readonly now: number;
}

/**
 * Removes `YYYY-MM-DD.jsonl` files whose day ended at least `retentionDays` days before `now` (UTC).
 * Today's file and future days are never removed; other files (the lock, anything foreign) are ignored.
 * Returns the removed file names, oldest first.
 */
export function pruneJournal(dir: string, options: PruneOptions): { removed: string[] } {
  const removed: string[] = [];
  if (!(options.retentionDays >= 0) || !Number.isFinite(options.now)) return { removed };
  const cutoff = options.now - options.retentionDays * MS_PER_DAY;
  const todayStart = options.now - (((options.now % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
  for (const day of listDays(dir)) {
    const start = dayStartMs(day);
    if (start >= todayStart || start + MS_PER_DAY > cutoff) continue;
    try {
      unlinkSync(dayFilePath(dir, day));
      removed.push(dayFileName(day));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return { removed };
}
