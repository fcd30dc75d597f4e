// The quota watch: one alert at warnPercent and one at criticalPercent per window, non-urgent routing at critical.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import type { SelfHealConfig } from "../../src/config/types.js";
import { QuotaWatch, type QuotaHistory } from "../../src/projections/quota-watch.js";
import type { RollupRecord } from "../../src/projections/rollup-fold.js";
import type { Effect } from "../../src/domain/effects.js";

const T0 = Date.parse("2026-11-22T10:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;

function quotaConfig(quota: Record<string, unknown>): SelfHealConfig["quota"] {
  const r = parseConfig({ quota });
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.config.quota;
}

function harness(quota: Record<string, unknown>, extra: { history?: QuotaHistory; routedUntil?: (p: string) => number | undefined } = {}) {
  let cfg = quotaConfig(quota);
  const watch = new QuotaWatch({ config: () => cfg, ...extra });
  let seq = 0;
  const call = (model: string, ts: number, more: Record<string, unknown> = {}): Effect[] =>
    watch.observe({ type: "call", ts, seq: ++seq, fields: { model, ok: true, ...more } } satisfies RollupRecord);
  const usage = (model: string, ts: number, tokens: number): Effect[] => watch.observe({ type: "call.usage", ts, seq: ++seq, fields: { model, tokens } });
  const setConfig = (q: Record<string, unknown>) => {
    cfg = quotaConfig(q);
  };
  return { watch, call, usage, setConfig };
}

const alerts = (effects: Effect[]) => effects.filter((e) => e.action === "alert").map((e) => e.params?.severity);
const routes = (effects: Effect[]) => effects.filter((e) => e.action !== "alert").map((e) => `${e.action}:${e.target}:${String(e.params?.scope)}`);

describe("quota watch", () => {
  it("alerts once at 80 % and once at 95 % of a request budget, then stays quiet for the rest of the window", () => {
    const h = harness({ budgets: [{ model: "openai/gpt-4o", requests: 100 }] });
    const seen: Array<{ i: number; severity: unknown }> = [];
    for (let i = 1; i <= 120; i++) for (const s of alerts(h.call("openai/gpt-4o", T0 + i * MIN))) seen.push({ i, severity: s });
    expect(seen).toEqual([
      { i: 80, severity: "warning" },
      { i: 95, severity: "critical" },
    ]);
  });

  it("says what was used, when the window resets and what the operator can do", () => {
    const h = harness({ budgets: [{ model: "openai/gpt-4o", requests: 10, tokens: 1000, window: "day" }] });
    for (let i = 0; i < 7; i++) h.call("openai/gpt-4o", T0 + i);
    const [alert] = h.usage("openai/gpt-4o", T0 + 10, 850);
    expect(alert?.params?.title).toBe("[self-heal] warning: openai/gpt-4o has used 85% of its day budget");
    const text = (alert?.params?.lines as string[]).join("\n");
    expect(text).toContain("7 / 10 requests (70%) and 850 / 1,000 tokens (85%)");
    expect(text).toContain("resets at 2026-11-23T00:00:00.000Z");
    expect(text).toMatch(/raise the budget .*quota\.budgets.*top up billing at openai/);
  });

  it("counts tokens from llm_output usage records and ignores probes and other records", () => {
    const h = harness({ budgets: [{ model: "a/m", tokens: 1000 }] });
    expect(h.usage("a/m", T0, 500)).toEqual([]);
    h.call("a/m", T0 + 1, { probe: true, tokens: 900 });
    h.watch.observe({ type: "turn", ts: T0 + 2, seq: 99, fields: { model: "a/m", tokens: 900 } });
    expect(h.watch.usage(T0 + 3)[0]).toMatchObject({ tokens: { used: 500, limit: 1000 }, requests: { used: 0 }, percent: 50, level: "ok" });
    expect(alerts(h.usage("a/m", T0 + 4, 300))).toEqual(["warning"]);
  });

  it("counts each probe of ours as one request, and says when a budget is at its critical level", () => {
    const h = harness({ budgets: [{ model: "a/m", requests: 20 }] });
    for (let i = 0; i < 18; i++) h.call("a/m", T0 + i);
    expect(h.watch.critical("a/m", T0 + 20)).toBe(false);
    h.watch.observe({ type: "probe.result", ts: T0 + 21, seq: 100, fields: { model: "a/m", ok: true } });
    expect(h.watch.usage(T0 + 22)[0]).toMatchObject({ requests: { used: 19 } });
    expect(h.watch.critical("a/m", T0 + 22)).toBe(true);
    expect(h.watch.critical("b/other", T0 + 22)).toBe(false);
    // A new window: the budget is no longer critical.
    expect(h.watch.critical("a/m", T0 + 25 * HOUR)).toBe(false);
  });

  it("sums every model of a provider/* budget", () => {
    const h = harness({ budgets: [{ model: "google/*", requests: 3 }] });
    h.call("google/gemini-flash", T0);
    h.call("google/gemini-pro", T0 + 1);
    h.call("openai/gpt-4o", T0 + 2);
    expect(alerts(h.call("google/gemini-flash", T0 + 3))).toEqual(["critical"]);
    expect(h.watch.usage(T0 + 4)[0]).toMatchObject({ model: "google/*", requests: { used: 3 } });
  });

  it("routes non-urgent turns away at 95 % until the window resets, only when routeNonUrgent is on", () => {
    const off = harness({ budgets: [{ model: "a/m", requests: 20 }] });
    const on = harness({ routeNonUrgent: true, budgets: [{ model: "a/m", requests: 20 }] });
    const offEffects: Effect[] = [];
    const onEffects: Effect[] = [];
    for (let i = 0; i < 20; i++) {
      offEffects.push(...off.call("a/m", T0 + i));
      onEffects.push(...on.call("a/m", T0 + i));
    }
    expect(routes(offEffects)).toEqual([]);
    expect(routes(onEffects)).toEqual(["route_around:a/m:non_urgent"]);
    const route = onEffects.find((e) => e.action === "route_around");
    expect(route?.params?.until).toBe(Date.parse("2026-11-23T00:00:00Z"));
    expect(route?.params?.triggers).toEqual(["cron", "heartbeat", "memory"]);
  });

  it("starts a new window at the reset: counts from zero, alerts again, and never carries the route over", () => {
    const h = harness({ routeNonUrgent: true, budgets: [{ model: "a/m", requests: 10 }] });
    for (let i = 0; i < 10; i++) h.call("a/m", T0 + i);
    const nextDay = Date.parse("2026-11-23T00:00:01Z");
    const first = h.call("a/m", nextDay);
    expect(first).toEqual([]);
    expect(h.watch.usage(nextDay)[0]).toMatchObject({ requests: { used: 1 }, level: "ok", windowStart: "2026-11-23T00:00:00.000Z" });
    const again: Effect[] = [];
    for (let i = 1; i < 10; i++) again.push(...h.call("a/m", nextDay + i));
    expect(alerts(again)).toEqual(["warning", "critical"]);
    expect(routes(again)).toEqual(["route_around:a/m:non_urgent"]);
  });

  it("in a rolling window, routes until enough old hours drop out, and routes again if usage climbs back", () => {
    const h = harness({ routeNonUrgent: true, budgets: [{ model: "a/m", requests: 10, window: "rolling", rollingHours: 2 }] });
    const effects: Effect[] = [];
    for (let i = 0; i < 4; i++) effects.push(...h.call("a/m", T0 - HOUR + i * MIN)); // 09:00 hour: 4 calls
    for (let i = 0; i < 6; i++) effects.push(...h.call("a/m", T0 + i * MIN)); // 10:00 hour: 6 calls
    expect(routes(effects)).toEqual(["route_around:a/m:non_urgent"]);
    // Without the 09:00 hour (it drops out at 11:00) usage is 60 %: the route ends then.
    expect(effects.find((e) => e.action === "route_around")?.params?.until).toBe(T0 + HOUR);
    expect(h.watch.usage(T0 + 30 * MIN)[0]?.routedUntil).toBe("2026-11-22T11:00:00.000Z");
    expect(h.watch.usage(T0 + HOUR + MIN)[0]).toMatchObject({ requests: { used: 6 }, level: "ok" });
    expect(h.watch.usage(T0 + HOUR + MIN)[0]?.routedUntil).toBeUndefined();
    const climb: Effect[] = [];
    for (let i = 0; i < 4; i++) climb.push(...h.call("a/m", T0 + HOUR + (i + 2) * MIN));
    expect(routes(climb)).toEqual(["route_around:a/m:non_urgent"]);
  });

  it("gives routes back when the operator raises the budget, removes it or turns routeNonUrgent off", () => {
    for (const [change, why] of [
      [{ routeNonUrgent: true, budgets: [{ model: "a/m", requests: 100 }] }, /back under 95%/],
      [{ routeNonUrgent: true, budgets: [] }, /budget removed/],
      [{ routeNonUrgent: true, budgets: [{ model: "a/m", requests: 100, window: "week" }] }, /back under 95%/],
      [{ routeNonUrgent: false, budgets: [{ model: "a/m", requests: 10 }] }, /routeNonUrgent turned off/],
    ] as const) {
      // The route table, as the supervisor keeps it from the executed routes.
      let routedUntil: number | undefined;
      const h = harness({ routeNonUrgent: true, budgets: [{ model: "a/m", requests: 10 }] }, { routedUntil: () => routedUntil });
      for (let i = 0; i < 10; i++) for (const e of h.call("a/m", T0 + i)) if (e.action === "route_around") routedUntil = e.params?.until as number;
      expect(routedUntil).toBeDefined();
      h.setConfig(change);
      const effects = h.watch.reconcile(T0 + 100);
      expect(routes(effects)).toEqual(["fail_back:a/m:non_urgent"]);
      expect(effects[0]?.reason).toMatch(why);
    }
  });

  it("after a restart, restores the window from history and does not repeat alerts already crossed", () => {
    const history: QuotaHistory = (pattern, from, to) => {
      expect(pattern).toBe("a/m");
      expect(from).toBe(Date.parse("2026-11-22T00:00:00Z"));
      expect(to).toBe(T0);
      return [
        { hour: Date.parse("2026-11-21T23:00:00Z"), requests: 50, tokens: 0 }, // before the window: ignored
        { hour: Date.parse("2026-11-22T03:00:00Z"), requests: 60, tokens: 0 },
        { hour: Date.parse("2026-11-22T09:00:00Z"), requests: 25, tokens: 0 },
      ];
    };
    const h = harness({ budgets: [{ model: "a/m", requests: 100 }] }, { history });
    expect(h.watch.reconcile(T0)).toEqual([]);
    expect(h.watch.usage(T0)[0]).toMatchObject({ requests: { used: 85 }, level: "warning" });
    const next: Effect[] = [];
    for (let i = 1; i <= 10; i++) next.push(...h.call("a/m", T0 + i));
    expect(alerts(next)).toEqual(["critical"]);
  });

  it("keeps a route the journal already restored instead of proposing it again", () => {
    const until = Date.parse("2026-11-23T00:00:00Z");
    const h = harness(
      { routeNonUrgent: true, budgets: [{ model: "a/m", requests: 10 }] },
      { history: () => [{ hour: T0 - HOUR, requests: 10, tokens: 0 }], routedUntil: (p) => (p === "a/m" ? until : undefined) },
    );
    expect(h.watch.reconcile(T0)).toEqual([]);
    expect(routes(h.call("a/m", T0 + 1))).toEqual([]);
    expect(h.watch.usage(T0 + 2)[0]?.routedUntil).toBe("2026-11-23T00:00:00.000Z");
  });

  it("reports a budget whose window ended without traffic as reset", () => {
    const h = harness({ budgets: [{ model: "a/m", requests: 10 }] });
    for (let i = 0; i < 9; i++) h.call("a/m", T0 + i);
    expect(h.watch.usage(T0 + 10)[0]).toMatchObject({ level: "warning", percent: 90 });
    expect(h.watch.usage(Date.parse("2026-11-23T01:00:00Z"))[0]).toMatchObject({ level: "ok", percent: 0, requests: { used: 0 } });
  });
});
