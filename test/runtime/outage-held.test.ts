import { describe, it, expect } from "vitest";
import { harness } from "../helpers/supervisor-harness.js";
import { createIngest } from "../../src/adapter/ingest/index.js";
import { Supervisor } from "../../src/runtime/supervisor.js";
import { replayInto } from "../../src/runtime/replay.js";
import type { JournalRecord } from "../../src/runtime/records.js";

const CHAIN = ["p/primary", "q/backup", "r/third"];

/** Default config: one failure of each candidate cools it; the outage threshold (3 in a row) is not reached. */
async function allCooledOnce() {
  const h = harness();
  h.supervisor.start();
  for (const m of CHAIN) h.fail(m, { category: "server_overload" });
  await h.settle();
  return h;
}

describe("outage at the default config", () => {
  it("starts at the first held turn when every candidate's last outcome was a failure, and alerts once", async () => {
    const h = await allCooledOnce();
    expect(h.supervisor.health).not.toBe("outage");
    expect(h.types()).not.toContain("outage.started");
    const ingest = createIngest({ supervisor: h.supervisor, clock: h.clock });
    const ctx = { runId: "r1", agentId: "main", sessionKey: "agent:main:s1", modelProviderId: "p", modelId: "primary", trigger: "user" };
    const block = ingest.hook("before_agent_run", { prompt: "hi" }, ctx) as { outcome?: string } | undefined;
    expect(block?.outcome).toBe("block");
    await h.settle();
    const held = h.journal.records.filter((r) => r.type === "turn.held");
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ agentId: "main", model: "p/primary", runId: "r1" });
    const started = h.journal.records.filter((r) => r.type === "outage.started");
    expect(started).toHaveLength(1);
    expect(started[0]?.ts).toBe(held[0]?.ts);
    expect(h.supervisor.health).toBe("outage");
    const alert = h.host.alerts.filter((a) => a.key === "outage|main");
    expect(alert).toHaveLength(1);
    expect(alert[0]?.lines.join("\n")).toContain("q/backup");
    // A second held turn neither starts a second outage nor alerts again.
    ingest.hook("before_agent_run", { prompt: "again" }, { ...ctx, runId: "r2" });
    await h.settle();
    expect(h.journal.records.filter((r) => r.type === "outage.started")).toHaveLength(1);
    // Later failures below the threshold keep the outage; one success ends it.
    h.fail("p/primary", { category: "server_overload" });
    await h.settle();
    expect(h.supervisor.health).toBe("outage");
    h.ok("q/backup");
    await h.settle();
    expect(h.types()).toContain("outage.ended");
    expect(h.supervisor.health).not.toBe("outage");
  });

  it("does not start an outage from a held turn while a candidate has not failed since its last success", async () => {
    const h = harness();
    h.supervisor.start();
    h.supervisor.observe({ type: "turn.held", ts: h.clock.now(), agentId: "main", model: "p/primary" });
    await h.settle();
    expect(h.types()).not.toContain("outage.started");
  });

  it("rebuilds the outage from the journal (turn.held is a replayed observation)", async () => {
    const h = await allCooledOnce();
    h.supervisor.observe({ type: "turn.held", ts: h.clock.now(), model: "p/primary" });
    await h.settle();
    expect(h.supervisor.agentsDown()).toEqual(["main"]);
    const fresh = harness();
    const records = h.journal.records as unknown as JournalRecord[];
    replayInto(fresh.supervisor as Supervisor, records);
    expect(fresh.supervisor.agentsDown()).toEqual(["main"]);
  });
});
