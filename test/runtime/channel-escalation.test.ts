import { describe, expect, it } from "vitest";
import { harness, type Harness } from "../helpers/supervisor-harness.js";
import { replayInto } from "../../src/runtime/replay.js";
import { channelEscalation } from "../../src/runtime/channel-escalation.js";
import type { JournalRecord } from "../../src/journal/envelope.js";

const BOTH = { actions: { restartGateway: true }, channels: { restartGateway: true, disconnectThreshold: 2, restartBudgetMax: 0 } };

async function down(h: Harness, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: false });
    await h.settle();
    await h.advance(5_000);
  }
}

const proposed = (h: Harness) => h.journal.records.filter((r) => r.type === "action.proposed" && r.action === "restart_gateway");

describe("a channel that stays down after its restarts gets one gateway restart", () => {
  it("restarts the gateway once when the channel gives up, and not again while the same break lasts", async () => {
    const h = harness(BOTH);
    h.supervisor.start();
    await down(h, 2);
    expect(h.supervisor.stateOf("channel", "whatsapp")).toBe("given_up");
    expect(h.host.count("restartGateway")).toBe(1);
    expect(proposed(h)[0]).toMatchObject({ target: "gateway", reason: expect.stringContaining("channel whatsapp still down after its restarts") });
    await down(h, 10);
    expect(h.host.count("restartGateway")).toBe(1);
    expect(proposed(h)).toHaveLength(1);
  });

  it("asks for nothing unless both channels.restartGateway and actions.restartGateway are on", async () => {
    for (const config of [{ channels: { ...BOTH.channels, restartGateway: false }, actions: { restartGateway: true } }, { channels: BOTH.channels }]) {
      const h = harness(config);
      h.supervisor.start();
      await down(h, 4);
      expect(h.supervisor.stateOf("channel", "whatsapp")).toBe("given_up");
      expect(proposed(h)).toEqual([]);
    }
  });

  it("after the restart, the journal replayed into a new supervisor proposes no second restart for the same break", async () => {
    const before = harness(BOTH);
    before.supervisor.start();
    await down(before, 2);
    expect(proposed(before)).toHaveLength(1);
    const records = JSON.parse(JSON.stringify(before.journal.records)) as JournalRecord[];

    const after = harness(BOTH);
    after.clock.advanceTo(before.clock.now());
    replayInto(after.supervisor, records);
    after.supervisor.start();
    after.supervisor.observe({ type: "gateway.started", ts: after.clock.now() });
    await after.settle();
    expect(after.supervisor.stateOf("gateway", "gateway")).toBe("running");
    await down(after, 10);
    expect(after.supervisor.stateOf("channel", "whatsapp")).toBe("given_up");
    expect(proposed(after)).toEqual([]);
    expect(after.host.count("restartGateway")).toBe(0);
  });

  it("escalates only on entering given_up", () => {
    const config = { channels: { restartGateway: true }, actions: { restartGateway: true } } as never;
    expect(channelEscalation(config, "irc", "disconnected", "given_up")).toBe("channel irc still down after its restarts");
    expect(channelEscalation(config, "irc", "given_up", "given_up")).toBeUndefined();
    expect(channelEscalation(config, "irc", "disconnected", "restarting")).toBeUndefined();
  });
});
