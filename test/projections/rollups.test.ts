// The rollup fold: calls, errors by category, latency percentiles, fallbacks, cooldown time and recoveries per model-hour.
import { describe, expect, it } from "vitest";
import { RollupFold, queryDays, percentileOf, emptyCell, bucketOf, type RollupRecord } from "../../src/projections/index.js";

const T0 = Date.parse("2026-02-12T13:00:00Z");
let seq = 0;
const rec = (type: string, at: number, fields: Record<string, unknown>): RollupRecord => ({ type, ts: at, seq: ++seq, fields });
const call = (at: number, model: string, errorType: string | null, durationMs = 200, extra: Record<string, unknown> = {}) =>
  rec("call", at, { model, ok: errorType === null, errorType, durationMs, ...extra });

describe("RollupFold", () => {
  it("counts calls, errors by category (aborts are not errors) and tokens per model and hour", () => {
    const fold = new RollupFold();
    fold.add(call(T0 + 1_000, "p/a", null, 100, { tokens: 50 }));
    fold.add(call(T0 + 2_000, "p/a", "rate_limit"));
    fold.add(call(T0 + 3_000, "p/a", "aborted"));
    fold.add(call(T0 + 3_600_000, "p/a", "server_overload"));
    fold.add(call(T0 + 4_000, "p/a", null, 100, { probe: true }));
    const [day] = fold.allDays();
    expect(day?.day).toBe("2026-02-12");
    const h13 = day?.models["p/a"]?.["13"];
    expect(h13).toMatchObject({ n: 3, e: 1, c: { rate_limit: 1, aborted: 1 }, t: 50 });
    expect(day?.models["p/a"]?.["14"]).toMatchObject({ n: 1, e: 1, c: { server_overload: 1 } });
  });

  it("adds llm_output usage records to the hour's tokens without counting them as calls", () => {
    const fold = new RollupFold();
    fold.add(call(T0 + 1_000, "p/a", null));
    fold.add(rec("call.usage", T0 + 1_500, { model: "p/a", tokens: 1_200 }));
    fold.add(rec("call.usage", T0 + 1_600, { model: "p/a", tokens: -5 }));
    expect(fold.allDays()[0]?.models["p/a"]?.["13"]).toMatchObject({ n: 1, t: 1_200 });
  });

  it("skips records whose seq its day already holds, so a restart's catch-up never counts twice", () => {
    const fold = new RollupFold((day) => ({ v: 1, day, seq: 10, models: {} }));
    expect(fold.add({ type: "call", ts: T0, seq: 10, fields: { model: "p/a", ok: true } })).toBe(false);
    expect(fold.add({ type: "call", ts: T0, seq: 11, fields: { model: "p/a", ok: true } })).toBe(true);
    expect(fold.allDays()[0]?.models["p/a"]?.["13"]?.n).toBe(1);
    expect(fold.allDays()[0]?.seq).toBe(11);
  });

  it("spreads cooldown time over the hours it covers and counts a recovery when the model comes back", () => {
    const fold = new RollupFold();
    fold.add(rec("model.state", T0 + 30 * 60_000, { actor: "p/a", from: "healthy", to: "cooldown" }));
    fold.add(rec("model.state", T0 + 80 * 60_000, { actor: "p/a", from: "cooldown", to: "probing" }));
    fold.add(rec("model.state", T0 + 90 * 60_000, { actor: "p/a", from: "probing", to: "recovered" }));
    const hours = fold.allDays()[0]?.models["p/a"];
    expect(hours?.["13"]?.cd).toBe(30 * 60_000);
    expect(hours?.["14"]?.cd).toBe(30 * 60_000);
    expect(hours?.["14"]?.r).toBe(1);
  });

  it("counts a fallback against the model the turn asked for", () => {
    const fold = new RollupFold();
    fold.add(rec("turn", T0, { agentId: "main", ok: true, requested: "p/a", model: "q/b", fallbackUsed: true }));
    fold.add(rec("turn", T0, { agentId: "main", ok: true, requested: "p/a", model: "p/a", fallbackUsed: false }));
    expect(fold.allDays()[0]?.models["p/a"]?.["13"]?.f).toBe(1);
    expect(fold.allDays()[0]?.models["q/b"]).toBeUndefined();
  });
});

describe("queryDays", () => {
  const fold = new RollupFold();
  for (let i = 0; i < 100; i++) fold.add(call(T0 + i * 1000, "openai/gpt-4o", i < 10 ? "timeout" : null, i < 50 ? 80 : 900));
  for (let i = 0; i < 20; i++) fold.add(call(T0 + 86_400_000 + i, "anthropic/claude", "server_error", 3000));

  it("answers totals, per-model rows, error rate and p50/p95 from the histogram", () => {
    const r = queryDays(fold.allDays(), { from: "2026-02-12", to: "2026-02-14", granularity: "day" });
    expect(r.total.calls).toBe(120);
    expect(r.total.errors).toBe(30);
    expect(r.models.map((m) => [m.model, m.calls, m.errors])).toEqual([["openai/gpt-4o", 100, 10], ["anthropic/claude", 20, 20]]);
    const gpt = r.models[0];
    expect(gpt?.errorRate).toBeCloseTo(0.1);
    expect(gpt?.p50Ms).toBeLessThanOrEqual(100);
    expect(gpt?.p95Ms).toBeGreaterThan(500);
    expect(gpt?.p95Ms).toBeLessThanOrEqual(1000);
    expect(r.series.map((s) => [s.start.slice(0, 10), s.calls])).toEqual([["2026-02-12", 100], ["2026-02-13", 20]]);
  });

  it("filters by a bare model name and by the exclusive end of the range", () => {
    expect(queryDays(fold.allDays(), { from: "2026-02-12", to: "2026-02-14", model: "GPT-4o" }).total.calls).toBe(100);
    expect(queryDays(fold.allDays(), { from: "2026-02-12", to: "2026-02-13" }).total.calls).toBe(100);
    expect(queryDays(fold.allDays(), { from: T0 + 3_600_000, to: "2026-02-14" }).total.calls).toBe(20);
  });

  it("groups weeks from Monday", () => {
    const r = queryDays(fold.allDays(), { from: "2026-02-01", to: "2026-03-01", granularity: "week" });
    expect(r.series.map((s) => s.start.slice(0, 10))).toEqual(["2026-02-09"]);
  });
});

describe("percentileOf", () => {
  it("is undefined without samples and interpolates inside the bucket", () => {
    expect(percentileOf(emptyCell().h, 0.5)).toBeUndefined();
    const h = emptyCell().h;
    h[bucketOf(75)] = 10;
    expect(percentileOf(h, 0.5)).toBe(75);
  });
});
