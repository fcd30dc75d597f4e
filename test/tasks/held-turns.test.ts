import { describe, it, expect } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { createIngest } from "../../src/adapter/ingest/create-ingest.js";

describe("held turns", () => {
  const setup = (holding: boolean) => {
    const held: unknown[] = [];
    const ingest = createIngest({
      supervisor: { observe: () => undefined, route: () => undefined, hold: () => (holding ? "every AI model of this assistant is failing right now" : undefined) },
      clock: new ManualClock(0),
      onHeld: (h) => held.push(h),
    });
    return { ingest, held };
  };
  const ctx = { runId: "run-7", sessionKey: "agent:main:explicit:s1", agentId: "main", modelProviderId: "p", modelId: "m", trigger: "user" };

  it("are reported for task recovery with the run, session and agent, and still blocked", () => {
    const { ingest, held } = setup(true);
    const result = ingest.hook("before_agent_run", { prompt: "hello?", messages: [] }, ctx);
    expect(result).toMatchObject({ outcome: "block" });
    expect(held).toEqual([{ runId: "run-7", sessionKey: "agent:main:explicit:s1", agentId: "main", model: "p/m", trigger: "user", prompt: "hello?" }]);
  });

  it("are not reported when the run is let through", () => {
    const { ingest, held } = setup(false);
    expect(ingest.hook("before_agent_run", {}, ctx)).toBeUndefined();
    expect(held).toEqual([]);
  });
});
