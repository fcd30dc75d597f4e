// stats.query_90d: one stats query over 90 days of rollups (synthetic store: 100,000 calls/day over `models` models,
// every hour of every day populated), as `self-heal stats` answers it from <stateDir>/stats/.
// Usage: node bench/stats.mjs [models=30] [suffix=""]
import { dist, emit, percentile, tempDir } from "./lib.mjs";

const modelsN = Number(process.argv[2] ?? 30);
const suffix = process.argv[3] ? `@${process.argv[3]}` : "";
const name = `stats.query_90d.ms${suffix}`;

let api;
try {
  const cell = await dist("src/projections/rollup-cell.js");
  const store = await dist("src/projections/rollup-store.js");
  const query = await dist("src/projections/stats-query.js");
  if (typeof store.writeDayRollup !== "function" || typeof query.queryStats !== "function" || typeof cell.emptyCell !== "function") throw new Error("rollup API incomplete");
  api = { ...cell, ...store, ...query };
} catch (error) {
  emit(name, null, "ms", { target: 50, note: `rollups (issue 7) not available in this build: ${String(error.message ?? error).split("\n")[0].slice(0, 160)}` });
  process.exit(0);
}

try {
  const DAYS = 90;
  const CALLS_PER_DAY = 100_000;
  const statsDir = tempDir("stats");
  const end = Date.parse("2026-11-21T00:00:00.000Z");
  const start = end - DAYS * 86_400_000;
  const models = Array.from({ length: modelsN }, (_, i) => `prov${i % 7}/model-${i}`);
  const perCell = Math.max(1, Math.round(CALLS_PER_DAY / (modelsN * 24)));
  let seq = 0;
  for (let d = 0; d < DAYS; d++) {
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    const rollup = { v: 1, day, seq: 0, models: {} };
    for (const [mi, model] of models.entries()) {
      const hours = {};
      for (let h = 0; h < 24; h++) {
        const c = api.emptyCell();
        c.n = perCell;
        c.e = (d + h + mi) % 17 === 0 ? Math.round(perCell * 0.3) : Math.round(perCell * 0.01);
        c.c = c.e > 0 ? { server_overload: Math.ceil(c.e / 2), timeout: Math.floor(c.e / 2) } : {};
        const spread = [0.02, 0.08, 0.2, 0.3, 0.2, 0.1, 0.06, 0.02, 0.01, 0.005, 0.003, 0.002, 0];
        c.h = spread.map((p) => Math.round(p * perCell));
        c.f = Math.round(c.e * 0.8);
        c.cd = c.e > 10 ? 600_000 : 0;
        c.r = c.e > 10 ? 1 : 0;
        c.t = perCell * 900;
        hours[String(h)] = c;
      }
      rollup.models[model] = hours;
    }
    seq += CALLS_PER_DAY;
    rollup.seq = seq;
    api.writeDayRollup(statsDir, rollup);
  }

  const query = (granularity, model) => api.queryStats(statsDir, { from: start, to: end, granularity, ...(model ? { model } : {}) });
  const time = (fn) => {
    const t = process.hrtime.bigint();
    const r = fn();
    return [Number(process.hrtime.bigint() - t) / 1e6, r];
  };
  const [coldMs, first] = time(() => query("day"));
  const warm = [];
  for (let i = 0; i < 7; i++) warm.push(time(() => query(i % 2 ? "hour" : "day", i % 3 === 2 ? models[1] : undefined))[0]);
  warm.sort((a, b) => a - b);
  const calls = first?.total?.calls;
  emit(name, coldMs, "ms", { target: 50, days: DAYS, callsPerDay: CALLS_PER_DAY, models: modelsN, totalCalls: calls, note: "first query in a fresh process (day series + per-model totals)" });
  emit(`stats.query_90d.warm_ms${suffix}`, percentile(warm, 50), "ms", { runs: warm.length });
} catch (error) {
  emit(name, null, "ms", { target: 50, note: `stats query failed on the synthetic store: ${String(error?.message ?? error).split("\n")[0].slice(0, 160)}` });
}
