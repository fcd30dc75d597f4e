// `self-heal watch --once` against loopback stand-ins: a closed port (down), a server that accepts and never answers
// (hung), a restart command that leaves a mark, and a stand-in for `openclaw config validate` (the real gateway and
// CLI are exercised in test/e2e/watch.e2e.test.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJournal } from "../../src/journal/index.js";
import { pendingOutbox } from "../../src/watch/index.js";
import { runCli, tempDirs } from "../helpers/cli-harness.js";

const tmp = tempDirs("self-heal-watch-cli-");
const alerts: any[] = [];
let hookUrl = "";
let hungUrl = "";
let closedUrl = "";
const servers: Array<http.Server | net.Server> = [];

/** Valid when the file parses as JSON and has no "broken" key: what `openclaw config validate --json` would say. */
const FAKE_OPENCLAW = `
const fs = require("node:fs");
if (process.argv[2] !== "config" || process.argv[3] !== "validate") process.exit(2);
try {
  const cfg = JSON.parse(fs.readFileSync(process.env.OPENCLAW_CONFIG_PATH, "utf8"));
  if ("broken" in cfg) throw new Error("Unrecognized key: broken");
  console.log(JSON.stringify({ valid: true }));
} catch (e) {
  console.log(JSON.stringify({ valid: false, issues: [e.message] }));
  process.exit(1);
}`;

