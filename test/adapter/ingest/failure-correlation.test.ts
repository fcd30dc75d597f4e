import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { ManualClock } from "../../../src/domain/clock.js";
import type { CallObserved } from "../../../src/domain/events.js";
import { CATEGORIES } from "../../../src/domain/taxonomy.js";
import { classify } from "../../../src/domain/classifier/index.js";
import { FailureCorrelation, FAILURE_KIND, type FailedCall, type FailureCorrelationOptions } from "../../../src/adapter/ingest/failure-correlation.js";
import { faultFor, hangFault, type Fault } from "../../../src/host/simulated/faults.js";
import { agentEnd, assistantMessage, errorObservation, modelCallEnded, userMessage, type RunIdentity } from "../../../src/host/simulated/payloads.js";

// The orderings below are the gateway's (research/e2e-harness.md §6, replayed by src/host/simulated/turn-engine.ts):
// per failed attempt model_call_ended, then for provider errors lifecycle "finishing", then agent_end (its last
// message stopReason "error" with the provider's text; a hang or abort ends with no assistant message, success:false).

const T0 = Date.parse("2026-11-01T10:00:00Z");
const MODEL = "fakea/flaky";
const runOf = (runId: string): RunIdentity => ({ runId, agentId: "main", sessionId: `s-${runId}`, sessionKey: `agent:main:explicit:s-${runId}`, trigger: "user" });
const RUN = runOf("run-1");

function setup(extra: Partial<FailureCorrelationOptions> = {}) {
  const clock = new ManualClock(T0);
  const reports: CallObserved[] = [];
  const correlation = new FailureCorrelation({ clock, classify, correlationMs: 1500, report: (c) => reports.push(c), ...extra });
  return { clock, reports, correlation };
}

type Harness = ReturnType<typeof setup>;

function failedCall(h: Harness, run: RunIdentity, retryCount: number, model = MODEL): FailedCall {
  return { runId: run.runId, model, provider: model.split("/")[0] as string, ts: h.clock.now(), durationMs: 40, sessionKey: run.sessionKey, sessionId: run.sessionId, agentId: run.agentId, trigger: run.trigger, probe: false, retryCount };
}

/** model_call_ended of one failed attempt, as the ingest hands it over. */
function ended(h: Harness, run: RunIdentity, fault: Fault, retryCount: number, model = MODEL): void {
  h.correlation.callFailed(failedCall(h, run, retryCount, model), modelCallEnded(run, model, { durationMs: 40, fault }));
}

function finishing(h: Harness, run: RunIdentity, fault: Fault, model = MODEL): void {
  h.correlation.finishing(run.runId, { phase: "finishing", error: fault.userText, errorObservation: errorObservation(model, fault) });
}

function attemptEnd(h: Harness, run: RunIdentity, fault: Fault, model = MODEL): void {
  const user = userMessage("please answer", h.clock.now());
  const quiet = fault.kind === "hang" || fault.kind === "abort";
  h.correlation.attemptEnded(run.runId, quiet ? agentEnd(run, [user], false, 40) : agentEnd(run, [user, assistantMessage(model, h.clock.now(), fault, 0)], true, 40));
}

/** One failed attempt in the gateway's order (turn-engine's emitAttemptFailure). */
function attempt(h: Harness, run: RunIdentity, fault: Fault, retryCount: number, model = MODEL): void {
  ended(h, run, fault, retryCount, model);
  if (fault.kind !== "hang" && fault.kind !== "abort") finishing(h, run, fault, model);
  attemptEnd(h, run, fault, model);
}

const PROVIDER_ERRORS = CATEGORIES.map((category) => faultFor({ category, model: MODEL })).filter((f) => f.failureKind === undefined);
const KIND_ERRORS = [...CATEGORIES.map((category) => faultFor({ category, model: MODEL })).filter((f) => f.failureKind !== undefined), hangFault()];

