// A synthetic stats store: `days` days × `callsPerDay` calls spread over `models` models and 24 hours,
// with known totals, written straight as day files (the bench and the query tests use it).
import { writeDayRollup, emptyCell, LATENCY_BUCKETS, type DayRollup, type RollupCell } from "../../src/projections/index.js";

export interface SyntheticStore {
  readonly firstDay: string;
  readonly lastDay: string;
  readonly models: string[];
  /** Totals over the whole store. */
  readonly calls: number;
  readonly errors: number;
  readonly byModel: Record<string, { calls: number; errors: number }>;
}

const MS_PER_DAY = 86_400_000;

export function writeSyntheticStore(statsDir: string, opts: { days?: number; callsPerDay?: number; models?: number; lastDay?: string } = {}): SyntheticStore {
  const days = opts.days ?? 90;
  const callsPerDay = opts.callsPerDay ?? 100_000;
  const modelCount = opts.models ?? 8;
  const last = Date.parse(`${opts.lastDay ?? "2026-03-31"}T00:00:00Z`);
  const models = Array.from({ length: modelCount }, (_, i) => `p${i % 3}/model-${i}`);
  const perCell = Math.floor(callsPerDay / (modelCount * 24));
  const extra = callsPerDay - perCell * modelCount * 24;
  const byModel: SyntheticStore["byModel"] = Object.fromEntries(models.map((m) => [m, { calls: 0, errors: 0 }]));
  let calls = 0;
  let errors = 0;
  for (let d = days - 1; d >= 0; d--) {
    const day = new Date(last - d * MS_PER_DAY).toISOString().slice(0, 10);
    const rollup: DayRollup = { v: 1, day, seq: (days - d) * callsPerDay, models: {} };
    models.forEach((model, mi) => {
      const hours: Record<string, RollupCell> = {};
      for (let h = 0; h < 24; h++) {
        const cell = emptyCell();
        cell.n = perCell + (mi === 0 && h === 0 ? extra : 0);
        const rate = ((mi + h + d) % 7) / 100;
        const e = Math.floor(cell.n * rate);
        cell.e = e;
        if (e > 0) cell.c = { rate_limit: e - Math.floor(e / 3), server_overload: Math.floor(e / 3) };
        for (let i = 0; i < cell.n; i++) cell.h[(i * 7 + h) % (LATENCY_BUCKETS - 2)]! += 1;
        cell.f = Math.floor(e / 2);
        cell.t = cell.n * 100;
        hours[String(h)] = cell;
        byModel[model]!.calls += cell.n;
        byModel[model]!.errors += e;
        calls += cell.n;
        errors += e;
      }
      rollup.models[model] = hours;
    });
    writeDayRollup(statsDir, rollup);
  }
  return { firstDay: new Date(last - (days - 1) * MS_PER_DAY).toISOString().slice(0, 10), lastDay: opts.lastDay ?? "2026-03-31", models, calls, errors, byModel };
}
