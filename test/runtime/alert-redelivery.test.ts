import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/domain/effects.js";
import { SupervisorBus } from "../../src/runtime/bus.js";
import { lateAlert, redeliverAlerts } from "../../src/runtime/alert-redelivery.js";

const T = Date.UTC(2026, 11, 4, 17, 5);
const critical: Effect = {
  action: "alert",
  target: "owner",
  reason: "budget spent",
  params: { severity: "critical", key: "channel:telegram:given_up", title: "[self-heal] critical: channel telegram is down and self-heal gave up", lines: ["telegram: budget spent"] },
};

function setup(channel: string | null = "telegram") {
  const bus = new SupervisorBus();
  const sent: Effect[] = [];
  redeliverAlerts({ bus, execute: async (e) => void sent.push(e), alertChannel: () => channel ?? undefined, retryEveryMs: 0 });
  const state = (id: string, to: string) => bus.emit("channel.state", { kind: "channel", id, from: "given_up", to, reason: "", ts: T });
  return { bus, sent, state };
}

describe("alerts that could not be delivered", () => {
  it("go out once, marked late, when the alert channel is connected again", async () => {
    const { bus, sent, state } = setup();
    bus.emit("action.failed", { id: 1, effect: critical, ts: T, error: "message send: 401" });
    state("irc", "connected");
    expect(sent).toEqual([]);
    state("telegram", "connected");
    state("telegram", "connected");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params).toMatchObject({
      key: "channel:telegram:given_up|late",
      late: true,
      title: "[self-heal] critical: channel telegram is down and self-heal gave up (sent late)",
      lines: ["telegram: budget spent", "raised at 17:05 UTC, while telegram could not deliver it"],
    });
  });

  it("are not sent again when the same alert got through in the meantime", () => {
    const { bus, sent, state } = setup();
    bus.emit("action.failed", { id: 1, effect: critical, ts: T });
    bus.emit("action.executed", { id: 2, effect: critical, ts: T + 1 });
    state("telegram", "connected");
    expect(sent).toEqual([]);
  });

  it("try a late copy that failed again at the next chance, at most three times in all", () => {
    const { bus, sent, state } = setup();
    bus.emit("action.failed", { id: 1, effect: critical, ts: T });
    for (let i = 0; i < 4; i++) {
      state("telegram", "connected");
      if (sent[i]) bus.emit("action.failed", { id: 10 + i, effect: sent[i]!, ts: T + i });
    }
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((e) => e.params?.key))).toEqual(new Set(["channel:telegram:given_up|late"]));
    expect(sent[0]).toEqual(lateAlert(critical, T, "telegram"));
  });

  it("retry on a timer while the alert channel reads connected (a send that timed out), never while it is down", async () => {
    const bus = new SupervisorBus();
    const sent: Effect[] = [];
    const stop = redeliverAlerts({ bus, execute: async (e) => void sent.push(e), alertChannel: () => "telegram", retryEveryMs: 20 });
    bus.emit("channel.state", { kind: "channel", id: "telegram", from: "connected", to: "disconnected", reason: "", ts: T });
    bus.emit("action.failed", { id: 1, effect: critical, ts: T });
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toEqual([]);
    bus.emit("channel.state", { kind: "channel", id: "telegram", from: "given_up", to: "given_up", reason: "", ts: T });
    const healed = { ...critical, params: { ...critical.params, key: "channel:telegram:healed" } };
    bus.emit("channel.state", { kind: "channel", id: "telegram", from: "disconnected", to: "connected", reason: "", ts: T });
    expect(sent).toHaveLength(1);
    bus.emit("action.failed", { id: 2, effect: healed, ts: T + 5 });
    await new Promise((r) => setTimeout(r, 80));
    stop();
    expect(sent.map((e) => e.params?.key)).toEqual(["channel:telegram:given_up|late", "channel:telegram:healed|late"]);
  });

  it("wait for nothing when no alert channel is configured (the webhook is the only path)", () => {
    const { bus, sent, state } = setup(null);
    bus.emit("action.failed", { id: 1, effect: critical, ts: T });
    state("telegram", "connected");
    expect(sent).toEqual([]);
  });
});
