import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_OPTIONS, modelMachine } from "../../machines/index.js";
import { asJson, drive } from "./helpers.js";
import { ID, S, T0, callFailed, inCooldown, probeFailed, start } from "./model-fixtures.js";

describe("model machine: healthy", () => {
  it("starts healthy, untimed, with the default options and a seeded PRNG", () => {
    const m = start();
    expect(m.state()).toBe("healthy");
    expect(m.snap.hasTag("timed")).toBe(false);
    expect(m.snap.context).toMatchObject({ id: ID, failures: 0, ejections: 0, rng: 42, healthySince: T0, options: DEFAULT_MODEL_OPTIONS });
    expect(m.log).toEqual([]);
  });

  it("ejects on the first model-health failure and routes around it until the cooldown ends", () => {
    const m = start();
    const out = m.send(callFailed(T0, "server_overload"));
    expect(m.state()).toBe("cooldown");
    expect(m.snap.hasTag("timed")).toBe(true);
    const until = m.snap.context.until!;
    expect(until).toBeGreaterThanOrEqual(T0 + 30 * S);
    expect(until).toBeLessThanOrEqual(T0 + 36 * S);
    expect(out).toEqual([{ action: "route_around", target: ID, reason: expect.stringContaining("server_overload"), params: { until } }]);
    expect(m.snap.context).toMatchObject({ failures: 1, ejections: 1, prevCooldownMs: until - T0 });
    expect(m.snap.context.lastError).toEqual({ category: "server_overload", evidence: "HTTP for server_overload", at: T0 });
  });

  it.each(["aborted", "context_too_long", "invalid_request"] as const)("ignores %s failures in every state", (category) => {
    const m = start({ successesToRecover: 3 });
    const states: string[] = [];
    const check = () => {
      const before = asJson(m.snap.context);
      expect(m.send(callFailed(m.snap.context.until ?? T0, category))).toEqual([]);
      expect(m.send(probeFailed(m.snap.context.until ?? T0, category))).toEqual([]);
      expect(asJson(m.snap.context)).toEqual(before);
      states.push(m.state());
    };
    check();
    m.send(callFailed(T0, "server_error"));
    check();
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    check();
    m.send({ type: "PROBE_SUCCEEDED", now: m.snap.context.until! - 1 });
    m.send({ type: "PROBE_SUCCEEDED", now: m.snap.context.until! - 1 });
    m.send({ type: "PROBE_SUCCEEDED", now: m.snap.context.until! - 1 });
    check();
    m.send({ type: "CLEARED", now: T0 + 3_600 * S });
    m.send(callFailed(T0 + 3_600 * S, "auth_failed"));
    check();
    expect(states).toEqual(["healthy", "cooldown", "probing", "recovered", "disabled"]);
  });

  it("counts consecutive failures up to the threshold, and a success resets the count", () => {
    const m = start({ failureThreshold: 3 });
    m.sendAll([callFailed(T0, "timeout"), callFailed(T0 + 1, "timeout")]);
    expect(m.state()).toBe("healthy");
    expect(m.snap.context.failures).toBe(2);
    m.send({ type: "CALL_SUCCEEDED", now: T0 + 2 });
    expect(m.snap.context).toMatchObject({ failures: 0, lastOkAt: T0 + 2 });
    m.sendAll([callFailed(T0 + 3, "timeout"), callFailed(T0 + 4, "timeout")]);
    expect(m.state()).toBe("healthy");
    expect(m.send(callFailed(T0 + 5, "network_error"))).toHaveLength(1);
    expect(m.state()).toBe("cooldown");
  });

  it("honours Retry-After and reset times longer than the computed cooldown, plus at most 2 s of jitter", () => {
    const a = start();
    a.send(callFailed(T0, "rate_limit", { retryAfterMs: 120 * S }));
    expect(a.snap.context.until).toBeGreaterThanOrEqual(T0 + 120 * S);
    expect(a.snap.context.until).toBeLessThanOrEqual(T0 + 122 * S);
    expect(a.snap.context.prevCooldownMs).toBeLessThanOrEqual(36 * S);
    const b = start();
    b.send(callFailed(T0, "rate_limit", { resetAtMs: T0 + 600 * S }));
    expect(b.snap.context.until).toBeGreaterThanOrEqual(T0 + 600 * S);
    expect(b.snap.context.until).toBeLessThanOrEqual(T0 + 602 * S);
  });

  it("honours an explicit hint shorter than the base cooldown (hint plus a small jitter)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const m = drive(modelMachine, { id: ID, seed, now: T0, options: {} });
      m.send(callFailed(T0, "rate_limit", { retryAfterMs: 20 * S }));
      const wait = (m.snap.context.until ?? 0) - T0;
      expect(wait).toBeGreaterThanOrEqual(20 * S);
      expect(wait).toBeLessThanOrEqual(22 * S);
      expect(wait).toBeLessThan(DEFAULT_MODEL_OPTIONS.baseCooldownMs);
    }
    const zero = start();
    zero.send(callFailed(T0, "rate_limit", { retryAfterMs: 0 }));
    expect((zero.snap.context.until ?? 0) - T0).toBeGreaterThanOrEqual(1 * S);
  });

  it("caps an absurd hint at maxHintMs", () => {
    const m = start();
    m.send(callFailed(T0, "rate_limit", { retryAfterMs: 30 * 86_400 * S }));
    expect(m.snap.context.until).toBeGreaterThanOrEqual(T0 + DEFAULT_MODEL_OPTIONS.maxHintMs);
    expect(m.snap.context.until).toBeLessThanOrEqual(T0 + DEFAULT_MODEL_OPTIONS.maxHintMs + 2 * S);
  });

  it("probes a cooled model again within maxProbeGapMs, jittered, however many times it was ejected", () => {
    const waits: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const m = drive(modelMachine, { id: ID, seed, now: T0, options: { maxProbeGapMs: 15 * S, maxCooldownMs: 300 * S } });
      let now = T0;
      for (let i = 0; i < 6; i++) {
        m.send(callFailed(now, "server_overload"));
        const wait = (m.snap.context.until ?? 0) - now;
        expect(wait).toBeLessThanOrEqual(15 * S);
        expect(wait).toBeGreaterThanOrEqual(12 * S);
        waits.push(wait);
        now += wait;
        m.send({ type: "DEADLINE", now });
        m.send({ type: "PROBE_FAILED", now: now + 100, category: "server_overload", evidence: "503" });
        now += 100;
      }
      expect(m.snap.context.ejections).toBeGreaterThan(5);
    }
    expect(new Set(waits).size).toBeGreaterThan(10);
  });
});

