// Channel health from real `openclaw channels status --json` output (OpenClaw 2026.9.6 with @openclaw/irc
// 2026.9.5 on ngircd and the bundled Telegram channel on the loopback Bot API fake), recorded by hand into
// fixtures/channel-status/ (see the README there).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readChannelStatus } from "../../src/adapter/channel-status.js";
import { withLiveness } from "../../src/adapter/channel-liveness.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "channel-status");
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8"));
const reading = (name: string, channel: string) => readChannelStatus(fixture(name)).find((r) => r.channel === channel);

describe("channel status read from real readings", () => {
  it("reads both channels as ready on a healthy gateway, with and without --probe", () => {
    for (const name of ["ready", "ready-probe", "after-traffic"]) {
      expect(reading(name, "irc")).toMatchObject({ connected: true, condition: "ready" });
      expect(reading(name, "telegram")).toMatchObject({ connected: true, condition: "ready" });
    }
  });

  it("reads an IRC server that is gone as not connected although OpenClaw still says connected: true", () => {
    const raw = (fixture("irc-down-13s") as any).channelAccounts.irc[0];
    expect(raw.connected).toBe(true);
    expect(raw.lifecycle).toBe("recovering");
    const r = reading("irc-down-13s", "irc")!;
    expect(r).toMatchObject({ connected: false, condition: "recovering" });
    expect(r.detail).toMatch(/^OpenClaw is reconnecting it \(lifecycle recovering\); last connected \d+ s ago$/);
    expect(reading("irc-down-3s", "irc")!.connected).toBe(false);
  });

  it("quotes OpenClaw's own error when a probe found one", () => {
    const r = reading("irc-down-probe", "irc")!;
    expect(r).toMatchObject({ connected: false, condition: "error" });
    expect(r.detail).toContain("ECONNREFUSED");
  });

  it("reads an IRC account stopped through channels.stop as stopped, and back to ready after the server returns", () => {
    expect(reading("irc-stopped", "irc")).toMatchObject({ connected: false, condition: "stopped" });
    expect(reading("irc-back", "irc")).toMatchObject({ connected: true, condition: "ready" });
  });

  it("reads a revoked Telegram token as an error with OpenClaw's words, also after the token works again", () => {
    for (const name of ["tg-401", "tg-after-401"]) {
      const r = reading(name, "telegram")!;
      expect(r).toMatchObject({ connected: false, condition: "error" });
      expect(r.detail).toMatch(/^OpenClaw reports an error: Unauthorized \| Telegram ingress worker exited with code 1; last connected \d+ s ago$/);
    }
  });

  it("reads a Telegram account OpenClaw is restarting by itself (Bot API 5xx) as restart pending, then ready", () => {
    expect(reading("tg-5xx", "telegram")).toMatchObject({ connected: false, condition: "restart_pending", detail: "OpenClaw is restarting it after: Call to 'deleteWebhook' failed! (502: Bad Gateway)" });
    expect(reading("tg-after-5xx", "telegram")).toMatchObject({ connected: true, condition: "ready" });
  });

  it("keeps the activity times OpenClaw reports", () => {
    const r = reading("after-traffic", "irc")!;
    expect(r.lastInboundAt).toBe(1796404786203);
    expect(reading("after-traffic", "telegram")!.lastTransportActivityAt).toBe(1796404805387);
  });

  it("tells a restart OpenClaw has pending and a switched-off account apart", () => {
    const pending = readChannelStatus({ channelAccounts: { x: [{ accountId: "a", lifecycle: "ready", restartPending: true, running: true }] } });
    expect(pending[0]).toMatchObject({ connected: false, condition: "restart_pending", detail: "OpenClaw is restarting it" });
    expect(readChannelStatus({ channelAccounts: { x: [{ accountId: "a", enabled: false, lifecycle: "stopped" }] } })).toEqual([]);
    const starting = readChannelStatus({ channelAccounts: { x: [{ accountId: "a", lifecycle: "starting", running: true }] } });
    expect(starting[0]).toMatchObject({ connected: false, condition: "restart_pending", detail: "OpenClaw is starting it (lifecycle starting)" });
  });

  it("counts a channel as connected when one of its accounts is ready, naming the sick one", () => {
    const r = readChannelStatus({ channelAccounts: { x: [{ accountId: "a", lifecycle: "ready", running: true }, { accountId: "b", lifecycle: "recovering" }] } });
    expect(r[0]).toMatchObject({ connected: true, condition: "ready" });
    const down = readChannelStatus({ channelAccounts: { x: [{ accountId: "a", lifecycle: "stopped", running: false }, { accountId: "b", lastError: "401 Unauthorized" }] } });
    expect(down[0]).toMatchObject({ connected: false, condition: "stopped", detail: "account b: OpenClaw reports an error: 401 Unauthorized" });
  });

  it("still reads the older shapes without a lifecycle", () => {
    expect(readChannelStatus({ channels: { w: { status: "disconnected" } } })[0]).toMatchObject({ connected: false });
    expect(readChannelStatus({ channels: { w: { running: true } } })[0]).toMatchObject({ connected: true });
    expect(readChannelStatus({ status: "starting", channels: { w: { running: true } } })).toEqual([]);
  });
});

describe("connected but deaf", () => {
  const ready = reading("ready", "telegram")!;
  const t = ready.lastTransportActivityAt!;

  it("calls a ready Telegram account deaf once its long polls stop completing for longer than the limit", () => {
    expect(withLiveness(ready, t + 60_000, 90_000)).toBe(ready);
    const deaf = withLiveness(ready, t + 100_000, 90_000);
    expect(deaf.connected).toBe(false);
    expect(deaf.detail).toBe("connected but deaf: ready, yet no transport activity (not even an empty poll) for 100 s");
  });

  it("calls a real hung long poll deaf, and a poll that completes empty (accepts polls, delivers nothing) not", () => {
    // tg-hang / tg-after-hang: getUpdates never answered; OpenClaw still said lifecycle "ready", connected: true.
    const hung = readChannelStatus(fixture("tg-after-hang")).find((r) => r.channel === "telegram")!;
    const at = (fixture("tg-after-hang") as { ts: number }).ts;
    expect(hung).toMatchObject({ connected: true, condition: "ready" });
    expect(withLiveness(hung, at, 45_000)).toMatchObject({ connected: false });
    // tg-deaf: empty polls still complete (transport time moves about every 30 s): not told from a quiet chat.
    const deaf = readChannelStatus(fixture("tg-after-deaf")).find((r) => r.channel === "telegram")!;
    expect(withLiveness(deaf, (fixture("tg-after-deaf") as { ts: number }).ts, 45_000).connected).toBe(true);
  });

  it("never calls a channel without transport times deaf, nor one already down, nor with the check off", () => {
    const irc = reading("after-traffic", "irc")!;
    expect(withLiveness(irc, Date.now() + 1e9, 90_000)).toBe(irc);
    const down = reading("irc-down-13s", "irc")!;
    expect(withLiveness(down, Date.now() + 1e9, 90_000)).toBe(down);
    expect(withLiveness(ready, t + 1e9, 0)).toBe(ready);
  });
});