describe("failure correlation", () => {
  it("decides a provider error once, at agent_end, from the provider's text and OpenClaw's reason", () => {
    expect(PROVIDER_ERRORS.length).toBeGreaterThanOrEqual(8);
    for (const fault of PROVIDER_ERRORS) {
      const h = setup();
      ended(h, RUN, fault, 0);
      finishing(h, RUN, fault);
      expect(h.reports).toEqual([]);
      attemptEnd(h, RUN, fault);
      h.correlation.runEnded(RUN.runId, false);
      h.clock.advance(10_000);
      h.correlation.flush();
      expect(h.reports).toHaveLength(1);
      expect(h.reports[0]).toMatchObject({ type: "call", ok: false, model: MODEL, provider: "fakea", runId: RUN.runId, agentId: "main", retryCount: 0, errorMessage: fault.errorMessage, ts: T0 });
      expect(h.reports[0]?.classification?.category).toBe(fault.category);
    }
  });

  it("takes the provider's Retry-After from agent_end's text", () => {
    const h = setup();
    attempt(h, RUN, faultFor({ category: "rate_limit", model: MODEL, retryAfterS: 1 }), 0);
    expect(h.reports[0]?.classification).toMatchObject({ category: "rate_limit", retryAfterMs: 1000 });
  });

  it("decides timeouts, resets, aborts and hangs from failureKind at once; their finishing and agent_end add nothing", () => {
    for (const fault of KIND_ERRORS) {
      const h = setup();
      ended(h, RUN, fault, 0);
      expect(h.reports).toHaveLength(1);
      expect(h.reports[0]?.classification).toEqual(FAILURE_KIND[fault.failureKind as string]);
      expect(h.reports[0]?.errorMessage).toBeUndefined();
      finishing(h, RUN, fault);
      attemptEnd(h, RUN, fault);
      h.correlation.runEnded(RUN.runId, true);
      h.clock.advance(10_000);
      expect(h.reports).toHaveLength(1);
    }
  });

  it("reports each attempt of a ten-step 429 retry ladder once, in order, with its number in the run", () => {
    const h = setup();
    const fault = faultFor({ category: "rate_limit", model: MODEL, retryAfterS: 1 });
    for (let i = 0; i < 10; i++) {
      attempt(h, RUN, fault, i);
      h.clock.advance(1_500 + i * 1_000);
    }
    h.correlation.callCompleted(RUN.runId);
    h.correlation.runEnded(RUN.runId, true);
    expect(h.reports.map((r) => r.retryCount)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.reports.every((r) => r.classification?.category === "rate_limit" && r.recovered === undefined)).toBe(true);
  });

  it("without agent_end, decides the call after correlationMs from OpenClaw's failover reason and wording", () => {
    const h = setup();
    const fault = faultFor({ category: "server_overload", model: MODEL });
    ended(h, RUN, fault, 0);
    finishing(h, RUN, fault);
    h.clock.advance(1_499);
    expect(h.reports).toEqual([]);
    h.clock.advance(1);
    expect(h.reports).toHaveLength(1);
    expect(h.reports[0]).toMatchObject({ errorMessage: fault.userText, ts: T0 });
    expect(h.reports[0]?.classification?.category).toBe("server_overload");
  });

  it("with only model_call_ended, decides the call after correlationMs as unknown, with no error text", () => {
    const h = setup();
    ended(h, RUN, faultFor({ category: "unknown", model: MODEL }), 0);
    h.correlation.attemptEnded(RUN.runId, agentEnd(RUN, [userMessage("hi", T0)], true, 40));
    expect(h.reports).toEqual([]);
    h.clock.advance(1_500);
    expect(h.reports).toHaveLength(1);
    expect(h.reports[0]?.classification?.category).toBe("unknown");
    expect(h.reports[0]?.errorMessage).toBeUndefined();
  });

  it("takes agent_end's own error field when its last message is no error", () => {
    const h = setup();
    ended(h, RUN, faultFor({ category: "unknown", model: MODEL }), 0);
    h.correlation.attemptEnded(RUN.runId, { ...agentEnd(RUN, [userMessage("hi", T0)], false, 40), error: "401 Incorrect API key provided." });
    expect(h.reports[0]).toMatchObject({ errorMessage: "401 Incorrect API key provided." });
    expect(h.reports[0]?.classification?.category).toBe("auth_failed");
  });

  it("lets the run's end decide a waiting call, and says whether the run recovered", () => {
    const h = setup();
    const fault = faultFor({ category: "server_error", model: MODEL });
    const other = runOf("run-2");
    ended(h, RUN, fault, 0);
    ended(h, other, fault, 0);
    h.correlation.runEnded(RUN.runId, false);
    h.correlation.runEnded(other.runId, true);
    expect(h.reports.map((r) => [r.runId, r.recovered])).toEqual([["run-1", false], ["run-2", true]]);
  });

  it("decides a waiting call first when the run's next call ends, so reports keep call order and each text stays with its call", () => {
    const h = setup();
    const overload = faultFor({ category: "server_overload", model: MODEL });
    ended(h, RUN, overload, 0);
    finishing(h, RUN, overload);
    const timeout = faultFor({ category: "timeout", model: MODEL });
    ended(h, RUN, timeout, 1);
    attemptEnd(h, RUN, timeout);
    expect(h.reports.map((r) => [r.retryCount, r.classification?.category])).toEqual([[0, "server_overload"], [1, "timeout"]]);
    h.correlation.callCompleted(RUN.runId);
    expect(h.reports).toHaveLength(2);
  });

  it("never lets an earlier call's timer decide a later call of the run before its text arrives", () => {
    const h = setup();
    const fault = faultFor({ category: "rate_limit", model: MODEL });
    attempt(h, RUN, fault, 0);
    h.clock.advance(1_000);
    ended(h, RUN, fault, 1);
    h.clock.advance(600);
    expect(h.reports).toHaveLength(1);
    attemptEnd(h, RUN, fault);
    expect(h.reports[1]).toMatchObject({ retryCount: 1, errorMessage: fault.errorMessage });
  });

  it("decides a call without a runId at once, from model_call_ended itself", () => {
    const h = setup();
    const call = { ...failedCall(h, RUN, 0), runId: undefined };
    h.correlation.callFailed(call, { provider: "fakea", model: "flaky", outcome: "error", errorCategory: "Error" });
    expect(h.reports).toHaveLength(1);
    expect(h.reports[0]?.runId).toBeUndefined();
    expect(h.correlation.size()).toBe(0);
  });

  it("decides the oldest waiting call without its text when too many wait", () => {
    const h = setup({ maxWaiting: 2 });
    const fault = faultFor({ category: "server_error", model: MODEL });
    for (const id of ["a", "b", "c"]) ended(h, runOf(id), fault, 0);
    expect(h.reports.map((r) => r.runId)).toEqual(["a"]);
    expect(h.correlation.isWaiting("b") && h.correlation.isWaiting("c")).toBe(true);
    h.correlation.flush();
    expect(h.reports.map((r) => r.runId)).toEqual(["a", "b", "c"]);
    h.clock.advance(10_000);
    expect(h.reports).toHaveLength(3);
  });

  it("reports a stalled call as a timeout of its model, the silence as evidence", () => {
    const h = setup();
    h.clock.advance(130_000);
    h.correlation.stalled({ runId: "r", model: MODEL, provider: "fakea", startedAt: T0, silentMs: 121_400, agentId: "main", trigger: "user" });
    expect(h.reports).toEqual([{
      type: "call", ts: T0 + 130_000, model: MODEL, provider: "fakea", ok: false, runId: "r", durationMs: 130_000, agentId: "main", trigger: "user",
      classification: { category: "timeout", retryable: true, evidence: "stalled: no token for 121 s (bytes without tokens do not count)" },
    }]);
  });

  it("keeps provider text only redacted, in the error text and in the evidence", () => {
    const secrets = ["sk-proj-AbCdEfGhIjKlMnOpQrStUvWx", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "xoxb-1234567890-abcdefghij"];
    for (const secret of secrets) {
      const h = setup();
      const fault = { ...faultFor({ category: "auth_failed", model: MODEL }), errorMessage: `401 Incorrect API key provided: ${secret}.`, userText: `Authentication failed for ${secret}` };
      attempt(h, RUN, fault, 0);
      ended(h, RUN, fault, 1);
      finishing(h, RUN, fault);
      h.clock.advance(2_000);
      expect(h.reports).toHaveLength(2);
      const kept = JSON.stringify(h.reports);
      expect(kept).not.toContain(secret);
      expect(kept).toContain("[REDACTED]");
    }
  });

  it("hands an error of a timer's decision to the guard instead of throwing it", () => {
    const guarded: string[] = [];
    const h = setup({
      report: () => {
        throw new Error("supervisor down");
      },
      guard: (kind, fn) => {
        try {
          fn();
        } catch {
          guarded.push(kind);
        }
      },
    });
    ended(h, RUN, faultFor({ category: "server_error", model: MODEL }), 0);
    expect(() => h.clock.advance(2_000)).not.toThrow();
    expect(guarded).toEqual(["correlation_timer"]);
    expect(h.correlation.size()).toBe(0);
  });
});