describe("model machine: cooldown", () => {
  it("extends the cooldown when a later failure carries a longer hint, and re-announces it", () => {
    const m = inCooldown();
    const first = m.snap.context.until!;
    expect(m.send(callFailed(T0 + S, "rate_limit", { retryAfterMs: 5 * S }))).toEqual([]);
    expect(m.snap.context.until).toBe(first);
    expect(m.snap.context.failures).toBe(2);
    const out = m.send(callFailed(T0 + 2 * S, "rate_limit", { retryAfterMs: 300 * S }));
    expect(m.snap.context.until).toBe(T0 + 302 * S);
    expect(out).toEqual([{ action: "route_around", target: ID, reason: expect.stringContaining("rate_limit"), params: { until: T0 + 302 * S } }]);
    expect(m.state()).toBe("cooldown");
  });

  it("ignores a DEADLINE that arrives before the cooldown ends", () => {
    const m = inCooldown();
    const until = m.snap.context.until!;
    expect(m.send({ type: "DEADLINE", now: until - 1 })).toEqual([]);
    expect(m.state()).toBe("cooldown");
  });

  it("probes the model when the cooldown ends", () => {
    const m = inCooldown();
    const until = m.snap.context.until!;
    const out = m.send({ type: "DEADLINE", now: until });
    expect(m.state()).toBe("probing");
    expect(m.snap.context).toMatchObject({ probePhase: "testing", until: until + DEFAULT_MODEL_OPTIONS.probeTimeoutMs, probeSuccesses: 0 });
    expect(out).toEqual([{ action: "probe_model", target: ID, reason: expect.any(String) }]);
  });

  it("treats someone's successful real call as a first probe success", () => {
    const m = inCooldown();
    expect(m.send({ type: "CALL_SUCCEEDED", now: T0 + S })).toEqual([]);
    expect(m.state()).toBe("probing");
    expect(m.snap.context).toMatchObject({ probeSuccesses: 1, probePhase: "waiting", failures: 0, lastOkAt: T0 + S });
    expect(m.snap.context.until).toBeGreaterThanOrEqual(T0 + 6 * S);
    expect(m.snap.context.until).toBeLessThanOrEqual(T0 + 7 * S);
  });

  it("recovers straight from cooldown on a real success when one success is enough", () => {
    const m = inCooldown({ successesToRecover: 1 });
    const out = m.send({ type: "CALL_SUCCEEDED", now: T0 + S });
    expect(m.state()).toBe("recovered");
    expect(out).toEqual([{ action: "fail_back", target: ID, reason: expect.any(String) }]);
  });

  it("disables on a disabling failure while cooling down", () => {
    const m = inCooldown();
    m.send(callFailed(T0 + S, "auth_failed"));
    expect(m.state()).toBe("disabled");
  });
});

