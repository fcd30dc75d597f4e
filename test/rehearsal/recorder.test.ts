import { describe, expect, it } from "vitest";
import { Recorder, SLOW_TURN_MS } from "../../src/rehearsal/recorder.js";
import type { TurnRecord } from "../../src/host/simulated/turn-engine.js";

const T0 = Date.parse("2026-03-02T09:00:00Z");
let n = 0;
function answered(session: string, arrivedAt: number, tookMs: number, model = "openai/gpt"): TurnRecord {
  return { runId: `r${++n}`, agentId: "main", session, trigger: "user", arrivedAt, startedAt: arrivedAt, endedAt: arrivedAt + tookMs, ok: true, outcome: "answered", model, requested: "openai/gpt", requests: 1 };
}

describe("the rehearsal timeline's turn lines", () => {
  it("shows an answer from the same model once, but a slow one again: the user waited for it", () => {
    const rec = new Recorder(T0);
    rec.turn(answered("s1", T0, 2_000));
    rec.turn(answered("s2", T0 + 10_000, 3_000));
    rec.turn(answered("s3", T0 + 20_000, SLOW_TURN_MS + 40_000));
    rec.turn(answered("s4", T0 + 30_000, SLOW_TURN_MS - 1));
    expect(rec.timeline.map((e) => `${e.actor}: ${e.event}`)).toEqual(["turn s1: answered by openai/gpt after 2.0 s", "turn s3: answered by openai/gpt after 1.2 min"]);
  });
});
