// The plugin with its default config and no extra permissions (only allowConversationAccess), as a new
// user installs it: it still routes around a 503 primary after OpenClaw's own 30 s cooldown has expired,
// because an agent's primary is probed as that agent's own model (no override permission needed).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { journal, runtimeOrFail, selfHealPlugin, sleep, waitFor } from "./helpers/self-heal.js";

const ready = runtimeOrFail("e2e defaults");

describe("self-heal with the default config", () => {
  let fake: FakeProvider;
  let gw: Gateway;

  beforeAll(async () => {
    fake = await startFakeProvider();
    gw = await startGateway({
      fake,
      agents: [{ id: "main", primary: "fakea/primary-1", fallbacks: ["fakeb/backup-1"] }],
      plugins: [selfHealPlugin({})],
      fastFailover: true,
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it("routes around a 503 primary after OpenClaw's own 30-second cooldown has expired", async () => {
    fake.setBehaviour("primary-1", { kind: "503" });
    const first = await gw.turn("main", "d-1", "first");
    expect(first.rc, first.stderr.slice(-1500)).toBe(0);
    await sleep(40_000); // OpenClaw's auth-profile cooldown (30 s) is over; ours was re-armed by a failed probe
    const since = Date.now();
    const second = await gw.turn("main", "d-1", "second");
    expect(second.rc, second.stderr.slice(-1500)).toBe(0);
    const meta = second.json?.meta ?? second.json?.result?.meta;
    expect(meta?.agentMeta?.terminalReceipt).toMatchObject({ requested: { provider: "fakea", model: "primary-1" }, effective: { provider: "fakeb", model: "backup-1" }, rerouted: true });
    expect(fake.requests({ model: "primary-1", since, isProbe: false })).toEqual([]);
    // The primary was probed (as agent main's own model) and the probe failed: that is what kept it cooled.
    const probes = fake.requests({ model: "primary-1", isProbe: true });
    expect(probes.length).toBeGreaterThanOrEqual(1);
    expect(probes[0]?.status).toBe(503);
    const j = journal(gw);
    expect(j.some((r) => r.type === "action.executed" && r.action === "probe_model" && r.target === "fakea/primary-1")).toBe(true);
    const status = await gw.call("self-heal.status", {});
    expect(status.running).toBe(true);
    expect(status.models.find((m: { id: string }) => m.id === "fakea/primary-1")?.routedAround).toBe(true);
  });

  it("fails back once the primary answers again", async () => {
    fake.setBehaviour("primary-1", { kind: "ok", text: "PRIMARY-AGAIN" });
    const at = Date.now();
    await waitFor("fail_back of the primary", () => journal(gw).find((r) => r.type === "action.executed" && r.action === "fail_back" && r.target === "fakea/primary-1"), 150_000, 1000);
    console.info(`[e2e defaults] provider recovery → fail_back: ${Date.now() - at} ms`);
    const r = await gw.turn("main", "d-1", "third");
    expect(r.rc).toBe(0);
    expect(JSON.stringify(r.json)).toContain("PRIMARY-AGAIN");
  });

  it("notices an outage of both models at the first held turn, without any override permission", async () => {
    fake.setBehaviour("primary-1", { kind: "503" });
    fake.setBehaviour("backup-1", { kind: "503" });
    const failed = await gw.turn("main", "d-2", "both down?");
    expect(failed.rc).not.toBe(0);
    await waitFor("both models routed around", async () => {
      const status = await gw.call("self-heal.status", {});
      return status.models.filter((m: { routedAround?: boolean }) => m.routedAround).length === 2 ? status : undefined;
    }, 15_000, 250);
    const held = await gw.turn("main", "d-2", "still down?");
    expect(held.rc).not.toBe(0);
    expect(JSON.stringify(held.json ?? {}) + held.stdout + held.stderr).toContain("every AI model of this assistant is failing right now");
    const heldRec = await waitFor("turn.held journaled", () => journal(gw).find((r) => r.type === "turn.held" && r.sessionKey?.includes("d-2")), 10_000, 200);
    const started = await waitFor("outage.started", () => journal(gw).find((r) => r.type === "outage.started" && r.agentId === "main"), 10_000, 200);
    const lagMs = Date.parse(started.ts) - Date.parse(heldRec.ts);
    console.info(`[e2e defaults] first held turn → outage.started: ${lagMs} ms`);
    expect(lagMs).toBeGreaterThanOrEqual(0);
    expect(lagMs).toBeLessThan(1_000);
    const alert = await waitFor("outage alert executed", () => journal(gw).find((r) => r.type === "action.executed" && r.action === "alert" && r.params?.key === "outage|main"), 10_000, 200);
    expect(JSON.stringify(alert.params)).toContain("fakeb/backup-1");
    const status = await gw.call("self-heal.status", {});
    expect(status.health).toBe("outage");
  });
  it("keeps every file it created in its state dir 0600 and every dir 0700 (strategies.json, journal, stats, status, snapshot)", async () => {
    const stateDir = path.join(gw.stateDir, "plugins", "self-heal");
    // status.json and strategies.json exist from the start; the journal and stats from the first turns.
    await waitFor("strategies.json", () => fs.existsSync(path.join(stateDir, "strategies.json")) || undefined, 30_000, 500);
    const walk = (dir: string): Array<[string, number, boolean]> =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        const entry: [string, number, boolean] = [path.relative(stateDir, p), fs.statSync(p).mode & 0o777, e.isDirectory()];
        return e.isDirectory() ? [entry, ...walk(p)] : [entry];
      });
    const entries: Array<[string, number, boolean]> = [[".", fs.statSync(stateDir).mode & 0o777, true], ...walk(stateDir)];
    const names = entries.map(([n]) => n);
    for (const expected of ["strategies.json", "status.json", "journal", "stats"]) expect(names).toContain(expected);
    const wrong = entries.filter(([, mode, dir]) => mode !== (dir ? 0o700 : 0o600)).map(([n, mode]) => `${n} ${mode.toString(8)}`);
    console.info(`[e2e defaults] state dir: ${entries.length} entries, wrong modes: ${wrong.length}`);
    expect(wrong).toEqual([]);
  });
});
