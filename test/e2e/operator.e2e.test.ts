// Operator verbs and the move from the two older plugins, on one real gateway: a 401-disabled model cleared with
// `openclaw self-heal clear`, maintenance mode through a 503 storm, and `self-heal migrate --apply` of the seeds'
// own openclaw-self-healing example and resilience config + strategy (old plugins installed as inert stand-ins).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { REPO, journal, modelState, runtimeOrFail, selfHealPlugin, sleep, waitFor } from "./helpers/self-heal.js";

runtimeOrFail("e2e operator");
const seed = (name: string) => readFileSync(path.join(REPO, "test", "fixtures", "seeds", name), "utf8");
const fixture = (name: string) => path.join(REPO, "test", "e2e", "support", "fixtures", name);
const PRIMARY = "fakea/primary-1";

describe("operator commands and migration on the real gateway", () => {
  let fake: FakeProvider;
  let gw: Gateway;
  const status = () => gw.call("self-heal.status", {});

  beforeAll(async () => {
    fake = await startFakeProvider();
    gw = await startGateway({
      fake,
      agents: [{ id: "main", primary: PRIMARY, fallbacks: ["fakeb/backup-1"] }],
      plugins: [
        selfHealPlugin({}),
        { id: "openclaw-self-healing", path: fixture("old-self-healing"), allowConversationAccess: false },
        { id: "resilience", path: fixture("old-resilience"), config: JSON.parse(seed("resilience-config.json")), allowConversationAccess: false },
      ],
      // The seed's openclaw-self-healing example, verbatim, as the user's openclaw.json holds it.
      configPatch: JSON.parse(seed("self-healing-openclaw.json")),
      fastFailover: true,
      // Two extra plugins and a shared 2-core machine: boot can take over a minute.
      readyTimeoutMs: 300_000,
    });
  }, 330_000);

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it("supervises with the old plugins' entries present, and names self-heal migrate", async () => {
    const s = await status();
    expect(s.running).toBe(true);
    expect(s.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/plugins\.entries\.openclaw-self-healing.*openclaw self-heal migrate --apply/), expect.stringMatching(/plugins\.entries\.resilience.*openclaw self-heal migrate --apply/)]),
    );
  });

  it("a model disabled for a 401 is cleared with `openclaw self-heal clear` once the key works, and the next turn goes to it", async () => {
    fake.setBehaviour("primary-1", { kind: "401" });
    const refusedAt = Date.now();
    expect((await gw.turn("main", "op-1", "hello")).rc).toBe(0);
    await waitFor("primary disabled", async () => modelState(await status(), PRIMARY) === "disabled" || undefined, 30_000);

    // Offline (the package's own `self-heal` bin) on a state dir the gateway holds: refused, naming the RPC way.
    const offline = spawnSync(process.execPath, [path.join(REPO, "dist", "src", "cli", "bin.js"), "clear", PRIMARY, "--state-dir", path.join(gw.stateDir, "plugins", "self-heal")], { encoding: "utf8", timeout: 60_000 });
    expect(offline.status, offline.stderr).toBe(3);
    expect(offline.stderr).toMatch(/a running gateway \(pid \d+\) holds .*journal, so the request must go through it: openclaw self-heal clear fakea\/primary-1 \(without --state-dir\), or: openclaw gateway call self-heal\.clear/);

    fake.setBehaviour("primary-1", { kind: "ok", text: "PRIMARY-BACK" });
    const since = Date.now();
    const cleared = await gw.cli(["self-heal", "clear", PRIMARY], { timeoutMs: 400_000 });
    expect(cleared.rc, cleared.stderr.slice(-800)).toBe(0);
    expect(cleared.stdout).toContain(`Cleared ${PRIMARY}: its failures are forgotten and it is now healthy`);
    // OpenClaw itself disables a provider's inline key for about a minute after a 401 ("Retry after about 1 minute");
    // self-heal cannot lift that, so the turn after the clear waits it out (see README "Operator commands").
    await sleep(Math.max(0, refusedAt + 70_000 - Date.now()));
    const next = await gw.turn("main", "op-1", "again");
    expect(next.rc).toBe(0);
    expect(JSON.stringify(next.json)).toContain("PRIMARY-BACK");
    expect(fake.requests({ model: "primary-1", since, isProbe: false }).length).toBeGreaterThanOrEqual(1);
    const op = journal(gw).find((r) => r.type === "operator.requested" && r.verb === "clear");
    expect(op).toMatchObject({ target: PRIMARY, surface: "cli" });
    expect(typeof op?.by).toBe("string");
  });

  it("paused, a 503 storm is journaled call by call and nothing is routed; resumed, the next failure is acted on", async () => {
    // The RPC the CLI uses (one CLI process instead of two: `openclaw self-heal` is proven above).
    const paused = await gw.call("self-heal.pause", { duration: "15m" }, { timeoutMs: 300_000 });
    expect(paused.text).toMatch(/^Maintenance mode until .*acts on nothing/);
    const mark = Math.max(0, ...journal(gw).map((r) => r.seq));
    const since = Date.now();
    fake.setBehaviour("primary-1", { kind: "503" });
    for (let i = 0; i < 3; i++) expect((await gw.turn("main", "op-2", `storm ${i}`)).rc).toBe(0);
    const s = await status();
    expect(s.maintenance).toBe(true);
    expect(s.operator.paused).toMatchObject({ surface: "rpc" });
    expect(modelState(s, PRIMARY)).toBe("healthy");
    // Every turn still went to the primary first (nothing routed), and every failed call is in the journal.
    expect(fake.requests({ model: "primary-1", since, isProbe: false }).length).toBeGreaterThanOrEqual(3);
    const after = await waitFor("storm journaled", () => {
      const recs = journal(gw).filter((r) => r.seq > mark);
      return recs.filter((r) => r.type === "call" && r.model === PRIMARY && r.errorType === "server_overload").length >= 3 ? recs : undefined;
    }, 15_000);
    expect(after.filter((r) => r.type.startsWith("action."))).toEqual([]);

    const resumed = await gw.call("self-heal.resume", {}, { timeoutMs: 300_000 });
    expect(resumed.ok).toBe(true);
    expect((await gw.turn("main", "op-2", "after resume")).rc).toBe(0);
    const routed = await waitFor("route_around after resume", () => journal(gw).find((r) => r.seq > mark && r.type === "action.executed" && r.action === "route_around" && r.target === PRIMARY), 20_000);
    expect(routed).toBeDefined();
    expect(modelState(await status(), PRIMARY)).not.toBe("healthy");
  });

  it("`self-heal migrate --apply` moves the seeds' openclaw-self-healing example and resilience config + strategies over; it supervises after the next start", async () => {
    const home = gw.env.HOME as string;
    const resilienceDir = path.join(home, ".openclaw", "plugins", "resilience");
    mkdirSync(resilienceDir, { recursive: true });
    writeFileSync(path.join(resilienceDir, "strategies.json"), `[${seed("resilience-strategy.json")}]`);
    const before = readFileSync(gw.configPath, "utf8");
    const m = await gw.cli(["self-heal", "migrate", "--apply", "--json"], { timeoutMs: 400_000 });
    expect(m.rc, m.stderr.slice(-1500)).toBe(0);
    const out = JSON.parse(m.stdout.slice(m.stdout.indexOf("{")));
    expect(out.keys.map((k: { from: string }) => k.from)).toEqual(
      expect.arrayContaining(["openclaw-self-healing.modelOrder", "openclaw-self-healing.cooldownMinutes", "openclaw-self-healing.autoFix.issueRepo", "resilience.logDir", "resilience.statsRetentionDays", "resilience.defaultStrategy"]),
    );
    expect(readFileSync(out.applied.backup, "utf8")).toBe(before);
    const written = JSON.parse(readFileSync(gw.configPath, "utf8"));
    expect(written.plugins.entries["openclaw-self-healing"].enabled).toBe(false);
    expect(written.plugins.entries.resilience.enabled).toBe(false);
    expect(written.plugins.entries["self-heal"].config).toMatchObject({ model: { maxCooldownSeconds: 18_000 }, statsRetentionDays: 90, logDir: path.join(resilienceDir, "logs") });

    const restarted = await gw.cli(["gateway", "restart", "--json"], { timeoutMs: 400_000 });
    expect(restarted.rc, restarted.stderr.slice(-800)).toBe(0);
    await sleep(3_000);
    const s = await waitFor("self-heal running with the migrated config", async () => {
      try {
        const st = await status();
        return st?.running && st.config?.cooldownMinutes === 300 ? st : undefined;
      } catch {
        return undefined;
      }
    }, 120_000, 1_000);
    expect(s.config.modelOrder).toEqual(JSON.parse(seed("self-healing-openclaw.json")).plugins.entries["openclaw-self-healing"].config.modelOrder);
    expect(s.problems.filter((p: string) => /migrate/.test(p))).toEqual([]);
    // The journal now lives where resilience kept its logs; it loaded resilience's strategy.
    const logs = path.join(resilienceDir, "logs");
    const loaded = await waitFor("strategies loaded from the migrated file", () => {
      if (!existsSync(logs)) return undefined;
      const lines = readdirSync(logs).filter((f) => f.endsWith(".jsonl")).flatMap((f) => readFileSync(path.join(logs, f), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)));
      return lines.find((r) => r.type === "strategies.loaded");
    }, 30_000);
    expect(loaded).toMatchObject({ source: "file", names: ["strategy-name"] });
  });
});
