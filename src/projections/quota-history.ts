// Usage a quota window already holds, read from the hourly rollups (so a restart does not reset a budget).
import { readDayHours } from "./rollup-store.js";
import type { QuotaHistory } from "./quota-watch.js";
import { budgetCovers } from "./quota-window.js";

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Reads `<statsDir>/<day>.json` hour cells; `beforeRead` lets the caller flush pending rollups first. */
export function quotaHistoryFrom(statsDir: string, beforeRead?: () => void): QuotaHistory {
  return function* history(pattern, fromMs, toMs) {
    beforeRead?.();
    for (let dayStart = fromMs - (fromMs % DAY); dayStart <= toMs; dayStart += DAY) {
      const day = new Date(dayStart).toISOString().slice(0, 10);
      const models = readDayHours(statsDir, day);
      if (!models) continue;
      const hours = new Map<number, { requests: number; tokens: number }>();
      for (const [model, cells] of Object.entries(models)) {
        if (!budgetCovers(pattern, model) || !cells || typeof cells !== "object") continue;
        for (const [h, cell] of Object.entries(cells)) {
          const hour = dayStart + Number(h) * HOUR;
          if (!Number.isInteger(Number(h)) || hour < fromMs || hour > toMs) continue;
          const sum = hours.get(hour) ?? { requests: 0, tokens: 0 };
          sum.requests += typeof cell?.n === "number" ? cell.n : 0;
          sum.tokens += typeof cell?.t === "number" ? cell.t : 0;
          hours.set(hour, sum);
        }
      }
      for (const [hour, sum] of hours) yield { hour, ...sum };
    }
  };
}
