import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_OPTIONS, modelMachine } from "../../machines/index.js";
import { drive } from "./helpers.js";
import { ID, S, T0, callFailed, inCooldown, probeFailed, start } from "./model-fixtures.js";

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

  it("honours a reset hint while disabled, but never rechecks sooner than the base cooldown", () => {
    const m = start();
    m.send(callFailed(T0, "quota_exhausted", { retryAfterMs: 0 }));
    expect(m.snap.context.until).toBe(T0 + DEFAULT_MODEL_OPTIONS.baseCooldownMs);
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
