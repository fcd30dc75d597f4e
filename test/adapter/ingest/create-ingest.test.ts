import { describe, it, expect } from "vitest";
import { ManualClock } from "../../../src/domain/clock.js";
import type { DomainEvent } from "../../../src/domain/events.js";
import { createIngest } from "../../../src/adapter/ingest/create-ingest.js";

// Payload shapes below are copied from the real gateway (research/e2e-probe/results/failures.txt and
// hook-samples.json, openclaw 2026.9.6): model_call_ended never carries the status or text; agent_end's
// last message does ("429 ...; Retry-After: 1 seconds"); lifecycle "finishing" carries failoverReason.

function setup(route: (agent: string | undefined, candidate: string, runId?: string, trigger?: string) => string | undefined = () => undefined) {
  const clock = new ManualClock(Date.parse("2026-11-01T10:00:00Z"));
  const events: DomainEvent[] = [];
  const ingest = createIngest({ supervisor: { observe: (e) => events.push(e), route }, clock });
  return { clock, events, ingest };
}

const RUN = "8e27b1bf-7ea9-489c-932d-b013cf01cb5b";
const ctx = { agentId: "a429", sessionKey: "agent:a429:explicit:f-a429", runId: RUN, trigger: "user", modelProviderId: "fakea", modelId: "flaky" };
const ended429 = { runId: RUN, callId: `${RUN}:model:1`, sessionKey: "agent:a429:explicit:f-a429", sessionId: "f-a429", provider: "fakea", model: "flaky", api: "openai-completions", durationMs: 28, outcome: "error", errorCategory: "Error" };
const finishing = { runId: RUN, seq: 4, stream: "lifecycle", ts: 1, data: { phase: "finishing", error: "⚠️ Rate limit reached for requests (fake). Please try again later.; Retry-After: 1 seconds", errorObservation: { provider: "fakea", model: "flaky", failoverReason: "rate_limit", providerRuntimeFailureKind: "rate_limit" } } };
const agentEnd429 = {
  success: true,
  durationMs: 139,
  runId: RUN,
  messages: [
    { role: "user", content: [{ type: "text", text: "scenario a429 please answer" }] },
    { role: "assistant", content: [], provider: "fakea", model: "flaky", stopReason: "error", errorMessage: "429 Rate limit reached for requests (fake). Please try again later.; Retry-After: 1 seconds", errorCode: "rate_limit_exceeded" },
  ],
};

