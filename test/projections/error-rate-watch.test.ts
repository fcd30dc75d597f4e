// Early warning: one alert when a model's windowed error rate reaches the threshold, none while it stays high,
// again only after it fell below half; never for a few calls, old calls, aborts or when switched off.
import { describe, expect, it } from "vitest";
import { ErrorRateWatch, type RollupRecord } from "../../src/projections/index.js";

const T0 = Date.parse("2026-02-12T13:00:00Z");
let seq = 0;
const call = (at: number, ok: boolean, model = "p/a", errorType: string | null = ok ? null : "server_overload"): RollupRecord => ({ type: "call", ts: at, seq: ++seq, fields: { model, ok, errorType } });
const watch = (threshold = 0.5) => new ErrorRateWatch({ threshold: () => threshold, windowMinutes: () => 10, minCalls: () => 10 });

describe("ErrorRateWatch", () => {
  it("warns once when the rate reaches the threshold, and re-arms only after it fell below half", () => {
    const w = watch();
    const warnings: string[] = [];
    const feed = (at: number, ok: boolean) => {
      const e = w.observe(call(at, ok));
      if (e) warnings.push(`${e.params?.key as string} ${e.reason}`);
    };
    for (let i = 0; i < 10; i++) feed(T0 + i * 1000, i % 2 === 0);
    expect(warnings).toEqual(["error-rate|p/a error rate 50% over 10m"]);
    for (let i = 0; i < 10; i++) feed(T0 + 20_000 + i * 1000, false);
    expect(warnings).toHaveLength(1);
    for (let i = 0; i < 80; i++) feed(T0 + 60_000 + i * 1000, true);
    for (let i = 0; i < 80; i++) feed(T0 + 200_000 + i * 1000, false);
    expect(warnings).toHaveLength(2);
  });

  it("needs minCalls in the window, forgets calls older than the window, and ignores aborts and probes", () => {
    const w = watch();
    for (let i = 0; i < 9; i++) expect(w.observe(call(T0 + i, false))).toBeUndefined();
    expect(w.observe(call(T0 + 11 * 60_000, true))).toBeUndefined();
    for (let i = 0; i < 20; i++) expect(w.observe(call(T0 + 12 * 60_000 + i, false, "p/b", "aborted"))).toBeUndefined();
    for (let i = 0; i < 20; i++) expect(w.observe({ type: "call", ts: T0 + 12 * 60_000, seq: ++seq, fields: { model: "p/c", ok: false, errorType: "timeout", probe: true } })).toBeUndefined();
  });

  it("is off at threshold 0", () => {
    const w = watch(0);
    for (let i = 0; i < 50; i++) expect(w.observe(call(T0 + i, false))).toBeUndefined();
  });
});
