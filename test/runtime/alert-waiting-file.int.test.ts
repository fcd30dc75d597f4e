import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Effect } from "../../src/domain/effects.js";
import { SupervisorBus } from "../../src/runtime/bus.js";
import { redeliverAlerts } from "../../src/runtime/alert-redelivery.js";
import { alertWaitingFile } from "../../src/runtime/alert-waiting-file.js";

const T = Date.UTC(2026, 11, 7, 9, 30);
const givenUp: Effect = {
  action: "alert",
  target: "owner",
  reason: "budget spent",
  params: { severity: "critical", key: "channel:irc:given_up", title: "[self-heal] critical: channel irc is down", lines: ["irc: budget spent"] },
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function gateway(file: string, now: number) {
  const bus = new SupervisorBus();
  const sent: Effect[] = [];
  const stop = redeliverAlerts({ bus, execute: async (e) => void sent.push(e), alertChannel: () => "irc", retryEveryMs: 0, store: alertWaitingFile(file), now: () => now });
  const connected = () => bus.emit("channel.state", { kind: "channel", id: "irc", from: "given_up", to: "connected", reason: "", ts: now });
  return { bus, sent, stop, connected };
}

describe("alerts waiting for their channel, across a gateway restart", () => {
  it("survive the restart in a 0600 file and go out once, late, when the channel is back", () => {
    const dir = mkdtempSync(join(tmpdir(), "self-heal-waiting-"));
    dirs.push(dir);
    const file = join(dir, "alerts-waiting.json");
    const before = gateway(file, T);
    before.bus.emit("action.failed", { id: 7, effect: givenUp, ts: T, error: "irc: not connected" });
    before.stop();
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const after = gateway(file, T + 120_000);
    after.connected();
    after.connected();
    expect(after.sent).toHaveLength(1);
    expect(after.sent[0]?.params).toMatchObject({ key: "channel:irc:given_up|late", late: true, lines: ["irc: budget spent", "raised at 09:30 UTC, while irc could not deliver it"] });
    // Delivered: the list is empty, so a third start sends nothing.
    after.bus.emit("action.executed", { id: 8, effect: after.sent[0] as Effect, ts: T + 121_000 });
    const third = gateway(file, T + 180_000);
    third.connected();
    expect(third.sent).toEqual([]);
  });

  it("drops alerts older than a day at start, and starts empty from a missing or unreadable file", () => {
    const dir = mkdtempSync(join(tmpdir(), "self-heal-waiting-"));
    dirs.push(dir);
    const file = join(dir, "alerts-waiting.json");
    const old = gateway(file, T);
    old.bus.emit("action.failed", { id: 1, effect: givenUp, ts: T, error: "down" });
    const late = gateway(file, T + 25 * 3_600_000);
    late.connected();
    expect(late.sent).toEqual([]);

    writeFileSync(file, "{ not json");
    const broken = gateway(file, T);
    broken.connected();
    expect(broken.sent).toEqual([]);
    // A failed alert afterwards is kept again (the file is rewritten whole).
    broken.bus.emit("action.failed", { id: 2, effect: givenUp, ts: T, error: "down" });
    expect(alertWaitingFile(file).load()).toHaveLength(1);
    expect(alertWaitingFile(join(dir, "missing.json")).load()).toEqual([]);
  });
});
