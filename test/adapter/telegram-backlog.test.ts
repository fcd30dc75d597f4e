import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deafReading, isDeaf, telegramEndpoint } from "../../src/adapter/telegram-backlog.js";

describe("Telegram liveness check (messages waiting that completed polls did not fetch)", () => {
  const first = { at: 1_000, pending: 2 };

  it("calls a channel deaf only when messages waited, a poll completed since, and they still wait", () => {
    expect(isDeaf(first, { at: 6_000, pending: 2 }, 3_000)).toBe(true);
    expect(isDeaf(first, { at: 6_000, pending: 2 }, 900)).toBe(false); // no poll completed since
    expect(isDeaf(first, { at: 6_000, pending: 0 }, 3_000)).toBe(false); // fetched
    expect(isDeaf({ at: 1_000, pending: 0 }, { at: 6_000, pending: 1 }, 3_000)).toBe(false); // a quiet chat, new message
    expect(isDeaf(undefined, { at: 6_000, pending: 3 }, 3_000)).toBe(false);
  });

  it("says so in plain words", () => {
    const r = deafReading({ channel: "telegram", connected: true, condition: "ready" }, 1);
    expect(r).toEqual({ channel: "telegram", connected: false, condition: "ready", detail: "connected but deaf: 1 message waits at Telegram that OpenClaw's completed polls did not fetch" });
    expect(deafReading({ channel: "telegram", connected: true, condition: "ready" }, 3).detail).toBe("connected but deaf: 3 messages wait at Telegram that OpenClaw's completed polls did not fetch");
  });

  it("finds the bot token in the config or its token file, and the apiRoot", () => {
    expect(telegramEndpoint({ channels: { telegram: { botToken: "1:a", apiRoot: "http://127.0.0.1:9/" } } })).toEqual({ apiRoot: "http://127.0.0.1:9", token: "1:a" });
    const dir = mkdtempSync(path.join(os.tmpdir(), "tgtok-"));
    writeFileSync(path.join(dir, "t"), "2:b\n");
    expect(telegramEndpoint({ channels: { telegram: { tokenFile: path.join(dir, "t") } } })).toEqual({ apiRoot: "https://api.telegram.org", token: "2:b" });
    expect(telegramEndpoint({ channels: { telegram: { enabled: false, botToken: "1:a" } } })).toBeUndefined();
    expect(telegramEndpoint({ channels: { telegram: { botToken: { source: "env", id: "TG" } } } })).toBeUndefined();
    expect(telegramEndpoint({})).toBeUndefined();
  });
});
