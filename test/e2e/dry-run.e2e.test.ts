// Dry-run in a real gateway: the same incident proposes actions and executes none; and a restart wanted
// during an all-models outage is refused because openclaw.json is invalid (the config guard runs first).
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { journal, runtimeOrFail, selfHealPlugin, waitFor } from "./helpers/self-heal.js";

const ready = runtimeOrFail("e2e dry-run");

describe("self-heal dry-run in a real gateway", () => {
  let fake: FakeProvider;
  let gw: Gateway;

  beforeAll(async () => {
    fake = await startFakeProvider();
    gw = await startGateway({
      fake,
      agents: [
        { id: "a503", primary: "fakea/p503", fallbacks: ["fakeb/b503"] },
        { id: "aout", primary: "fakea/o1", fallbacks: ["fakeb/o2"] },
      ],
      plugins: [selfHealPlugin({ dryRun: true, model: { baseCooldownSeconds: 5 }, outage: { consecutiveFailures: 2, restartGateway: true }, actions: { restartGateway: true } })],
      fastFailover: true,
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it("(h) proposes actions for a 503 primary and executes none: turns keep reaching the primary", async () => {
    fake.setBehaviour("p503", { kind: "503" });
    expect((await gw.turn("a503", "d-1", "one")).rc).toBe(0);
    await waitFor("route_around proposed", () => journal(gw).find((r) => r.type === "action.proposed" && r.action === "route_around"), 20_000);
    const since = Date.now();
    expect((await gw.turn("a503", "d-1", "two")).rc).toBe(0);
    expect(fake.requests({ model: "p503", since, isProbe: false }).length).toBeGreaterThanOrEqual(1);
    const j = journal(gw);
    expect(j.filter((r) => r.type === "action.executed")).toEqual([]);
    const skipped = j.filter((r) => r.type === "action.skipped");
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((r) => r.why === "dry_run" || r.why === "config_invalid" || r.why === "budget")).toBe(true);
    const status = await gw.call("self-heal.status", {});
    expect(status.dryRun).toBe(true);
    expect(status.models.find((m: { id: string }) => m.id === "fakea/p503")?.state).not.toBe("healthy");
  });

  it("(f) with an invalid openclaw.json, a restart wanted during an outage is refused and journaled", async () => {
    const original = readFileSync(gw.configPath, "utf8");
    const broken = JSON.parse(original);
    broken.notAnOpenClawKey = true; // parses, but OpenClaw's own validator rejects it
    writeFileSync(gw.configPath, JSON.stringify(broken, null, 2));
    try {
      fake.setBehaviour("o1", { kind: "503" });
      fake.setBehaviour("o2", { kind: "503" });
      for (let i = 0; i < 3; i++) await gw.turn("aout", "d-f", `outage ${i}`);
      const refused = await waitFor("restart refused", () => journal(gw).find((r) => r.type === "action.skipped" && r.action === "restart_gateway"), 90_000, 500);
      expect(refused.why).toBe("config_invalid");
      expect(String(refused.detail)).toMatch(/notAnOpenClawKey|Unrecognized|invalid/i);
      const proposed = journal(gw).find((r) => r.type === "action.proposed" && r.action === "restart_gateway");
      expect(proposed && proposed.seq < refused.seq).toBe(true);
      expect(journal(gw).filter((r) => r.type === "action.proposed" && r.action === "alert" && r.params?.key === "outage|aout")).toHaveLength(1);
      expect(gw.alive()).toBe(true);
    } finally {
      writeFileSync(gw.configPath, original);
    }
  });
});
