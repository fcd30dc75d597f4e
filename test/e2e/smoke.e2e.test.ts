// Smoke test of the e2e ground: a real OpenClaw 2026.9.6 gateway (pinned runtime, Node 24) with a
// local TEST-ONLY plugin and our fault-injecting fake model server, all on 127.0.0.1.
// Needs `node scripts/install-openclaw-runtime.mjs` first; fails with the install hint otherwise (like every e2e file).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { runtimeOrFail } from "./helpers/self-heal.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ECHO_PLUGIN = path.join(here, "support", "fixtures", "echo-plugin");
runtimeOrFail("e2e smoke");

describe("e2e smoke: real gateway + echo plugin + fake provider", () => {
  let fake: FakeProvider;
  let gw: Gateway;

  beforeAll(async () => {
    fake = await startFakeProvider();
    fake.setBehaviour("primary-1", { kind: "503" });
    fake.setBehaviour("backup-1", { kind: "ok", text: "BACKUP-ANSWER" });
    gw = await startGateway({
      fake,
      agents: [{ id: "a503", primary: "fakea/primary-1", fallbacks: ["fakeb/backup-1"] }],
      plugins: [{ id: "echo", path: ECHO_PLUGIN, config: { greeting: "hi-from-config" } }],
      fastFailover: true,
    });
    console.info(`[e2e smoke] gateway pid=${gw.pid} port=${gw.port} health=${gw.bootMs.health}ms ready=${gw.bootMs.ready}ms root=${gw.root}`);
  });

  afterAll(async () => {
    if (gw) {
      const s = await gw.stop();
      console.info(`[e2e smoke] gateway stopped in ${s.ms} ms (exit ${s.exitCode ?? s.signal})`);
    }
    await fake?.close();
  });

  it("answers the plugin's gateway method echo.status", async () => {
    const res = await gw.call("echo.status", { ping: 1 });
    expect(res).toMatchObject({ ok: true, plugin: "echo", greeting: "hi-from-config", params: { ping: 1 } });
  });

  it("/echo/status (auth: gateway) refuses an unauthenticated request and answers with the token", async () => {
    const anon = await gw.http("/echo/status", { auth: false });
    expect(anon.status).toBe(401);
    const wrong = await gw.http("/echo/status", { auth: "not-the-token" });
    expect(wrong.status).toBe(401);
    const ok = await gw.http("/echo/status");
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, plugin: "echo" });
  });

  it("a turn whose primary answers 503 is answered by the fallback", async () => {
    const since = Date.now();
    const r = await gw.turn("a503", "smoke-1", "hello from the smoke test", { timeoutMs: 90_000 });
    expect(r.rc, r.stderr.slice(-2000)).toBe(0);
    const meta = r.json?.meta ?? r.json?.result?.meta;
    expect(meta?.executionTrace).toMatchObject({ fallbackUsed: true, winnerProvider: "fakeb", winnerModel: "backup-1" });
    expect(meta.executionTrace.attempts[0]).toMatchObject({ provider: "fakea", model: "primary-1", result: "candidate_failed", reason: "overloaded", status: 503 });
    expect(meta?.agentMeta?.terminalReceipt).toMatchObject({
      requested: { provider: "fakea", model: "primary-1" },
      effective: { provider: "fakeb", model: "backup-1" },
      rerouted: true,
    });
    expect(JSON.stringify(r.json)).toContain("BACKUP-ANSWER");

    const primary = fake.requests({ model: "primary-1", since });
    expect(primary.length).toBeGreaterThanOrEqual(1);
    expect(primary[0]).toMatchObject({ provider: "fakea", status: 503, stream: true, isProbe: false });
    expect(primary[0]!.lastUser).toContain("hello from the smoke test");
    const backup = fake.requests({ model: "backup-1", since });
    expect(backup.map((b) => b.status)).toContain(200);
    expect(backup[0]!.provider).toBe("fakeb");
    expect(backup[0]!.at).toBeGreaterThanOrEqual(primary[0]!.at);
  });
});
