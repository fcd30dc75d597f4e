import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { RedisServer } from "../helpers/redis-server.js";
import { startGateway, waitFor, type Gateway } from "./kit.js";

const PASSWORD = "s3cret-redis-pass-4711";
const API_KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123456789";

let server: RedisServer;
beforeAll(async () => {
  server = await RedisServer.start({ password: PASSWORD });
});
afterAll(async () => {
  await server.stop();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe("shared health keeps secrets out of Redis", () => {
  it("writes no password or provider key into keys, values, messages, logs or either journal", async () => {
    const watcher = new Redis(server.url);
    const messages: string[] = [];
    await watcher.psubscribe("*");
    watcher.on("pmessage", (_p: string, channel: string, message: string) => messages.push(`${channel} ${message}`));
    const gateways: Gateway[] = [];
    try {
      const a = startGateway("gw-a", { url: server.url });
      const b = startGateway("gw-b", { url: server.url });
      gateways.push(a, b);
      await waitFor(() => a.runtime.shared()?.status().state === "sharing" && b.runtime.shared()?.status().state === "sharing", 5000, "sharing");
      a.fail("p/primary", { category: "auth_failed", status: 401, evidence: `401 Incorrect API key provided: ${API_KEY} (Authorization: Bearer ${API_KEY})` });
      await waitFor(() => b.runtime.supervisor.stateOf("model", "p/primary") === "disabled", 2000, "b learns the disable");
      a.runtime.shared()!.probeDone("p/primary", { ok: false, durationMs: 5, classification: { category: "auth_failed", retryable: false, evidence: `key=${API_KEY}` } });
      await waitFor(() => messages.some((m) => m.includes('"kind":"probe"')), 2000, "the probe message");
      const reader = new Redis(server.url);
      const dump: string[] = [];
      try {
        for (const key of await reader.keys("*")) {
          dump.push(key);
          const type = await reader.type(key);
          if (type === "string") dump.push(String(await reader.get(key)));
        }
      } finally {
        reader.disconnect();
      }
      expect(dump.some((d) => d.includes("p/primary"))).toBe(true); // the entry is there...
      // a was handed the raw text (this test skips the classifier, which would already redact it); nothing that left a
      // (Redis keys, values, messages) nor anything b wrote or logged may carry the key; nothing anywhere the password.
      const shared = [...dump, ...messages, ...b.logs, ...a.logs];
      for (const g of gateways) g.runtime.journal.flushSync();
      const bFiles = filesUnder(b.stateDir).map((f) => readFileSync(f, "utf8"));
      const aFiles = filesUnder(a.stateDir).map((f) => readFileSync(f, "utf8"));
      expect(bFiles.join("\n")).toContain("peer.health");
      for (const text of [...shared, ...bFiles]) expect(text).not.toContain(API_KEY);
      for (const text of [...shared, ...bFiles, ...aFiles]) expect(text).not.toContain(PASSWORD);
      expect([...dump, ...messages].join("\n")).toContain("[REDACTED]");
      // The learned fact says who reported it, and nothing about where Redis is.
      const learned = b.records("peer.health")[0];
      expect(learned).toMatchObject({ gateway: "gw-a", kind: "disabled", category: "auth_failed" });
      expect(JSON.stringify(learned)).not.toContain("127.0.0.1");
      // No second alert: the gateway that saw the failure told the owner.
      await new Promise((r) => setTimeout(r, 200));
      expect(b.host.alerts).toHaveLength(0);
    } finally {
      for (const g of gateways) g.stop();
      watcher.disconnect();
    }
  });
});
