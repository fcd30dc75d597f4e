import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_OPTIONS, modelMachine, type ModelEvent, type ModelInput } from "../../machines/index.js";
import type { Category } from "../../src/domain/index.js";
import { asJson, drive } from "./helpers.js";

const T0 = Date.UTC(2026, 1, 12, 13, 0, 0);
const ID = "p/m";
const S = 1_000;

function start(options: ModelInput["options"] = {}, now = T0) {
  return drive(modelMachine, { id: ID, seed: 42, now, options });
}

function callFailed(now: number, category: Category, extra: { retryAfterMs?: number; resetAtMs?: number } = {}): ModelEvent {
  return { type: "CALL_FAILED", now, category, evidence: `HTTP for ${category}`, ...extra };
}

function probeFailed(now: number, category: Category, extra: { retryAfterMs?: number; resetAtMs?: number } = {}): ModelEvent {
  return { type: "PROBE_FAILED", now, category, evidence: `probe ${category}`, ...extra };
}

/** Drives a fresh model into cooldown with a server_overload at T0. */
function inCooldown(options: ModelInput["options"] = {}) {
  const m = start(options);
  m.send(callFailed(T0, "server_overload"));
  return m;
}

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

  it("honours Retry-After and reset times longer than the computed cooldown", () => {
    const a = start();
    a.send(callFailed(T0, "rate_limit", { retryAfterMs: 120 * S }));
    expect(a.snap.context.until).toBe(T0 + 120 * S);
    const b = start();
    b.send(callFailed(T0, "rate_limit", { resetAtMs: T0 + 600 * S }));
    expect(b.snap.context.until).toBe(T0 + 600 * S);
  });

  it("caps an absurd hint at maxHintMs", () => {
    const m = start();
    m.send(callFailed(T0, "rate_limit", { retryAfterMs: 30 * 86_400 * S }));
    expect(m.snap.context.until).toBe(T0 + DEFAULT_MODEL_OPTIONS.maxHintMs);
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

describe("model machine: disabled", () => {
  it("disables an auth failure with route_around and one critical alert, rechecking after authRecheckMs", () => {
    const m = start();
    const out = m.send(callFailed(T0, "auth_failed"));
    const until = T0 + DEFAULT_MODEL_OPTIONS.authRecheckMs;
    expect(m.state()).toBe("disabled");
    expect(m.snap.context.until).toBe(until);
    expect(out).toEqual([
      { action: "route_around", target: ID, reason: expect.stringContaining("auth_failed"), params: { until } },
      {
        action: "alert",
        target: "owner",
        reason: expect.stringContaining("auth_failed"),
        params: { severity: "critical", model: ID, category: "auth_failed", evidence: "HTTP for auth_failed", until },
      },
    ]);
  });

  it("never re-alerts for failures that arrive while disabled", () => {
    const m = start();
    m.send(callFailed(T0, "auth_failed"));
    const more = m.sendAll([callFailed(T0 + S, "auth_failed"), callFailed(T0 + 2 * S, "quota_exhausted"), probeFailed(T0 + 3 * S, "server_error")]);
    expect(more.filter((e) => e.action === "alert")).toEqual([]);
    expect(m.state()).toBe("disabled");
    expect(m.snap.context.failures).toBe(4);
  });

  it("rechecks with a single probe and, on the same failure, waits twice as long without a new alert", () => {
    const m = start();
    m.send(callFailed(T0, "auth_failed"));
    const t1 = m.snap.context.until!;
    expect(m.send({ type: "DEADLINE", now: t1 })).toEqual([{ action: "probe_model", target: ID, reason: expect.any(String) }]);
    expect(m.state()).toBe("probing");
    const out = m.send(probeFailed(t1 + S, "auth_failed"));
    expect(m.state()).toBe("disabled");
    expect(out.map((e) => e.action)).toEqual(["route_around"]);
    expect(m.snap.context).toMatchObject({ authRechecks: 1, until: t1 + S + 2 * DEFAULT_MODEL_OPTIONS.authRecheckMs });
  });

  it("caps the auth recheck at 6 hours", () => {
    const m = start();
    m.send(callFailed(T0, "auth_failed"));
    for (let i = 0; i < 6; i++) {
      const t = m.snap.context.until!;
      m.send({ type: "DEADLINE", now: t });
      m.send(probeFailed(t, "auth_failed"));
    }
    expect(m.snap.context.until! - m.snap.context.lastError!.at).toBe(6 * 3_600 * S);
    expect(m.log.filter((e) => e.action === "alert")).toHaveLength(1);
  });

  it("treats an unanswered recheck like a failed one", () => {
    const m = start();
    m.send(callFailed(T0, "auth_failed"));
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    const timeout = m.snap.context.until!;
    expect(m.send({ type: "DEADLINE", now: timeout }).map((e) => e.action)).toEqual(["route_around"]);
    expect(m.state()).toBe("disabled");
    expect(m.snap.context).toMatchObject({ authRechecks: 1, disabledBy: "auth_failed", until: timeout + 2 * DEFAULT_MODEL_OPTIONS.authRecheckMs });
  });

  it("disables exhausted quota with a warning, for quotaDisableMs or until the reset time", () => {
    const a = start();
    const out = a.send(callFailed(T0, "quota_exhausted"));
    expect(a.snap.context.until).toBe(T0 + DEFAULT_MODEL_OPTIONS.quotaDisableMs);
    expect(out[1]?.params).toMatchObject({ severity: "warning", category: "quota_exhausted", model: ID });
    const b = start();
    b.send(callFailed(T0, "quota_exhausted", { resetAtMs: T0 + 8 * 3_600 * S }));
    expect(b.snap.context.until).toBe(T0 + 8 * 3_600 * S);
  });

  it("alerts again only for a different disabling category", () => {
    const m = start();
    m.send(callFailed(T0, "quota_exhausted"));
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    const out = m.send(probeFailed(m.snap.context.until! - 1, "auth_failed"));
    expect(out.map((e) => [e.action, e.params?.severity])).toEqual([
      ["route_around", undefined],
      ["alert", "critical"],
    ]);
  });

  it("recovers from disabled through probing and alerts afresh on a later episode", () => {
    const m = start({ successesToRecover: 1 });
    m.send(callFailed(T0, "auth_failed"));
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    m.send({ type: "PROBE_SUCCEEDED", now: m.snap.context.until! - 1 });
    expect(m.state()).toBe("recovered");
    expect(m.snap.context).toMatchObject({ authRechecks: 0 });
    expect(m.snap.context.disabledBy).toBeUndefined();
    const out = m.send(callFailed(m.snap.context.until! - 1, "auth_failed"));
    expect(out.map((e) => e.action)).toEqual(["route_around", "alert"]);
  });

  it("clears to healthy with every counter reset and fails back", () => {
    const m = start();
    m.sendAll([callFailed(T0, "server_error"), callFailed(T0 + S, "auth_failed")]);
    const out = m.send({ type: "CLEARED", now: T0 + 2 * S });
    expect(m.state()).toBe("healthy");
    expect(out).toEqual([{ action: "fail_back", target: ID, reason: "cleared by operator" }]);
    expect(m.snap.context).toMatchObject({ failures: 0, ejections: 0, prevCooldownMs: 0, authRechecks: 0, healthySince: T0 + 2 * S });
    expect(m.snap.context.until).toBeUndefined();
  });
});

describe("model machine: operator and options", () => {
  it("clears cooldown, probing and recovered to healthy with fail_back", () => {
    const cooling = inCooldown();
    const probing = inCooldown();
    probing.send({ type: "DEADLINE", now: probing.snap.context.until! });
    const recovered = inCooldown({ successesToRecover: 1 });
    recovered.send({ type: "CALL_SUCCEEDED", now: T0 + S });
    for (const m of [cooling, probing, recovered]) {
      expect(m.send({ type: "CLEARED", now: T0 + 2 * S })).toEqual([{ action: "fail_back", target: ID, reason: "cleared by operator" }]);
      expect(m.state()).toBe("healthy");
    }
  });

  it("does nothing when a healthy model is cleared", () => {
    const m = start({ failureThreshold: 3 });
    m.send(callFailed(T0, "timeout"));
    const before = m.snap.context;
    expect(m.send({ type: "CLEARED", now: T0 + S })).toEqual([]);
    expect(m.snap.context).toEqual(before);
  });

  it("hot-reloads options in any state without changing the state, ignoring invalid values", () => {
    const m = inCooldown();
    const until = m.snap.context.until;
    const out = m.send({ type: "OPTIONS_UPDATED", now: T0 + S, options: { failureThreshold: 4, baseCooldownMs: -1, successesToRecover: Number.NaN } });
    expect(out).toEqual([]);
    expect(m.state()).toBe("cooldown");
    expect(m.snap.context.until).toBe(until);
    expect(m.snap.context.options).toEqual({ ...DEFAULT_MODEL_OPTIONS, failureThreshold: 4 });
  });

  it("derives the same cooldowns from the same seed, and different ones from another seed", () => {
    const cooldowns = (seed: number) => {
      const m = drive(modelMachine, { id: ID, seed, now: T0 });
      const out: number[] = [];
      let t = T0;
      for (let i = 0; i < 5; i++) {
        m.send(callFailed(t, "server_error"));
        out.push(m.snap.context.until! - t);
        t = m.snap.context.until!;
        m.send({ type: "DEADLINE", now: t });
        t += S;
        m.send(probeFailed(t, "server_error"));
        out.push(m.snap.context.until! - t);
        m.send({ type: "CLEARED", now: t });
      }
      return out;
    };
    expect(cooldowns(7)).toEqual(cooldowns(7));
    expect(cooldowns(7)).not.toEqual(cooldowns(8));
  });
});
