// Early warning: a model's error rate over a sliding window reaches a threshold → one warning alert, re-armed once
// the rate falls below half the threshold. Pure: time comes from the records; per-minute buckets bound the memory.
import type { Effect } from "../domain/effects.js";
import type { RollupRecord } from "./rollup-fold.js";

export interface ErrorRateWatchOptions {
  /** 0..1; 0 disables the watch. */
  readonly threshold: () => number;
  readonly windowMinutes: () => number;
  /** Fewer calls than this in the window never warn (one failure out of two calls is not a trend). */
  readonly minCalls: () => number;
}

const MINUTE = 60_000;
const MAX_MODELS = 200;

interface ModelWindow {
  /** minute index → [calls, errors] */
  readonly minutes: Map<number, [number, number]>;
  calls: number;
  errors: number;
  warned: boolean;
}

export class ErrorRateWatch {
  private readonly models = new Map<string, ModelWindow>();

  constructor(private readonly opts: ErrorRateWatchOptions) {}

  /** Folds one record; returns the warning to raise, if this record made the model cross the threshold. */
  observe(rec: RollupRecord): Effect | undefined {
    const threshold = this.opts.threshold();
    if (rec.type !== "call" || !(threshold > 0)) return undefined;
    const f = rec.fields;
    if (typeof f.model !== "string" || f.probe === true) return undefined;
    const category = typeof f.errorType === "string" ? f.errorType : undefined;
    const failed = !(f.ok === true || (f.ok === undefined && category === undefined)) && category !== "aborted";
    const w = this.window(f.model);
    if (!w) return undefined;
    const minute = Math.floor(rec.ts / MINUTE);
    this.expire(w, minute);
    const slot = w.minutes.get(minute) ?? [0, 0];
    slot[0]++;
    if (failed) slot[1]++;
    w.minutes.set(minute, slot);
    w.calls++;
    if (failed) w.errors++;
    const rate = w.errors / w.calls;
    if (w.warned) {
      if (rate < threshold / 2) w.warned = false;
      return undefined;
    }
    if (w.calls < this.opts.minCalls() || rate < threshold) return undefined;
    w.warned = true;
    return warningAlert(f.model, rate, w.calls, w.errors, this.opts.windowMinutes(), category);
  }

  private window(model: string): ModelWindow | undefined {
    let w = this.models.get(model);
    if (!w) {
      if (this.models.size >= MAX_MODELS) return undefined;
      w = { minutes: new Map(), calls: 0, errors: 0, warned: false };
      this.models.set(model, w);
    }
    return w;
  }

  private expire(w: ModelWindow, minute: number): void {
    const oldest = minute - Math.max(1, this.opts.windowMinutes()) + 1;
    for (const [m, [calls, errors]] of w.minutes) {
      if (m >= oldest) continue;
      w.minutes.delete(m);
      w.calls -= calls;
      w.errors -= errors;
    }
  }
}

export function warningAlert(model: string, rate: number, calls: number, errors: number, windowMinutes: number, lastCategory?: string): Effect {
  const pct = `${(rate * 100).toFixed(0)}%`;
  return {
    action: "alert",
    target: "owner",
    reason: `error rate ${pct} over ${windowMinutes}m`,
    params: {
      severity: "warning",
      key: `error-rate|${model}`,
      title: `[self-heal] warning: ${model} is failing ${pct} of calls`,
      lines: [`${errors} of the last ${calls} calls to ${model} failed in ${windowMinutes} min${lastCategory ? ` (latest: ${lastCategory})` : ""}.`, "Nothing is routed around yet unless the model's own cooldown trips; this is an early warning."],
      model,
    },
  };
}
