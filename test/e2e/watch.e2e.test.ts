// `self-heal watch` against a real gateway: hung (SIGSTOP) → restarted and answering again; openclaw.json corrupted
// while down → last known good restored with the diff in the alert; killed once more → budget (2) spent, exactly
// one alert, no restart loop; dry-run restarts nothing and journals what it would have done. The gateway is
// restarted through a test launcher (--restart-command), the way a systemd unit or `openclaw gateway restart` would.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { startLauncher, type Launcher } from "./helpers/gateway-launcher.js";
import { journal, REPO, runtimeOrFail, selfHealPlugin, sleep, waitFor } from "./helpers/self-heal.js";

runtimeOrFail("e2e watch");
const BIN = path.join(REPO, "dist", "src", "cli", "bin.js");
/** The watchdog's own bound: SIGSTOP → restart command run (interval 2 s + readiness timeout 4 s + `openclaw config validate`, ~3 s idle, ~20 s on a loaded 2-core machine). */
const DETECT_BOUND_MS = 60_000;
/** Detection plus OpenClaw's own boot (~15 s idle; minutes on a loaded 2-core machine). */
const HUNG_TO_READY_BOUND_MS = 240_000;

describe("self-heal watch heals a real gateway from outside", () => {
  let fake: FakeProvider;
  let gw: Gateway;
  let launcher: Launcher;
  let hook: http.Server;
  let watchdog: ChildProcess | undefined;
  const alerts: Array<Record<string, any>> = [];
  let hookUrl = "";
  let stateDir = "";

  const readyz = async () => {
    try {
      const r = await fetch(`http://127.0.0.1:${gw.port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      return r.status === 200;
    } catch {
      return false;
    }
  };
  const portClosed = async () => {
    try {
      await fetch(`http://127.0.0.1:${gw.port}/healthz`, { signal: AbortSignal.timeout(1_000) });
      return false;
    } catch (err) {
      return /ECONNREFUSED/.test(String((err as { cause?: unknown }).cause ?? err));
    }
  };
  const common = () => [
    "--state-dir", stateDir, "--gateway-url", `http://127.0.0.1:${gw.port}`, "--config", gw.configPath,
    "--openclaw", `${JSON.stringify(gw.runtime.node)} ${JSON.stringify(gw.runtime.openclawMjs)}`,
    "--restart-command", launcher.restartCommand, "--webhook", hookUrl, "--check-timeout", "4",
  ];
  const watchOnce = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      execFile(process.execPath, [BIN, "watch", "--once", ...args, ...common()], { env: gw.env, timeout: 120_000 }, (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, out, err }),
      );
    });
  const watchRecords = () => journal(gw).filter((r) => r.source === "watch");

  beforeAll(async () => {
    fake = await startFakeProvider();
    gw = await startGateway({ fake, agents: [{ id: "w1", primary: "fakea/ok-1" }], plugins: [selfHealPlugin({})], fastFailover: true, readyTimeoutMs: 300_000 });
    stateDir = path.join(gw.stateDir, "plugins", "self-heal");
    launcher = await startLauncher(gw);
    hook = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        alerts.push(JSON.parse(body) as Record<string, any>);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
    hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/alert`;
  });

  afterAll(async () => {
    watchdog?.kill("SIGTERM");
    await launcher?.stop();
    await gw?.stop();
    await fake?.close();
    hook?.close();
  });

  it("dry-run: a hung gateway is reported as hung, nothing is restarted, and the journal says what it would have done", async () => {
    const before = launcher.pid();
    launcher.signal("SIGSTOP");
    let r;
    try {
      r = await watchOnce(["--dry-run", "--json"]);
    } finally {
      launcher.signal("SIGCONT");
    }
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ gateway: "hung", action: "restart", outcome: "dry_run" });
    expect(Object.keys(result).sort()).toEqual(["action", "checks", "gateway", "outcome", "why"]);
    expect(result.checks.map((c: { name: string; ok: boolean }) => `${c.name}:${c.ok}`)).toEqual(["port:true", "readyz:false"]);
    expect(r.code).toBe(1);
    expect(launcher.pid()).toBe(before);
    expect(launcher.starts()).toBe(0);
    // The stopped gateway held the journal lock: the records waited in the outbox; its plugin moves them in.
    const skipped = await waitFor("the dry run in the journal", () => watchRecords().find((x) => x.type === "action.skipped" && x.action === "restart_gateway"), 30_000, 500);
    expect(skipped.why).toBe("dry_run");
    expect(watchRecords().some((x) => x.type === "watch.gateway" && x.state === "hung")).toBe(true);
    expect(watchRecords().some((x) => x.type === "action.executed")).toBe(false);
    expect(alerts).toEqual([]);
    await waitFor("the continued gateway to answer", readyz, 60_000, 500); // the same process, continued
    expect(launcher.pid()).toBe(before);
  });

  it(`a hung gateway (SIGSTOP) is restarted within ${DETECT_BOUND_MS / 1000} s and answers again; turns are answered`, async () => {
    watchdog = spawn(process.execPath, [BIN, "watch", ...common(), "--interval", "2", "--startup-grace", "240", "--budget", "2", "--budget-window", "900", "--rpc-every", "60", "--rpc-timeout", "90", "--log-level", "debug"], {
      env: gw.env,
      stdio: "ignore",
    });
    // While the gateway is up, the watchdog keeps the validated openclaw.json as the last known good copy.
    // (One `openclaw config validate` run: seconds on an idle machine, a minute or more under heavy load.)
    await waitFor("a last known good backup", () => existsSync(path.join(stateDir, "backups")) && readdirSync(path.join(stateDir, "backups")).length > 0, 180_000, 500);
    const t0 = Date.now();
    launcher.signal("SIGSTOP");
    await waitFor("the restart", () => launcher.starts() === 1, DETECT_BOUND_MS, 200);
    const restartedMs = Date.now() - t0;
    await waitFor("readyz after the restart", readyz, HUNG_TO_READY_BOUND_MS, 500);
    const hungToReadyMs = Date.now() - t0;
    console.log(`[watch e2e] SIGSTOP → restart command ${restartedMs} ms, → /readyz 200 ${hungToReadyMs} ms`);
    expect(hungToReadyMs).toBeLessThan(HUNG_TO_READY_BOUND_MS);
    const turn = await gw.turn("w1", "after-hang", "hello again");
    expect(turn.rc).toBe(0);
    expect(JSON.stringify(turn.json)).toContain("FAKE-OK");
    const executed = await waitFor("the restart in the journal", () => watchRecords().find((x) => x.type === "action.executed" && x.action === "restart_gateway"), 30_000, 500);
    expect(executed.params.health).toBe("hung");
    await waitFor("the recovery in the journal", () => watchRecords().find((x) => x.type === "watch.gateway" && x.state === "up" && typeof x.recoveredMs === "number"), 30_000, 500);
    const status = await gw.call("self-heal.status", {});
    expect(status.recentActions.some((a: { action: string; outcome: string }) => a.action === "restart_gateway" && a.outcome === "executed")).toBe(true);
    expect(alerts).toEqual([]);
  });

  it("openclaw.json corrupted while the gateway is down: the last known good copy is restored, the gateway comes up, the alert carries the diff", async () => {
    const good = readFileSync(gw.configPath, "utf8");
    watchdog!.kill("SIGSTOP"); // hold the watchdog while the gateway dies and the file breaks
    try {
      launcher.signal("SIGKILL", true);
      await waitFor("the port closed", portClosed, 20_000, 200);
      writeFileSync(gw.configPath, good.replace('"mode": "local"', '"mode": "local",,'));
    } finally {
      watchdog!.kill("SIGCONT");
    }
    // Two `openclaw config validate` runs (the broken file, then the backup): seconds idle, a minute or more under load.
    const alert = await waitFor("the restore alert", () => alerts.find((a) => a.action === "restore_config"), 180_000, 500);
    expect(alert.text).toContain("openclaw.json was invalid");
    expect(alert.diff).toContain('-     "mode": "local",,');
    expect(alert.diff).toContain('+     "mode": "local",');
    expect(alert.text).toContain(alert.diff);
    expect(readFileSync(gw.configPath, "utf8")).toBe(good);
    const kept = readdirSync(path.dirname(gw.configPath)).filter((f) => f.startsWith("openclaw.json.invalid-"));
    expect(kept).toHaveLength(1);
    await waitFor("readyz after the restore", readyz, HUNG_TO_READY_BOUND_MS, 500);
    expect(launcher.starts()).toBe(2);
  });

  it("killed again and again: once the budget (2 restarts) is spent it alerts exactly once and stops restarting", async () => {
    // The two restarts above spent the budget (--budget 2 per 900 s). The next death is not restarted.
    await waitFor("the watchdog to see the gateway ready again", () => watchRecords().filter((x) => x.type === "watch.gateway" && x.state === "up" && typeof x.recoveredMs === "number").length >= 2, 120_000, 500);
    launcher.signal("SIGKILL", true);
    const escalation = await waitFor("the escalation alert", () => alerts.find((a) => a.action === "escalate"), DETECT_BOUND_MS, 300);
    expect(escalation.text).toContain("has stopped restarting it");
    expect(escalation.text).toContain("2 times");
    await sleep(10_000); // five more ticks: no restart, no second alert
    expect(launcher.starts()).toBe(2);
    expect(await portClosed()).toBe(true);
    expect(alerts.filter((a) => a.action === "escalate")).toHaveLength(1);
    // The gateway is dead: the watchdog wrote straight into the journal (the lock was free).
    const lines = watchRecords();
    expect(lines.filter((x) => x.type === "action.executed" && x.action === "restart_gateway").map((x) => x.params.health)).toEqual(["hung", expect.stringMatching(/^(down|crash_loop)$/)]);
    expect(lines.filter((x) => x.type === "action.executed" && x.action === "alert" && x.params?.kind === "gateway_escalation")).toHaveLength(1);
    expect(lines.some((x) => x.type === "watch.config_restored")).toBe(true);
    // One timeline: replay shows the watchdog's restarts and is deterministic.
    const replay = () =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [BIN, "replay", "--state-dir", stateDir, "--json"], (e, out) => (e ? reject(e) : resolve(out))),
      );
    const [a, b] = [await replay(), await replay()];
    expect(a).toBe(b);
    const recent = JSON.parse(a).status.recentActions as Array<{ action: string; outcome: string }>;
    expect(recent.filter((x) => x.action === "restart_gateway" && x.outcome === "executed")).toHaveLength(2);
    expect(recent.some((x) => x.action === "alert" && x.outcome === "executed")).toBe(true);
  });
});
