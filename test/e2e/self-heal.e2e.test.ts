// The plugin inside a real OpenClaw 2026.9.6 gateway, with our fault-injecting fake provider (loopback only).
// One gateway for the file; one agent per scenario, so OpenClaw's own per-agent cooldowns never mix.
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { journal, modelState, runtimeOrFail, selfHealPlugin, sleep, waitFor } from "./helpers/self-heal.js";

const ready = runtimeOrFail("e2e self-heal");

const CONFIG = {
  model: { baseCooldownSeconds: 8, maxCooldownSeconds: 120, probeSpacingSeconds: 1, probeTimeoutSeconds: 10, recoveredHoldSeconds: 30 },
  outage: { consecutiveFailures: 3 },
  actions: { disableCron: true },
  cron: { failureThreshold: 2 },
  quota: { routeNonUrgent: true, budgets: [{ model: "fakea/q1", requests: 2 }] },
  statusIntervalSeconds: 2,
};

describe("self-heal in a real gateway", () => {
  let fake: FakeProvider;
  let gw: Gateway;
  const status = async () => gw.call("self-heal.status", {});

  beforeAll(async () => {
    fake = await startFakeProvider({ maxHangMs: 60_000 });
    for (const m of ["p503", "prec", "p429", "p401", "c1", "c2", "d1", "d2", "q1", "q2"]) fake.setBehaviour(m, { kind: "ok" });
    gw = await startGateway({
      fake,
      agents: [
        { id: "a503", primary: "fakea/p503", fallbacks: ["fakeb/b503"] },
        { id: "arec", primary: "fakea/prec", fallbacks: ["fakeb/brec"] },
        { id: "ahang", primary: "fakea/phang", fallbacks: ["fakeb/bhang"] },
        { id: "a429", primary: "fakea/p429", fallbacks: ["fakeb/b429"] },
        { id: "a401", primary: "fakea/p401", fallbacks: ["fakeb/b401"] },
        { id: "acron", primary: "fakea/c1", fallbacks: ["fakeb/c2"] },
        { id: "aall", primary: "fakea/d1", fallbacks: ["fakeb/d2"] },
        { id: "aquota", primary: "fakea/q1", fallbacks: ["fakeb/q2"] },
      ],
      providers: [
        { id: "fakea", timeoutSeconds: 4 },
        { id: "fakeb", timeoutSeconds: 8 },
      ],
      plugins: [selfHealPlugin(CONFIG)],
      fastFailover: true,
    });
    console.info(`[e2e self-heal] gateway ready in ${gw.bootMs.ready} ms (pid ${gw.pid})`);
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it("loads, supervises every agent's chain, and answers self-heal.status", async () => {
    const s = await waitFor("self-heal.status running", async () => {
      const r = await status();
      return r?.running ? r : undefined;
    });
    expect(s.health).toBe("healthy");
    expect(s.models.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(["fakea/p503", "fakeb/b503", "fakea/c1", "fakeb/c2"]));
    const anon = await gw.http("/self-heal/status", { auth: false });
    expect(anon.status).toBe(401);
    const authed = await gw.http("/self-heal/status");
    expect(authed.status).toBe(200);
    expect(authed.body.running).toBe(true);
  });

  it("(a) after one failed turn, later turns go straight to the fallback", async () => {
    fake.setBehaviour("p503", { kind: "503" });
    const first = await gw.turn("a503", "s-a", "first turn");
    expect(first.rc, first.stderr.slice(-1500)).toBe(0);
    await waitFor("p503 cooled down", async () => modelState(await status(), "fakea/p503") === "cooldown" || undefined, 20_000);
    const since = Date.now();
    const walls: number[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await gw.turn("a503", "s-a", `turn ${i + 2}`);
      expect(r.rc, r.stderr.slice(-1500)).toBe(0);
      const meta = r.json?.meta ?? r.json?.result?.meta;
      expect(meta?.agentMeta?.terminalReceipt?.effective).toMatchObject({ provider: "fakeb", model: "b503" });
      expect(meta?.executionTrace?.attempts?.[0]).toMatchObject({ provider: "fakeb", model: "b503", result: "success" });
      walls.push(r.wallMs);
    }
    const userRequests = fake.requests({ model: "p503", since, isProbe: false });
    expect(userRequests).toEqual([]);
    console.info(`[e2e self-heal] (a) rerouted turn wall ms: ${walls.join(", ")}`);
    const j = journal(gw);
    expect(j.some((r) => r.type === "action.executed" && r.action === "route_around" && r.target === "fakea/p503")).toBe(true);
    expect(j.some((r) => r.type === "call" && r.model === "fakea/p503" && r.errorType === "server_overload" && r.httpStatus === 503)).toBe(true);
  });

  it("(b) a recovered primary is probed back and serves turns again within one probe interval", async () => {
    fake.setBehaviour("prec", { kind: "503" });
    const first = await gw.turn("arec", "s-b", "while down");
    expect(first.rc).toBe(0);
    await waitFor("prec cooled down", async () => modelState(await status(), "fakea/prec") === "cooldown" || undefined, 20_000);
    fake.setBehaviour("prec", { kind: "ok", text: "PRIMARY-BACK" });
    const recoveredAt = Date.now();
    await waitFor("a successful probe of prec", () => fake.requests({ model: "prec", isProbe: true, since: recoveredAt }).find((r) => r.status === 200), 60_000);
    await waitFor("prec recovered", async () => ["recovered", "healthy"].includes(modelState(await status(), "fakea/prec") ?? "") || undefined, 30_000);
    const r = await gw.turn("arec", "s-b", "after recovery");
    expect(r.rc).toBe(0);
    expect(JSON.stringify(r.json)).toContain("PRIMARY-BACK");
    const lag = Date.now() - recoveredAt;
    console.info(`[e2e self-heal] (b) provider recovery → first primary turn: ${lag} ms`);
    // cooldown (8 s base, doubled once at most here, +20% jitter) + 2 probes 1 s apart + a turn
    expect(lag).toBeLessThan(45_000);
    expect(journal(gw).some((r) => r.type === "action.executed" && r.action === "fail_back" && r.target === "fakea/prec")).toBe(true);
  });

  it("(c) a hung primary under OpenClaw's default retries: first turn hits the breaker, later turns use the fallback", async () => {
    // OpenClaw's defaults for this agent: no settings.json → same-model retries and the idle-timeout breaker.
    rmSync(path.join(gw.stateDir, "agents", "ahang", "agent", "settings.json"), { force: true });
    fake.setBehaviour("phang", { kind: "hang" });
    const first = await gw.turn("ahang", "s-c", "hello?", { timeoutMs: 240_000 });
    const firstText = JSON.stringify(first.json ?? {}) + first.stderr;
    console.info(`[e2e self-heal] (c) first turn rc=${first.rc} wall=${first.wallMs} ms`);
    expect(fake.requests({ model: "bhang" }).filter((r) => r.status === 200)).toEqual([]);
    expect(first.rc === 0 && firstText.includes("FAKE-OK")).toBe(false);
    await waitFor("phang cooled down", async () => modelState(await status(), "fakea/phang") === "cooldown" || undefined, 20_000);
    const since = Date.now();
    const second = await gw.turn("ahang", "s-c", "and now?", { timeoutMs: 120_000 });
    expect(second.rc, second.stderr.slice(-1500)).toBe(0);
    expect(second.wallMs).toBeLessThan(30_000);
    expect(fake.requests({ model: "phang", since, isProbe: false })).toEqual([]);
    expect(fake.requests({ model: "bhang", since }).some((r) => r.status === 200)).toBe(true);
  });

  it("(d) a 429 with Retry-After is not probed before it runs out", async () => {
    fake.setBehaviour("p429", { kind: "429", retryAfter: 20 });
    const failedAt = Date.now();
    const r = await gw.turn("a429", "s-d", "rate limited");
    expect(r.rc).toBe(0);
    const s = await waitFor("p429 cooled down", async () => {
      const st = await status();
      return modelState(st, "fakea/p429") === "cooldown" ? st : undefined;
    }, 20_000);
    const until = Date.parse(s.models.find((m: { id: string }) => m.id === "fakea/p429").until);
    expect(until - failedAt).toBeGreaterThanOrEqual(19_000);
    fake.setBehaviour("p429", { kind: "ok" });
    const probe = await waitFor("a probe of p429", () => fake.requests({ model: "p429", isProbe: true }).at(0), 60_000);
    const lastFailure = Math.max(...fake.requests({ model: "p429", isProbe: false }).map((q) => q.at));
    expect(probe.at - lastFailure).toBeGreaterThanOrEqual(19_500);
  });

  it("(e) a 401 disables the model with one alert and no probe storm", async () => {
    fake.setBehaviour("p401", { kind: "401" });
    const since = Date.now();
    for (let i = 0; i < 3; i++) expect((await gw.turn("a401", "s-e", `auth ${i}`)).rc).toBe(0);
    await waitFor("p401 disabled", async () => modelState(await status(), "fakea/p401") === "disabled" || undefined, 20_000);
    await sleep(5_000);
    const alerts = journal(gw).filter((r) => r.type === "action.executed" && r.action === "alert" && JSON.stringify(r.params ?? {}).includes("fakea/p401"));
    expect(alerts).toHaveLength(1);
    expect(fake.requests({ model: "p401", isProbe: true, since })).toEqual([]);
    expect(fake.requests({ model: "p401", isProbe: false, since })).toHaveLength(1);
  });

  it("(g) a cron job failing run after run is disabled after the threshold; one failed run is not", async () => {
    fake.setBehaviour("c1", { kind: "401" });
    fake.setBehaviour("c2", { kind: "401" });
    const added = await gw.cli(["cron", "add", "--agent", "acron", "--name", "nightly", "--every", "1h", "--message", "digest", "--no-deliver", "--json"]);
    expect(added.rc, added.stderr).toBe(0);
    const jobId = JSON.parse(added.stdout.slice(added.stdout.indexOf("{"))).id as string;
    const runOnce = async (n: number) => {
      const before = journal(gw).filter((r) => r.type === "cron.run" && r.jobId === jobId).length;
      expect((await gw.cli(["cron", "run", jobId, "--json"])).rc).toBe(0);
      await waitFor(`cron run ${n} observed`, () => journal(gw).filter((r) => r.type === "cron.run" && r.jobId === jobId).length > before || undefined, 60_000, 500);
    };
    const enabled = async () => {
      const list = await gw.cli(["cron", "list", "--all", "--json"]);
      const jobs = JSON.parse(list.stdout.slice(list.stdout.indexOf("{"))).jobs as Array<{ id: string; enabled: boolean }>;
      return jobs.find((j) => j.id === jobId)?.enabled;
    };
    await runOnce(1);
    await sleep(1500);
    expect(await enabled()).toBe(true);
    await runOnce(2);
    await waitFor("cron job disabled", async () => (await enabled()) === false || undefined, 30_000, 1000);
    const j = journal(gw);
    expect(j.some((r) => r.type === "action.executed" && r.action === "disable_cron" && r.target === jobId)).toBe(true);
    expect(j.filter((r) => r.type === "cron.run" && r.jobId === jobId && r.ok === false)).toHaveLength(2);
  });

  it("(i) while every model of an agent is down, its turns are held with a clear message and reach no sick model", async () => {
    fake.setBehaviour("d1", { kind: "503" });
    fake.setBehaviour("d2", { kind: "503" });
    const first = await gw.turn("aall", "s-i", "everything is down");
    expect(first.rc).not.toBe(0);
    await waitFor("both models routed around", async () => {
      const s = await status();
      return s.models.filter((m: { id: string; routedAround: boolean }) => ["fakea/d1", "fakeb/d2"].includes(m.id) && m.routedAround).length === 2 || undefined;
    }, 20_000);
    const since = Date.now();
    const held = await gw.turn("aall", "s-i", "still down?");
    const text = JSON.stringify(held.json ?? {}) + held.stdout + held.stderr;
    expect(held.rc).not.toBe(0);
    expect(text).toMatch(/every AI model of this assistant is failing right now/);
    expect(held.wallMs).toBeLessThan(15_000);
    expect(fake.requests({ model: "d1", since, isProbe: false })).toEqual([]);
    expect(fake.requests({ model: "d2", since, isProbe: false })).toEqual([]);
  });

  it("(j) a model near its quota: user turns keep it, cron turns move to the fallback, tokens come from llm_output", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await gw.turn("aquota", "s-j", `quota turn ${i + 1}`);
      expect(r.rc, r.stderr.slice(-1500)).toBe(0);
    }
    const usage = await waitFor("quota critical in self-heal.status", async () => {
      const q = ((await status())?.quota ?? []).find((u: { model: string }) => u.model === "fakea/q1");
      return q?.level === "critical" && q?.routedUntil ? q : undefined;
    }, 20_000);
    expect(usage.requests).toEqual({ used: 2, limit: 2 });
    // The fake provider reports 11 prompt + 7 completion tokens per answer; OpenClaw hands them to llm_output.
    expect(usage.tokens.used).toBeGreaterThanOrEqual(36);
    const j = journal(gw);
    expect(j.filter((r) => r.type === "call.usage" && r.model === "fakea/q1").map((r) => r.tokens)).toEqual([18, 18]);
    const alerts = j.filter((r) => r.type === "action.executed" && r.action === "alert" && String((r.params as { key?: string })?.key).startsWith("quota|fakea/q1|"));
    expect(alerts.map((r) => (r.params as { severity?: string }).severity)).toEqual(["critical"]);
    expect(j.some((r) => r.type === "action.executed" && r.action === "route_around" && r.target === "fakea/q1" && (r.params as { scope?: string })?.scope === "non_urgent")).toBe(true);

    const since = Date.now();
    const added = await gw.cli(["cron", "add", "--agent", "aquota", "--name", "quota-digest", "--every", "1h", "--message", "digest", "--no-deliver", "--json"]);
    expect(added.rc, added.stderr).toBe(0);
    const jobId = JSON.parse(added.stdout.slice(added.stdout.indexOf("{"))).id as string;
    expect((await gw.cli(["cron", "run", jobId, "--json"])).rc).toBe(0);
    await waitFor("cron run observed", () => journal(gw).some((r) => r.type === "cron.run" && r.jobId === jobId) || undefined, 60_000, 500);
    expect(fake.requests({ model: "q2", since, isProbe: false }).length).toBeGreaterThanOrEqual(1);
    expect(fake.requests({ model: "q1", since, isProbe: false })).toEqual([]);

    const userSince = Date.now();
    const user = await gw.turn("aquota", "s-j", "a user still gets the primary");
    expect(user.rc, user.stderr.slice(-1500)).toBe(0);
    expect(fake.requests({ model: "q1", since: userSince, isProbe: false })).toHaveLength(1);
    expect(fake.requests({ model: "q2", since: userSince, isProbe: false })).toEqual([]);
  });
});
