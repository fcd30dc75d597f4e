import { describe, expect, it } from "vitest";
import { dueAt, planHealthProbes, type HealthProbeCandidate } from "../../src/runtime/health-probe-plan.js";

const MIN = 60_000;
const START = 1_000_000;
const O = { intervalMs: 10 * MIN, startedAt: START, maxPerTick: 2, recheckMs: 15 * MIN, overflowMs: 10_000 };

function model(id: string, more: Partial<HealthProbeCandidate> = {}): HealthProbeCandidate {
  return { id, state: "healthy", provenAt: undefined, probedAt: undefined, retryAt: undefined, quotaCritical: false, ...more };
}

describe("health probe plan", () => {
  it("probes a healthy model one interval after it last answered, or after the start when it never did", () => {
    expect(dueAt(model("a"), O.intervalMs, START)).toBe(START + 10 * MIN);
    expect(dueAt(model("a", { provenAt: START + 3 * MIN }), O.intervalMs, START)).toBe(START + 13 * MIN);
    expect(dueAt(model("a", { provenAt: START + 3 * MIN, probedAt: START + 5 * MIN }), O.intervalMs, START)).toBe(START + 15 * MIN);
  });

  it("never schedules a model that is cooling down, probing, recovered or disabled: those have their own probes", () => {
    for (const state of ["cooldown", "probing", "recovered", "disabled"]) expect(dueAt(model("a", { state }), O.intervalMs, START)).toBeUndefined();
  });

  it("is off at an interval of 0", () => {
    const plan = planHealthProbes([model("a"), model("b")], START + 100 * MIN, { ...O, intervalMs: 0 });
    expect(plan).toEqual({ due: [], nextAt: undefined });
  });

  it("spends no probe on a model that real traffic proved within the interval", () => {
    const now = START + 30 * MIN;
    const plan = planHealthProbes([model("busy", { provenAt: now - 2 * MIN }), model("idle", { provenAt: now - 20 * MIN })], now, O);
    expect(plan.due).toEqual(["idle"]);
    expect(plan.nextAt).toBe(now + 8 * MIN);
  });

  it("confirms a failed probe of a still-healthy model at its retry time, whatever the interval says", () => {
    const now = START + 11 * MIN;
    const c = model("a", { probedAt: START + 10 * MIN, retryAt: START + 10 * MIN + 5_000 });
    expect(planHealthProbes([c], now, O).due).toEqual(["a"]);
    expect(planHealthProbes([c], START + 10 * MIN + 1_000, O)).toEqual({ due: [], nextAt: START + 10 * MIN + 5_000 });
  });

  it("never probes a model whose quota is at its critical level, and looks again later", () => {
    const now = START + 30 * MIN;
    const plan = planHealthProbes([model("spent", { quotaCritical: true })], now, O);
    expect(plan).toEqual({ due: [], nextAt: now + O.recheckMs });
  });

  it("starts at most maxPerTick probes, most overdue first, and comes back soon for the rest", () => {
    const now = START + 60 * MIN;
    const plan = planHealthProbes([model("c", { provenAt: START + 40 * MIN }), model("a", { provenAt: START + 10 * MIN }), model("b", { provenAt: START + 20 * MIN })], now, O);
    expect(plan.due).toEqual(["a", "b"]);
    expect(plan.nextAt).toBe(now + O.overflowMs);
  });
});