describe("model machine: probing and recovery", () => {
  it("needs successesToRecover probes, spaced apart, then fails back and holds before healthy", () => {
    const m = inCooldown();
    const t1 = m.snap.context.until!;
    m.send({ type: "DEADLINE", now: t1 });
    expect(m.send({ type: "PROBE_SUCCEEDED", now: t1 + S })).toEqual([]);
    expect(m.state()).toBe("probing");
    expect(m.snap.hasTag("timed")).toBe(true);
    expect(m.snap.context).toMatchObject({ probePhase: "waiting", probeSuccesses: 1 });
    const t2 = m.snap.context.until!;
    expect(t2 - (t1 + S)).toBeGreaterThanOrEqual(DEFAULT_MODEL_OPTIONS.probeSpacingMs);
    expect(m.send({ type: "DEADLINE", now: t2 })).toEqual([{ action: "probe_model", target: ID, reason: expect.any(String) }]);
    expect(m.snap.context).toMatchObject({ probePhase: "testing", until: t2 + DEFAULT_MODEL_OPTIONS.probeTimeoutMs });
    expect(m.send({ type: "PROBE_SUCCEEDED", now: t2 + S })).toEqual([{ action: "fail_back", target: ID, reason: expect.any(String) }]);
    expect(m.state()).toBe("recovered");
    expect(m.snap.context.until).toBe(t2 + S + DEFAULT_MODEL_OPTIONS.recoveredHoldMs);
    expect(m.send({ type: "DEADLINE", now: m.snap.context.until! })).toEqual([]);
    expect(m.state()).toBe("healthy");
    expect(m.snap.context).toMatchObject({ probeSuccesses: 0, healthySince: t2 + S + DEFAULT_MODEL_OPTIONS.recoveredHoldMs, ejections: 1 });
    expect(m.snap.context.until).toBeUndefined();
  });

  it("goes back to a longer cooldown when a probe fails", () => {
    const m = inCooldown();
    const t1 = m.snap.context.until!;
    m.send({ type: "DEADLINE", now: t1 });
    const out = m.send(probeFailed(t1 + S, "server_error"));
    expect(m.state()).toBe("cooldown");
    expect(m.snap.context.ejections).toBe(2);
    expect(m.snap.context.until! - (t1 + S)).toBeGreaterThanOrEqual(60 * S);
    expect(m.snap.context.reason).toMatch(/^probe failed: server_error/);
    expect(out).toEqual([{ action: "route_around", target: ID, reason: m.snap.context.reason, params: { until: m.snap.context.until } }]);
  });

  it("treats an unanswered probe as a failure: cooldown with reason 'probe timed out'", () => {
    const m = inCooldown();
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    const timeout = m.snap.context.until!;
    m.send({ type: "DEADLINE", now: timeout });
    expect(m.state()).toBe("cooldown");
    expect(m.snap.context.reason).toBe("probe timed out");
    expect(m.snap.context.lastError).toEqual({ category: "timeout", evidence: "probe timed out", at: timeout });
    expect(m.snap.context.ejections).toBe(2);
  });

  it("ejects again from recovered with a growing cooldown", () => {
    const m = inCooldown({ successesToRecover: 1, jitterRatio: 0 });
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    m.send({ type: "PROBE_SUCCEEDED", now: T0 + 40 * S });
    expect(m.state()).toBe("recovered");
    m.send(callFailed(T0 + 50 * S, "server_overload"));
    expect(m.state()).toBe("cooldown");
    expect(m.snap.context).toMatchObject({ ejections: 2, until: T0 + 110 * S });
  });

  it("forgets past ejections after decayAfterMs of sustained health", () => {
    const m = inCooldown({ successesToRecover: 1, jitterRatio: 0 });
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    m.send({ type: "PROBE_SUCCEEDED", now: T0 + 40 * S });
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    const healthySince = m.snap.context.healthySince!;
    const soon = drive(modelMachine, { id: ID, seed: 1, now: T0 }, m.snap);
    soon.send(callFailed(healthySince + DEFAULT_MODEL_OPTIONS.decayAfterMs - 1, "server_error"));
    expect(soon.snap.context.ejections).toBe(2);
    expect(soon.snap.context.prevCooldownMs).toBe(60 * S);
    const late = drive(modelMachine, { id: ID, seed: 1, now: T0 }, m.snap);
    late.send(callFailed(healthySince + DEFAULT_MODEL_OPTIONS.decayAfterMs, "server_error"));
    expect(late.snap.context.ejections).toBe(1);
    expect(late.snap.context.prevCooldownMs).toBe(30 * S);
  });
});