describe("ingest", () => {
  it("joins a failed model call with agent_end's error text into one classified call", () => {
    const { ingest, events } = setup();
    ingest.hook("model_call_ended", ended429, ctx);
    expect(events).toEqual([]);
    ingest.agentEvent(finishing);
    ingest.hook("agent_end", agentEnd429, ctx);
    expect(events).toHaveLength(1);
    const call = events[0];
    expect(call?.type).toBe("call");
    if (call?.type !== "call") return;
    expect(call.model).toBe("fakea/flaky");
    expect(call.ok).toBe(false);
    expect(call.classification?.category).toBe("rate_limit");
    expect(call.classification?.retryAfterMs).toBe(1000);
    expect(call.agentId).toBe("a429");
    expect(call.runId).toBe(RUN);
  });

  it("reports a failed call with only the lifecycle reason when agent_end never comes", () => {
    const { ingest, events, clock } = setup();
    ingest.hook("model_call_ended", { ...ended429, model: "down" }, ctx);
    ingest.agentEvent({ ...finishing, data: { phase: "finishing", error: "The AI service is temporarily overloaded.", errorObservation: { provider: "fakea", model: "down", failoverReason: "overloaded" } } });
    clock.advance(2000);
    expect(events).toHaveLength(1);
    expect(events[0]?.type === "call" && events[0].classification?.category).toBe("server_overload");
  });

  it("classifies timeouts and resets from failureKind without waiting", () => {
    const { ingest, events } = setup();
    ingest.hook("model_call_ended", { ...ended429, model: "slow", failureKind: "timeout", durationMs: 8050 }, ctx);
    ingest.hook("model_call_ended", { ...ended429, model: "reset", failureKind: "connection_reset" }, ctx);
    expect(events.map((e) => (e.type === "call" ? e.classification?.category : undefined))).toEqual(["timeout", "network_error"]);
  });

  it("reports successful calls and a turn that fell back", () => {
    const { ingest, events } = setup();
    ingest.hook("before_model_resolve", { prompt: "hi" }, ctx);
    ingest.hook("model_call_ended", ended429, ctx);
    ingest.hook("agent_end", agentEnd429, ctx);
    ingest.hook("before_model_resolve", { prompt: "[Retry after the previous model attempt failed or timed out]\n\nhi" }, { ...ctx, modelProviderId: "fakeb", modelId: "ok-2" });
    ingest.hook("model_call_ended", { ...ended429, provider: "fakeb", model: "ok-2", outcome: "completed", durationMs: 47 }, { ...ctx, modelProviderId: "fakeb", modelId: "ok-2" });
    ingest.agentEvent({ runId: RUN, seq: 9, stream: "lifecycle", ts: 2, data: { phase: "end", stopReason: "stop" } });
    const types = events.map((e) => e.type);
    expect(types).toEqual(["call", "call", "turn"]);
    const turn = events[2];
    expect(turn?.type === "turn" && turn).toMatchObject({ agentId: "a429", ok: true, model: "fakeb/ok-2", requested: "fakea/flaky", fallbackUsed: true });
  });

  it("answers before_model_resolve with the supervisor's route, split into provider and model", () => {
    const { ingest } = setup((_a, candidate) => (candidate === "fakea/flaky" ? "openrouter/meta/llama-3" : undefined));
    expect(ingest.hook("before_model_resolve", { prompt: "x" }, ctx)).toEqual({ providerOverride: "openrouter", modelOverride: "meta/llama-3" });
    expect(ingest.hook("before_model_resolve", { prompt: "x" }, { ...ctx, modelProviderId: "fakeb", modelId: "ok-2" })).toBeUndefined();
  });

  it("turns cron_changed finished runs into per-run outcomes and ignores other actions", () => {
    const { ingest, events } = setup();
    ingest.hook("cron_changed", { action: "started", jobId: "j1" }, {});
    ingest.hook("cron_changed", { action: "finished", jobId: "j1", status: "error", error: "All models failed (2): fakea/unauthorized: 401 ... (auth)" }, {});
    ingest.hook("cron_changed", { action: "finished", jobId: "j1", status: "ok" }, {});
    ingest.hook("cron_changed", { action: "finished", jobId: "j1", status: "skipped" }, {});
    expect(events.map((e) => (e.type === "cron.run" ? e.ok : "x"))).toEqual([false, true]);
  });

  it("never throws on garbage payloads", () => {
    const { ingest } = setup(() => {
      throw new Error("boom");
    });
    for (const name of ["model_call_ended", "agent_end", "before_model_resolve", "cron_changed", "gateway_start", "unknown_hook"]) {
      for (const payload of [null, undefined, 42, "x", [], { messages: "nope" }, { outcome: "error" }]) {
        expect(() => ingest.hook(name, payload, payload)).not.toThrow();
      }
    }
    expect(() => ingest.agentEvent({ stream: "lifecycle", data: null })).not.toThrow();
    expect(() => ingest.hook("before_model_resolve", {}, ctx)).not.toThrow();
  });
});

