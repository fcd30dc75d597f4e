// The live runtime's quota watch: alerts and non-urgent routing go through the executor, survive a restart,
// and show in status.json.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { parseConfig } from "../../src/config/parse-config.js";
import type { SelfHealConfig } from "../../src/config/types.js";
import { createRuntime, type Runtime } from "../../src/runtime/create-runtime.js";
import { readJournal } from "../../src/journal/index.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { TOPOLOGY, T0 } from "../helpers/supervisor-harness.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};
const configOf = (raw: Record<string, unknown>): SelfHealConfig => {
  const r = parseConfig(raw);
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.config;
};
const QUOTA = { quota: { routeNonUrgent: true, budgets: [{ model: "p/primary", requests: 20, tokens: 10_000 }] } };

function start(stateDir: string, clock: ManualClock, host: RecordingHost, raw: Record<string, unknown> = QUOTA): Runtime {
  return createRuntime({ stateDir, config: configOf(raw), topology: TOPOLOGY, host, clock, random: seededRandom(3), inline: true });
}

function fresh(): { stateDir: string; clock: ManualClock; host: RecordingHost } {
  const stateDir = mkdtempSync(join(tmpdir(), "self-heal-quota-"));
  dirs.push(stateDir);
  return { stateDir, clock: new ManualClock(T0), host: new RecordingHost() };
}

async function spend(rt: Runtime, clock: ManualClock, calls: number, tokensEach = 0): Promise<void> {
  for (let i = 0; i < calls; i++) {
    rt.supervisor.observe({ type: "call", ts: clock.now(), model: "p/primary", provider: "p", ok: true, trigger: "user" });
    if (tokensEach > 0) rt.supervisor.observe({ type: "call.usage", ts: clock.now(), model: "p/primary", provider: "p", tokens: tokensEach });
    clock.advanceTo(clock.now() + 1_000);
    await settle();
  }
}

describe("quota watch in the runtime", () => {
  it("alerts at 80 % and 95 %, then sends cron and heartbeat turns to the next model while user turns stay", async () => {
    const { stateDir, clock, host } = fresh();
    const rt = start(stateDir, clock, host);
    await spend(rt, clock, 15);
    expect(host.alerts).toHaveLength(0);
    expect(rt.supervisor.route("main", "p/primary", "r1", "cron")).toBeUndefined();
    await spend(rt, clock, 1);
    expect(host.alerts.map((a) => a.severity)).toEqual(["warning"]);
    await spend(rt, clock, 3);
    expect(host.alerts.map((a) => a.severity)).toEqual(["warning", "critical"]);
    expect(host.alerts[1]?.title).toBe("[self-heal] critical: p/primary has used 95% of its day budget");
    expect(rt.supervisor.route("main", "p/primary", "r2", "cron")).toBe("q/backup");
    expect(rt.supervisor.route("main", "p/primary", "r3", "heartbeat")).toBe("q/backup");
    expect(rt.supervisor.route("main", "p/primary", "r4", "user")).toBeUndefined();
    expect(rt.supervisor.route("main", "p/primary", "r5")).toBeUndefined();
    // The model itself is healthy: nothing cooled it down.
    expect(rt.supervisor.stateOf("model", "p/primary")).toBe("healthy");
    await spend(rt, clock, 5);
    expect(host.alerts).toHaveLength(2);
    const status = rt.status() as unknown as { quota: Array<Record<string, unknown>> };
    expect(status.quota).toEqual([
      expect.objectContaining({ model: "p/primary", window: "day", requests: { used: 24, limit: 20 }, level: "critical", resetsAt: "2026-02-13T00:00:00.000Z", routedUntil: "2026-02-13T00:00:00.000Z" }),
    ]);
    rt.stop();
    const onDisk = JSON.parse(readFileSync(join(stateDir, "status.json"), "utf8")) as { quota?: unknown[] };
    expect(onDisk.quota).toHaveLength(1);
    const decisions = [...readJournal(join(stateDir, "journal"))].filter((r) => r.type === "action.executed").map((r) => `${String(r.action)}:${String((r.params as { scope?: string } | undefined)?.scope ?? "")}`);
    expect(decisions.sort()).toEqual(["alert:", "alert:", "route_around:non_urgent"]);
  });

  it("keeps the window's usage, the route and the alerts already sent across a restart", async () => {
    const { stateDir, clock, host } = fresh();
    let rt = start(stateDir, clock, host, { quota: { routeNonUrgent: true, budgets: [{ model: "p/primary", tokens: 10_000 }] } });
    await spend(rt, clock, 9, 1_000);
    expect(host.alerts.map((a) => a.severity)).toEqual(["warning"]);
    rt.stop();

    const host2 = new RecordingHost();
    rt = start(stateDir, clock, host2, { quota: { routeNonUrgent: true, budgets: [{ model: "p/primary", tokens: 10_000 }] } });
    const status = rt.status() as unknown as { quota: Array<{ tokens: { used: number }; requests: { used: number } }> };
    expect(status.quota[0]?.tokens.used).toBe(9_000);
    expect(status.quota[0]?.requests.used).toBe(9);
    await spend(rt, clock, 1, 600);
    expect(host2.alerts.map((a) => a.severity)).toEqual(["critical"]);
    expect(rt.supervisor.route("main", "p/primary", "r1", "cron")).toBe("q/backup");
    rt.stop();

    const host3 = new RecordingHost();
    rt = start(stateDir, clock, host3, { quota: { routeNonUrgent: true, budgets: [{ model: "p/primary", tokens: 10_000 }] } });
    expect(rt.supervisor.route("main", "p/primary", "r2", "cron")).toBe("q/backup");
    await spend(rt, clock, 1, 10);
    expect(host3.alerts).toHaveLength(0);
    const routes = [...readJournal(join(stateDir, "journal"))].filter((r) => r.type === "action.executed" && r.action === "route_around");
    expect(routes).toHaveLength(1);
    rt.stop();
  });

  it("gives the route back when the operator raises the budget live", async () => {
    const { stateDir, clock, host } = fresh();
    const rt = start(stateDir, clock, host);
    await spend(rt, clock, 19);
    expect(rt.supervisor.route("main", "p/primary", "r1", "cron")).toBe("q/backup");
    rt.reconfigure(configOf({ quota: { routeNonUrgent: true, budgets: [{ model: "p/primary", requests: 1_000 }] } }), TOPOLOGY);
    await settle();
    expect(rt.supervisor.route("main", "p/primary", "r2", "cron")).toBeUndefined();
    expect(rt.supervisor.recentActions().map((a) => `${a.action}:${a.outcome}`)).toContain("fail_back:executed");
    rt.stop();
  });

  it("in dry-run, proposes the route but never applies it", async () => {
    const { stateDir, clock, host } = fresh();
    const rt = start(stateDir, clock, host, { dryRun: true, ...QUOTA });
    await spend(rt, clock, 20);
    expect(host.alerts).toHaveLength(0);
    expect(rt.supervisor.route("main", "p/primary", "r1", "cron")).toBeUndefined();
    const skipped = [...readJournal(join(stateDir, "journal"))].filter((r) => r.type === "action.skipped").map((r) => `${String(r.action)}:${String(r.why)}`);
    expect(skipped.sort()).toEqual(["alert:dry_run", "alert:dry_run", "route_around:dry_run"]);
    rt.stop();
  });
});