describe("failure correlation over any ordering the gateway produces", () => {
  const anyFault = fc.constantFrom(...PROVIDER_ERRORS, ...KIND_ERRORS);
  const step = fc.record({ fault: anyFault, finishing: fc.boolean(), agentEnd: fc.boolean(), gapMs: fc.integer({ min: 0, max: 3_000 }) });
  const runEnd = fc.constantFrom("answered", "end", "error", "timer", "flush");

  it("reports every failed call exactly once, in call order, with the provider's class whenever agent_end carried its text", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.array(step, { minLength: 0, maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 24 }), runEnd, (stepsA, stepsB, schedule, end) => {
        const h = setup();
        const runs = [{ run: runOf("a"), steps: stepsA, next: 0 }, { run: runOf("b"), steps: stepsB, next: 0 }];
        const expected = new Map<string, string | undefined>();
        const play = (r: (typeof runs)[number]) => {
          const s = r.steps[r.next] as (typeof stepsA)[number];
          const n = r.next++;
          ended(h, r.run, s.fault, n);
          if (s.finishing && s.fault.kind !== "hang" && s.fault.kind !== "abort") finishing(h, r.run, s.fault);
          if (s.agentEnd) attemptEnd(h, r.run, s.fault);
          const decisive = s.fault.failureKind !== undefined || (s.agentEnd && s.fault.kind !== "hang" && s.fault.kind !== "abort");
          expected.set(`${r.run.runId}#${n}`, decisive ? (s.fault.failureKind ? FAILURE_KIND[s.fault.failureKind]?.category : s.fault.category) : undefined);
          h.clock.advance(s.gapMs);
        };
        let i = 0;
        while (runs.some((r) => r.next < r.steps.length)) {
          const pick = runs.filter((r) => r.next < r.steps.length);
          play((schedule[i++ % Math.max(1, schedule.length)] ? pick[pick.length - 1] : pick[0]) as (typeof runs)[number]);
        }
        for (const r of runs) {
          if (end === "answered") h.correlation.callCompleted(r.run.runId);
          else if (end === "end" || end === "error") h.correlation.runEnded(r.run.runId, end === "end");
        }
        if (end === "timer") h.clock.advance(1_500);
        if (end === "flush") h.correlation.flush();
        h.clock.advance(60_000);
        const keys = h.reports.map((c) => `${c.runId}#${c.retryCount}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect([...keys].sort()).toEqual([...expected.keys()].sort());
        for (const r of runs) expect(h.reports.filter((c) => c.runId === r.run.runId).map((c) => c.retryCount)).toEqual(r.steps.map((_, n) => n));
        for (const c of h.reports) {
          const want = expected.get(`${c.runId}#${c.retryCount}`);
          if (want) expect(c.classification?.category).toBe(want);
        }
        expect(h.correlation.size()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
