import { describe, expect, it } from "vitest";
import { checkIrcLiveness, ircDeafReading, ircEndpoint, isonReply } from "../../src/adapter/irc-liveness.js";

describe("IRC liveness check: config and replies", () => {
  it("reads the server and nick from channels.irc, the default account winning, TLS unless tls:false", () => {
    expect(ircEndpoint({ channels: { irc: { host: "irc.example.net", nick: "bot", tls: false, port: 6668 } } })).toEqual({ host: "irc.example.net", port: 6668, tls: false, nick: "bot" });
    expect(ircEndpoint({ channels: { irc: { host: "a", nick: "x", accounts: { default: { nick: "y", password: "p" } } } } })).toEqual({ host: "a", port: 6697, tls: true, nick: "y", password: "p" });
    expect(ircEndpoint({ channels: { irc: { host: "a", nick: "x", enabled: false } } })).toBeUndefined();
    expect(ircEndpoint({ channels: { irc: { nick: "x" } } })).toBeUndefined();
    expect(ircEndpoint(undefined)).toBeUndefined();
  });

  it("parses ISON replies (303), empty when the nick is offline", () => {
    expect(isonReply(":irc.test 303 shk01234 :shbot")).toEqual(["shbot"]);
    expect(isonReply(":irc.test 303 shk01234 :")).toEqual([]);
    expect(isonReply(":irc.test 001 shk01234 :Welcome")).toBeUndefined();
  });

  it("says in plain words that the server no longer has the nick online", () => {
    const r = ircDeafReading({ channel: "irc", connected: true, condition: "ready" }, "shbot");
    expect(r.connected).toBe(false);
    expect(r.detail).toBe("connected but deaf: OpenClaw reads the IRC connection as ready, but the server no longer has shbot online");
  });

  it("leaves a reading alone that is not ready, just connected, or has no IRC config (no connection attempted)", async () => {
    const now = Date.now();
    const readings = [
      { channel: "irc", connected: true, condition: "ready" as const, lastConnectedAt: now - 1_000 },
      { channel: "telegram", connected: true, condition: "ready" as const },
    ];
    await checkIrcLiveness(readings, { channels: { irc: { host: "127.0.0.1", port: 1, nick: "x", tls: false } } }, now);
    expect(readings[0]!.connected).toBe(true);
    const old = [{ channel: "irc", connected: true, condition: "ready" as const, lastConnectedAt: now - 60_000 }];
    await checkIrcLiveness(old, {}, now);
    expect(old[0]!.connected).toBe(true);
  });
});
