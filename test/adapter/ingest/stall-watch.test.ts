import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/domain/clock.js";
import { createIngest } from "../../../src/adapter/ingest/index.js";
import type { DomainEvent } from "../../../src/domain/events.js";
import { STALL_DEFAULT_MS, STALL_MIN_MS } from "../../../src/adapter/ingest/stall-watch.js";

const T0 = Date.parse("2026-02-12T13:00:00Z");

function setup(stallMs?: number) {
  const clock = new ManualClock(T0);
  const seen: DomainEvent[] = [];
  const ingest = createIngest({ supervisor: { observe: (e) => seen.push(e), route: () => undefined }, clock, ...(stallMs !== undefined ? { stallMs: () => stallMs } : {}) });
  const start = (runId: string) => ingest.hook("model_call_started", { runId, callId: `${runId}:1`, provider: "p", model: "m", sessionKey: "agent:main:s" }, { runId, agentId: "main", trigger: "user" });
  const end = (runId: string, outcome: "completed" | "error", durationMs: number) => ingest.hook("model_call_ended", { runId, provider: "p", model: "m", outcome, durationMs, ...(outcome === "error" ? { failureKind: "timeout" } : {}) }, { runId });
  const token = (runId: string) => ingest.agentEvent({ runId, stream: "assistant", seq: 1, ts: clock.now(), data: { delta: "hi" } });
  const keepAlive = (runId: string) => ingest.agentEvent({ runId, stream: "run_status", seq: 1, ts: clock.now(), data: { phase: "waiting" } });
  const failures = () => seen.filter((e): e is Extract<DomainEvent, { type: "call" }> => e.type === "call" && !e.ok);
  return { clock, start, end, token, keepAlive, failures };
}

describe("stalled streams", () => {
  it("reports a call with no token for stallSeconds as a timeout of its model, once", () => {
    const s = setup(10_000);
    s.start("r1");
    s.clock.advanceTo(T0 + 5_000);
    s.keepAlive("r1");
    s.clock.advanceTo(T0 + 9_999);
    expect(s.failures()).toEqual([]);
    s.clock.advanceTo(T0 + 10_000);
    expect(s.failures()).toHaveLength(1);
    expect(s.failures()[0]).toMatchObject({ model: "p/m", runId: "r1", agentId: "main", classification: { category: "timeout" } });
    expect(s.failures()[0]?.classification?.evidence).toMatch(/^stalled: no token for 10 s/);
    // The call's own timeout later is the same failure: not reported twice.
    s.clock.advanceTo(T0 + 60_000);
    s.end("r1", "error", 60_000);
    expect(s.failures()).toHaveLength(1);
  });

  it("counts tokens as progress: a slow but streaming answer is not a stall", () => {
    const s = setup(10_000);
    s.start("r2");
    for (let t = 8_000; t <= 40_000; t += 8_000) {
      s.clock.advanceTo(T0 + t);
      s.token("r2");
    }
    s.end("r2", "completed", 40_000);
    s.clock.advanceTo(T0 + 120_000);
    expect(s.failures()).toEqual([]);
  });

  it("learns the deadline from the model's recent successful calls (3x the slowest, at least 30 s)", () => {
    const s = setup();
    s.start("a");
    s.clock.advanceTo(T0 + STALL_DEFAULT_MS - 1);
    s.end("a", "completed", 12_000);
    s.start("b");
    const from = s.clock.now();
    s.clock.advanceTo(from + 36_000 - 1);
    expect(s.failures()).toEqual([]);
    s.clock.advanceTo(from + 36_000);
    expect(s.failures()).toHaveLength(1);
    expect(36_000).toBeGreaterThan(STALL_MIN_MS);
  });
});