beforeAll(async () => {
  const hook = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      alerts.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  const hung = net.createServer(() => undefined); // accepts, never answers
  const closed = net.createServer();
  for (const s of [hook, hung, closed]) {
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    servers.push(s);
  }
  hookUrl = `http://127.0.0.1:${(hook.address() as net.AddressInfo).port}/alert`;
  hungUrl = `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`;
  closedUrl = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}`;
  await new Promise((r) => closed.close(r)); // its port is now closed
});
afterAll(() => {
  for (const s of servers) s.close();
});

function setup(config: object = { gateway: { port: 1 } }) {
  const dir = tmp();
  const stateDir = join(dir, "state");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  const script = join(dir, "openclaw.cjs");
  writeFileSync(script, FAKE_OPENCLAW);
  const marks = join(dir, "restarts.log");
  const args = (url: string, ...extra: string[]) => [
    "watch", "--once", "--json", "--gateway-url", url, "--state-dir", stateDir, "--config", configPath,
    "--openclaw", `${JSON.stringify(process.execPath)} ${JSON.stringify(script)}`, "--restart-command", `echo restarted >> ${JSON.stringify(marks)}`,
    "--webhook", hookUrl, "--check-timeout", "1", "--rpc-timeout", "0", ...extra,
  ];
  const restarts = () => (existsSync(marks) ? readFileSync(marks, "utf8").split("\n").filter(Boolean).length : 0);
  const records = () => (existsSync(join(stateDir, "journal")) ? [...readJournal(join(stateDir, "journal"))] : []);
  return { dir, stateDir, configPath, args, restarts, records };
}

async function once(args: string[]) {
  const r = await runCli(args);
  return { ...r, json: r.out ? JSON.parse(r.out) : undefined };
}

describe("self-heal watch --once", () => {
  it("restarts a gateway whose port is closed, prints exactly the issue's object, and journals it as the watch", async () => {
    const s = setup();
    const r = await once(s.args(closedUrl));
    expect(r.code).toBe(1);
    expect(r.json).toEqual({ gateway: "down", action: "restart", outcome: "executed", why: expect.stringContaining("port is closed"), checks: [expect.objectContaining({ name: "port", ok: false })] });
    expect(s.restarts()).toBe(1);
    const types = s.records().map((x) => `${x.type}:${String(x.action ?? x.state)}:${String(x.source)}`);
    expect(types).toEqual(["watch.gateway:down:watch", "action.proposed:restart_gateway:watch"]);
    // The outcome waits in the outbox: the gateway may be starting, and its plugin must find the journal lock free.
    expect(pendingOutbox(s.stateDir)).toBe(1);
    // Within the startup grace it waits instead of restarting again.
    const again = await once(s.args(closedUrl));
    expect(again.json).toMatchObject({ gateway: "down", action: "none", outcome: "executed" });
    expect(again.json.why).toContain("waiting up to 90 s");
    expect(s.restarts()).toBe(1);
  });

  it("calls a server that accepts connections but never answers hung", async () => {
    const s = setup();
    const r = await once(s.args(hungUrl, "--dry-run"));
    expect(r.json).toMatchObject({ gateway: "hung", action: "restart", outcome: "dry_run" });
    expect(r.json.checks.map((c: any) => `${c.name}:${c.ok}`)).toEqual(["port:true", "readyz:false"]);
    expect(r.json.checks[1].detail).toBe("no answer from /readyz within 1000 ms");
  });

  it("in dry-run restarts nothing, writes no state, and journals what it would have done", async () => {
    const s = setup();
    const r = await once(s.args(closedUrl, "--dry-run"));
    expect(r.json).toMatchObject({ gateway: "down", action: "restart", outcome: "dry_run" });
    expect(r.json.why).toContain("would restart it with the restart command");
    expect(s.restarts()).toBe(0);
    expect(existsSync(join(s.stateDir, "watch", "state.json"))).toBe(false);
    const skipped = s.records().find((x) => x.type === "action.skipped");
    expect(skipped).toMatchObject({ action: "restart_gateway", why: "dry_run", source: "watch" });
  });

  it("spends the budget, then escalates with exactly one alert and stops restarting", async () => {
    const s = setup();
    const before = alerts.length;
    const args = s.args(closedUrl, "--budget", "2", "--startup-grace", "0");
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await once(args);
      outcomes.push(`${r.json.action}:${r.json.outcome}`);
    }
    expect(outcomes).toEqual(["restart:executed", "restart:executed", "escalate:executed", "none:refused", "none:refused"]);
    expect(s.restarts()).toBe(2);
    const mine = alerts.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: "self-heal watch", action: "escalate", health: "down" });
    expect(mine[0].text).toContain("has stopped restarting it");
    // One timeline: status and the report show the watchdog's restarts and its alert.
    const status = await runCli(["status", "--state-dir", s.stateDir]);
    expect(status.out).toMatch(/restart_gateway gateway: executed\n.*restart_gateway gateway: executed\n.*alert gateway: executed/);
    const report = JSON.parse((await runCli(["report", "--state-dir", s.stateDir, "--json"])).out);
    const rows = report.incident.actions.map((a: any) => `${a.action}:${a.outcome}`);
    expect(rows.filter((r: string) => r === "restart_gateway:executed")).toHaveLength(2);
    expect(rows).toContain("alert:executed");
  });

  it("restores the last known good openclaw.json when it is invalid, restarts, and the alert carries the diff", async () => {
    const good = { gateway: { port: 1 }, agents: {} };
    const s = setup({ ...good, broken: true });
    const backups = join(s.stateDir, "backups");
    mkdirSync(backups, { recursive: true });
    writeFileSync(join(backups, "openclaw.json.2026-12-01T00-00-00-000Z.bak"), `${JSON.stringify(good, null, 2)}\n`);
    const before = alerts.length;
    const r = await once(s.args(closedUrl));
    expect(r.json).toMatchObject({ gateway: "down", action: "restore_config", outcome: "executed" });
    expect(JSON.parse(readFileSync(s.configPath, "utf8"))).toEqual(good);
    expect(readdirSync(s.dir).filter((f) => f.startsWith("openclaw.json.invalid-"))).toHaveLength(1);
    expect(s.restarts()).toBe(1);
    const alert = alerts.slice(before)[0];
    expect(alert.action).toBe("restore_config");
    expect(alert.diff).toContain('-   "broken": true');
    expect(alert.text).toContain("openclaw.json was invalid (Unrecognized key: broken)");
    expect(s.records().find((x) => x.type === "watch.config_restored")).toMatchObject({ source: "watch", diff: alert.diff });
  });

  it("refuses to restart into an invalid openclaw.json with no good backup, and alerts once", async () => {
    const s = setup({ broken: true });
    const before = alerts.length;
    const outcomes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await once(s.args(closedUrl));
      outcomes.push(`${r.json.action}:${r.json.outcome}:${r.json.why}`);
    }
    expect(outcomes).toEqual(Array(2).fill("restart:refused:config_invalid: Unrecognized key: broken (no backup to restore)"));
    expect(s.restarts()).toBe(0);
    expect(alerts.slice(before)).toHaveLength(1);
  });

  it("keeps a validated openclaw.json as the last known good copy while the gateway is up", async () => {
    const ready = http.createServer((_req, res) => res.writeHead(200).end('{"ready":true}'));
    await new Promise<void>((r) => ready.listen(0, "127.0.0.1", () => r()));
    try {
      const s = setup({ gateway: { port: 1 }, note: "v1" });
      const r = await once(s.args(`http://127.0.0.1:${(ready.address() as net.AddressInfo).port}`));
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ gateway: "up", action: "none", outcome: "executed" });
      const files = readdirSync(join(s.stateDir, "backups"));
      expect(files).toHaveLength(1);
      expect(readFileSync(join(s.stateDir, "backups", files[0]!), "utf8")).toBe(readFileSync(s.configPath, "utf8"));
    } finally {
      ready.close();
    }
  });

  it("rejects bad options with a clear message and exit code 2", async () => {
    const s = setup();
    const r = await runCli([...s.args(closedUrl), "--budget", "zero"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('self-heal watch: --budget must be a whole number of at least 1 (got "zero")\n');
    const l = await runCli([...s.args(closedUrl), "--log-level", "loud"]);
    expect(l.code).toBe(2);
    expect(l.err).toContain("--log-level must be one of fatal, error, warn, info, debug, trace, silent");
  });

  it("writes its own log as pino JSON lines in the state dir", async () => {
    const s = setup();
    await once(s.args(closedUrl, "--log-level", "debug"));
    const logDir = join(s.stateDir, "watch", "log");
    const files = readdirSync(logDir).filter((f) => f.endsWith(".log"));
    expect(files.length).toBeGreaterThan(0);
    const lines = readFileSync(join(logDir, files[0]!), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.some((l) => l.level === 40 && l.gateway === "down" && typeof l.msg === "string")).toBe(true);
  });
});
