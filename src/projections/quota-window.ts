// Quota windows: where the window holding a given time starts and ends (UTC). Pure.
import type { QuotaBudget } from "../config/types.js";

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface WindowSpan {
  /** Inclusive start, epoch ms (always on a whole hour). */
  readonly start: number;
  /** Exclusive end, epoch ms: the reset of a fixed window; for a rolling window, when its oldest hour drops out. */
  readonly end: number;
}

export type WindowSpec = Pick<QuotaBudget, "window" | "rollingHours" | "resetHourUtc">;

function hourStart(ms: number): number {
  return ms - (((ms % HOUR) + HOUR) % HOUR);
}

/** The window of `spec` that contains `ms`. Day/week (Monday)/month windows reset at `resetHourUtc`. */
export function windowAt(spec: WindowSpec, ms: number): WindowSpan {
  const offset = spec.resetHourUtc * HOUR;
  const shifted = ms - offset;
  switch (spec.window) {
    case "rolling": {
      const hours = Math.max(1, spec.rollingHours);
      const current = hourStart(ms);
      return { start: current - (hours - 1) * HOUR, end: current + HOUR };
    }
    case "day": {
      const start = Math.floor(shifted / DAY) * DAY + offset;
      return { start, end: start + DAY };
    }
    case "week": {
      const day = Math.floor(shifted / DAY);
      const monday = day - ((day + 3) % 7 + 7) % 7; // 1970-01-01 was a Thursday
      const start = monday * DAY + offset;
      return { start, end: start + 7 * DAY };
    }
    case "month": {
      const d = new Date(shifted);
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) + offset;
      const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) + offset;
      return { start, end };
    }
  }
}

/** Whether a budget's model pattern (`provider/model` or `provider/*`) covers `model`. */
export function budgetCovers(pattern: string, model: string): boolean {
  if (pattern.endsWith("/*")) return model.startsWith(pattern.slice(0, -1));
  return pattern === model;
}

/** Short human form of a window ("day", "5 h rolling"). */
export function describeWindow(spec: WindowSpec): string {
  if (spec.window === "rolling") return `${spec.rollingHours} h rolling`;
  return spec.resetHourUtc === 0 ? spec.window : `${spec.window} (resets ${String(spec.resetHourUtc).padStart(2, "0")}:00 UTC)`;
}
