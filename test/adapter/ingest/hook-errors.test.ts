import { describe, it, expect } from "vitest";
import { ManualClock } from "../../../src/domain/clock.js";
import type { DomainEvent } from "../../../src/domain/events.js";
import { createIngest } from "../../../src/adapter/ingest/create-ingest.js";
import { HookErrors, MAX_HOOK_ERROR_KINDS, hookErrorMessage } from "../../../src/adapter/ingest/hook-errors.js";

const RUN = "run-1";
const ctx = { agentId: "main", sessionKey: "agent:main:explicit:s1", runId: RUN, trigger: "user", modelProviderId: "fakea", modelId: "down" };
const failed = { runId: RUN, provider: "fakea", model: "down", outcome: "error", durationMs: 30 };

function throwing() {
  const clock = new ManualClock(0);
  const logs: string[] = [];
  const counts = new Map<string, number>();
  const ingest = createIngest({
    supervisor: {
      observe: () => {
        throw new Error("journal closed");
      },
      route: () => undefined,
    },
    clock,
    hookErrorCounts: counts,
    log: (m) => logs.push(m),
  });
  return { clock, logs, counts, ingest };
}

describe("hook errors", () => {
  it("counts every failure of a kind and logs only its first", () => {
    const logs: string[] = [];
    const errors = new HookErrors({ log: (m) => logs.push(m) });
    for (let i = 0; i < 3; i++) errors.record("model_call_ended", new TypeError(`bad ${i}`));
    errors.record("agent_end", new Error("other"));
    expect([...errors.counts]).toEqual([["model_call_ended", 3], ["agent_end", 1]]);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toBe(
      'self-heal: the "model_call_ended" handler failed and was skipped (TypeError: bad 0); OpenClaw carried on without it. ' +
        'Later failures of this kind are not logged again, only counted: self_heal_hook_errors_total{kind="model_call_ended"} on /self-heal/metrics.',
    );
    expect(logs[1]).toContain('"agent_end" handler failed');
  });

  it("returns the handler's value, or undefined when it threw, and never throws itself", () => {
    const errors = new HookErrors({
      log: () => {
        throw new Error("logger down");
      },
    });
    expect(errors.guard("x", () => 42)).toBe(42);
    expect(errors.guard("x", () => {
      throw new Error("boom");
    })).toBeUndefined();
    const hostile = new Error("e");
    Object.defineProperty(hostile, "message", {
      get: () => {
        throw new Error("no message");
      },
    });
    expect(() => errors.record("y", hostile)).not.toThrow();
    expect(errors.counts.get("y")).toBe(1);
    expect(errors.counts.get("x")).toBe(1);
  });

  it("bounds the kinds it counts; more count as other", () => {
    const errors = new HookErrors();
    for (let i = 0; i < MAX_HOOK_ERROR_KINDS + 5; i++) errors.record(`kind_${i}`, new Error("e"));
    expect(errors.counts.size).toBe(MAX_HOOK_ERROR_KINDS + 1);
    expect(errors.counts.get("other")).toBe(5);
  });

  it("keeps secrets out of the log line and keeps it short", () => {
    const line = hookErrorMessage("agent_end", new Error(`401 for key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx ${"x".repeat(5_000)}`));
    expect(line).not.toContain("sk-proj-AbCd");
    expect(line).toContain("[REDACTED]");
    expect(line.length).toBeLessThan(500);
  });
});

describe("ingest hook errors", () => {
  it("never throws into the gateway, counts each hook's failures by its name and logs each kind once", () => {
    const { ingest, counts, logs } = throwing();
    for (let i = 0; i < 3; i++) expect(() => ingest.hook("model_call_ended", { ...failed, failureKind: "timeout" }, ctx)).not.toThrow();
    expect(() => ingest.hook("gateway_start", {}, {})).not.toThrow();
    expect(() => ingest.hook("gateway_start", {}, {})).not.toThrow();
    expect(ingest.hookErrors()).toBe(counts);
    expect([...counts]).toEqual([["model_call_ended", 3], ["gateway_start", 2]]);
    expect(logs.map((l) => /"([a-z_]+)"/.exec(l)?.[1])).toEqual(["model_call_ended", "gateway_start"]);
  });

  it("counts an error of a lifecycle agent event as agent_event", () => {
    const { ingest, counts } = throwing();
    ingest.hook("before_model_resolve", {}, ctx);
    expect(() => ingest.agentEvent({ runId: RUN, stream: "lifecycle", data: { phase: "end" } })).not.toThrow();
    expect(counts.get("agent_event")).toBe(1);
  });

  it("counts a failed call's timed decision that throws as correlation_timer, and the timer does not throw", () => {
    const { ingest, counts, clock } = throwing();
    ingest.hook("model_call_ended", failed, ctx);
    expect(counts.size).toBe(0);
    expect(() => clock.advance(2_000)).not.toThrow();
    expect(counts.get("correlation_timer")).toBe(1);
  });

  it("counts a stalled call whose report throws as stall_timer", () => {
    const { ingest, counts, clock } = throwing();
    ingest.hook("model_call_started", { runId: RUN, provider: "fakea", model: "down" }, ctx);
    expect(() => clock.advance(130_000)).not.toThrow();
    expect(counts.get("stall_timer")).toBe(1);
  });

  it("still steers when the pinned-session check fails, and counts it as pinned_session_check", () => {
    const counts = new Map<string, number>();
    const ingest = createIngest({
      supervisor: { observe: () => undefined, route: () => "fakeb/ok-2" },
      clock: new ManualClock(0),
      hookErrorCounts: counts,
      isUserPinned: () => {
        throw new Error("session store unavailable");
      },
    });
    expect(ingest.hook("before_model_resolve", {}, ctx)).toEqual({ providerOverride: "fakeb", modelOverride: "ok-2" });
    expect([...counts]).toEqual([["pinned_session_check", 1]]);
  });

  it("still holds a run when recording its task fails, and counts it as held_task_record", () => {
    const counts = new Map<string, number>();
    const events: DomainEvent[] = [];
    const ingest = createIngest({
      supervisor: { observe: (e) => events.push(e), route: () => undefined, hold: () => "every model is failing" },
      clock: new ManualClock(0),
      hookErrorCounts: counts,
      onHeld: () => {
        throw new Error("tasks dir not writable");
      },
    });
    expect(ingest.hook("before_agent_run", { prompt: "hi" }, ctx)).toEqual({ outcome: "block", reason: "self_heal_all_models_down", message: "every model is failing" });
    expect(events.map((e) => e.type)).toEqual(["turn.held"]);
    expect([...counts]).toEqual([["held_task_record", 1]]);
  });

  it("counts nothing for a hook name it does not handle, even one named like an Object.prototype member", () => {
    const { ingest, counts } = throwing();
    for (const name of ["unknown_hook", "constructor", "toString", "__proto__"]) expect(ingest.hook(name, {}, {})).toBeUndefined();
    expect(counts.size).toBe(0);
  });
});