describe("ingest before_agent_run gate", () => {
  it("blocks a run only when the supervisor holds the agent's model, and says why", () => {
    const clock = new ManualClock(0);
    const ingest = createIngest({
      supervisor: { observe: () => undefined, route: () => undefined, hold: (_a, m) => (m === "fakea/down" ? "every model is failing" : undefined) },
      clock,
    });
    expect(ingest.hook("before_agent_run", { prompt: "x" }, { agentId: "a", modelProviderId: "fakea", modelId: "down" })).toEqual({ outcome: "block", reason: "self_heal_all_models_down", message: "every model is failing" });
    expect(ingest.hook("before_agent_run", { prompt: "x" }, { agentId: "a", modelProviderId: "fakea", modelId: "ok" })).toBeUndefined();
  });

  it("leaves a user-pinned session's model alone", () => {
    const clock = new ManualClock(0);
    const ingest = createIngest({ supervisor: { observe: () => undefined, route: () => "fakeb/ok-2" }, clock, isUserPinned: (key) => key === "agent:a:pinned" });
    const ctx = { agentId: "a", modelProviderId: "fakea", modelId: "down", runId: "r" };
    expect(ingest.hook("before_model_resolve", {}, { ...ctx, sessionKey: "agent:a:pinned" })).toBeUndefined();
    expect(ingest.hook("before_model_resolve", {}, { ...ctx, sessionKey: "agent:a:free" })).toEqual({ providerOverride: "fakeb", modelOverride: "ok-2" });
  });
});

describe("ingest with prototype-named values", () => {
  it("treats a failureKind named like an Object.prototype member as unknown, not as a classification", () => {
    const clock = new ManualClock(0);
    const events: DomainEvent[] = [];
    const ingest = createIngest({ supervisor: { observe: (e) => events.push(e), route: () => undefined }, clock });
    ingest.hook("model_call_ended", { runId: "r", provider: "p", model: "m", outcome: "error", failureKind: "constructor" }, {});
    ingest.flush();
    const call = events.find((e) => e.type === "call");
    expect(call?.type === "call" && typeof call.classification?.category).toBe("string");
  });

  it("turns llm_output usage into a call.usage event of input + output tokens", () => {
    const { ingest, events } = setup();
    // llm_output as OpenClaw 2026.9.6 runs it (builtin runLlmOutput): usage is the attempt's normalised usage.
    const output = { runId: RUN, sessionId: "f-a429", provider: "fakea", model: "ok", resolvedRef: "fakea/ok", assistantTexts: ["hi"], usage: { input: 11, output: 7, cacheRead: 100, cacheWrite: 0, total: 118 } };
    ingest.hook("llm_output", output, { ...ctx, trigger: "cron" });
    expect(events).toEqual([{ type: "call.usage", ts: Date.parse("2026-11-01T10:00:00Z"), model: "fakea/ok", provider: "fakea", tokens: 18, input: 11, output: 7, runId: RUN, agentId: "a429", trigger: "cron" }]);
  });

  it("uses usage.total when input and output are missing, and ignores output without usage", () => {
    const { ingest, events } = setup();
    ingest.hook("llm_output", { runId: RUN, provider: "fakea", model: "ok", usage: { total: 42 } }, ctx);
    ingest.hook("llm_output", { runId: RUN, provider: "fakea", model: "ok", assistantTexts: [] }, ctx);
    ingest.hook("llm_output", { runId: RUN, provider: "fakea", model: "ok", usage: { input: 0, output: 0 } }, ctx);
    ingest.hook("llm_output", { runId: RUN, provider: "fakea", model: "ok", usage: "lots" }, ctx);
    expect(events.map((e) => e.type === "call.usage" && e.tokens)).toEqual([42]);
  });

  it("passes the run's trigger to steering so non-urgent turns can be routed differently", () => {
    const seen: Array<string | undefined> = [];
    const { ingest } = setup((_a, _c, _r, trigger) => {
      seen.push(trigger);
      return undefined;
    });
    ingest.hook("before_model_resolve", {}, { ...ctx, trigger: "heartbeat" });
    ingest.hook("before_model_resolve", {}, ctx);
    expect(seen).toEqual(["heartbeat", "user"]);
  });

  it("numbers each call of a run (retryCount) and says whether the run recovered after a failure, from what the host reports", () => {
    const { ingest, events } = setup();
    ingest.hook("before_model_resolve", { prompt: "hi" }, ctx);
    ingest.hook("model_call_ended", ended429, ctx);
    ingest.hook("agent_end", agentEnd429, ctx);
    ingest.hook("model_call_ended", ended429, ctx);
    ingest.hook("agent_end", agentEnd429, ctx);
    ingest.hook("model_call_ended", { ...ended429, provider: "fakeb", model: "ok-2", outcome: "completed", durationMs: 47 }, { ...ctx, modelProviderId: "fakeb", modelId: "ok-2" });
    ingest.agentEvent({ runId: RUN, seq: 9, stream: "lifecycle", ts: 2, data: { phase: "end", stopReason: "stop" } });
    const calls = events.filter((e) => e.type === "call");
    expect(calls.map((c) => c.type === "call" && [c.ok, c.retryCount, c.recovered])).toEqual([[false, 0, undefined], [false, 1, undefined], [true, 2, true]]);
    expect(events.at(-1)).toMatchObject({ type: "turn", ok: true, failedCalls: 2, recovered: true });
  });

  it("a failure settled by the run's end carries the run's outcome: not recovered when the run failed", () => {
    const { ingest, events } = setup();
    ingest.hook("before_model_resolve", { prompt: "hi" }, ctx);
    ingest.hook("model_call_ended", ended429, ctx);
    ingest.agentEvent({ runId: RUN, seq: 9, stream: "lifecycle", ts: 2, data: { phase: "error", error: "429 rate limit" } });
    expect(events[0]).toMatchObject({ type: "call", ok: false, retryCount: 0, recovered: false });
    expect(events[1]).toMatchObject({ type: "turn", ok: false, failedCalls: 1, recovered: false });
  });
});

