import { describe, expect, it } from "vitest";
import { faultFor, hangFault } from "../../../src/host/simulated/faults.js";
import { backoffMs, nextLadderStep, type LadderState } from "../../../src/host/simulated/retry-policy.js";

/** Walks OpenClaw's ladder for one candidate: attempts, and the wall time from first request to giving up. */
function walk(fault: ReturnType<typeof faultFor>, attemptMs: number, r = 0.5): { attempts: number; wallMs: number; last: string } {
  let now = 0;
  const first = 0;
  let idle = 0;
  for (let attempts = 1; attempts < 50; attempts++) {
    now += attemptMs;
    idle = fault.kind === "hang" ? idle + 1 : 0;
    const state: LadderState = { attempts, firstStartMs: first, idleTimeouts: idle };
    const step = nextLadderStep(fault, state, now, r);
    if (step.kind !== "retry") return { attempts, wallMs: now, last: step.kind === "stop" ? step.why : "next" };
    now += step.delayMs;
  }
  throw new Error("ladder never ended");
}

describe("OpenClaw's same-model retry ladder", () => {
  it("backs off exponentially from 1.5 s, capped at 30 s, with jitter that only shortens", () => {
    expect(backoffMs(1, 0.999)).toBeLessThanOrEqual(1_500);
    expect(backoffMs(1, 0)).toBe(1_125);
    expect(backoffMs(3, 0.999)).toBeLessThanOrEqual(6_000);
    expect(backoffMs(12, 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffMs(12, 0)).toBe(22_500);
  });

  it("retries a 429 with Retry-After: 1 ten times over about 150 s, then falls back", () => {
    const result = walk(faultFor({ category: "rate_limit", model: "p/m", retryAfterS: 1 }), 400);
    expect(result).toMatchObject({ attempts: 10, last: "next" });
    expect(result.wallMs).toBeGreaterThan(130_000);
    expect(result.wallMs).toBeLessThan(170_000);
  });

  it("goes straight to the next candidate when Retry-After exceeds 60 s", () => {
    expect(walk(faultFor({ category: "rate_limit", model: "p/m", retryAfterS: 3600 }), 400)).toMatchObject({ attempts: 1, last: "next" });
  });

  it("gives a 503 seven or eight attempts inside the 90 s window", () => {
    for (const r of [0, 0.5, 0.999]) {
      const result = walk(faultFor({ category: "server_overload", model: "p/m" }), 400, r);
      expect(result.attempts).toBeGreaterThanOrEqual(7);
      expect(result.attempts).toBeLessThanOrEqual(8);
      expect(result.wallMs).toBeLessThanOrEqual(90_000);
      expect(result.last).toBe("next");
    }
  });

  it("times a stalled stream out six times with the measured 8 s provider timeout, then falls back", () => {
    const result = walk(faultFor({ category: "timeout", model: "p/m" }), 8_050);
    expect(result).toMatchObject({ attempts: 6, last: "next" });
  });

  it("skips same-model retries for auth, billing and unknown models", () => {
    for (const category of ["auth_failed", "quota_exhausted", "model_unavailable"] as const) {
      expect(walk(faultFor({ category, model: "p/m" }), 200)).toMatchObject({ attempts: 1, last: "next" });
    }
  });

  it("ends a hung provider's turn in the idle-timeout breaker after five timeouts, without falling back", () => {
    expect(walk(hangFault(), 30_050)).toMatchObject({ attempts: 5, last: "breaker" });
  });

  it("does not advance the chain on a context overflow", () => {
    expect(walk(faultFor({ category: "context_too_long", model: "p/m" }), 200)).toMatchObject({ attempts: 1, last: "not_advancing" });
  });
});

describe("fault texts", () => {
  it("start agent_end's errorMessage with the HTTP status and carry the provider's Retry-After", () => {
    const f = faultFor({ category: "rate_limit", model: "openai/gpt-5.2", retryAfterS: 120 });
    expect(f.errorMessage).toBe("429 Rate limit reached for requests. Please try again later.; Retry-After: 120 seconds");
    expect(f.errorCode).toBe("rate_limit_exceeded");
    expect(faultFor({ category: "server_overload", model: "a/b" }).errorMessage).toMatch(/^503 The server is overloaded/);
    expect(faultFor({ category: "auth_failed", model: "a/b" }).errorMessage).toMatch(/^401 Incorrect API key provided/);
    expect(faultFor({ category: "auth_failed", model: "a/b", status: 403 }).errorMessage).toMatch(/^403 /);
    expect(faultFor({ category: "quota_exhausted", model: "a/b", status: 402 }).errorMessage).toMatch(/^402 Insufficient credits/);
  });

  it("report timeouts and resets through failureKind, the way model_call_ended does", () => {
    expect(faultFor({ category: "timeout", model: "a/b" })).toMatchObject({ kind: "stall", failureKind: "timeout", retry: "transient" });
    expect(faultFor({ category: "network_error", model: "a/b" })).toMatchObject({ kind: "reset", failureKind: "connection_reset", errorCode: "ECONNRESET" });
    expect(faultFor({ category: "server_error", model: "a/b" }).failureKind).toBeUndefined();
  });
});