describe("ingest keeps provider and channel text only redacted", () => {
  const SECRET = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx";
  const BOT = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

  it("on every path that copies text into an event: agent_end, lifecycle, cron, channel detail and gateway stop", () => {
    const { ingest, events, clock } = setup();
    // A failed call decided by agent_end's message, one by agent_end's error field, one by lifecycle text alone.
    ingest.hook("model_call_ended", ended429, ctx);
    ingest.hook("agent_end", { ...agentEnd429, messages: [{ role: "assistant", stopReason: "error", errorMessage: `401 Incorrect API key provided: ${SECRET}` }] }, ctx);
    ingest.hook("model_call_ended", ended429, ctx);
    ingest.hook("agent_end", { runId: RUN, messages: [], success: false, error: `request to https://user:${SECRET}@api.example.com failed` }, ctx);
    ingest.hook("model_call_ended", ended429, ctx);
    ingest.agentEvent({ ...finishing, data: { phase: "finishing", error: `Authorization: Bearer ${SECRET}`, errorObservation: { failoverReason: "auth" } } });
    clock.advance(2_000);
    ingest.agentEvent({ runId: RUN, agentId: "a429", seq: 9, stream: "lifecycle", ts: 2, data: { phase: "error", error: `All models failed (1): fakea/flaky: key ${SECRET} (auth)` } });
    ingest.hook("cron_changed", { action: "finished", jobId: "j1", status: "error", error: `401 for key ${SECRET}` }, {});
    ingest.hook("self_heal.channel_status", { channel: "telegram", connected: false, detail: `GET https://api.telegram.org/bot${BOT}/getMe failed` }, {});
    ingest.hook("gateway_stop", { reason: `stopping; token=${SECRET}` }, {});
    expect(events.map((e) => e.type)).toEqual(["call", "call", "call", "turn", "cron.run", "channel.observed", "gateway.stopping"]);
    const kept = JSON.stringify(events);
    expect(kept).not.toContain(SECRET);
    expect(kept).not.toContain(BOT);
    expect(kept.match(/\[REDACTED\]/g)?.length).toBeGreaterThanOrEqual(6);
  });
});
