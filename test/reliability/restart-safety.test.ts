// Restart safety: a week of flapping never breaks a restart budget; an invalid openclaw.json is never restarted
// on; config backups restore the exact bytes and are pruned; a changed budget holds after the gateway restarts.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { harness, T0, type Harness } from "../helpers/supervisor-harness.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { configOf, startRuntime, TOPOLOGY, useTempDirs } from "./support/runtime-kit.js";
import { maxPerWindow } from "./support/max-per-window.js";

const tempDir = useTempDirs("self-heal-restart-");
const WEEK_MS = 7 * 24 * 3_600_000;
const figures = { simulatedDays: 0, observations: 0, channelRestarts: 0, gatewayRestarts: 0, budgetViolations: 0, refusedInvalidConfig: 0, restartsOnInvalidConfig: 0, backups: 0 };

afterAll(() => {
  console.log(
    `[reliability] restart-safety: simulatedDays=${figures.simulatedDays} observations=${figures.observations} channelRestarts=${figures.channelRestarts} ` +
      `gatewayRestarts=${figures.gatewayRestarts} budgetViolations=${figures.budgetViolations} refusedOnInvalidConfig=${figures.refusedInvalidConfig} ` +
      `restartsOnInvalidConfig=${figures.restartsOnInvalidConfig} backupsChecked=${figures.backups}`,
  );
});


/** A RecordingHost that also notes when (virtual time) each restart ran. */
class TimedHost extends RecordingHost {
  readonly channelRestarts: number[] = [];
  readonly gatewayRestarts: number[] = [];
  constructor(private readonly now: () => number) {
    super();
  }
  override async restartChannel(channel: string): Promise<void> {
    this.channelRestarts.push(this.now());
    await super.restartChannel(channel);
  }
  override async restartGateway(reason: string): Promise<void> {
    this.gatewayRestarts.push(this.now());
    await super.restartGateway(reason);
  }
}

/** Reads openclaw.json from disk the way OpenClawHost.readOpenClawConfig does (utf8 text). */
class FileConfigHost extends RecordingHost {
  constructor(private readonly path: string) {
    super();
  }
  override async readOpenClawConfig(): Promise<string | undefined> {
    try {
      return await readFile(this.path, "utf8");
    } catch {
      return undefined;
    }
  }
}

function withTimedHost(h: Harness): TimedHost {
  const host = new TimedHost(() => h.clock.now());
  // The executor reads `host` through its options object: swap it before anything runs.
  (h.executor as unknown as { opts: { host: unknown } }).opts.host = host;
  return host;
}

describe("restart safety", () => {
  const budgets = [
    { name: "defaults (3 per 30 min, 3 misses)", channels: {}, gateway: {} },
    { name: "tight (1 per 10 min, every miss)", channels: { restartBudgetMax: 1, restartBudgetWindowMinutes: 10, disconnectThreshold: 1, startupGraceSeconds: 0 }, gateway: { restartBudgetMax: 1, restartBudgetWindowMinutes: 30 } },
    { name: "loose (10 per 2 h, no grace)", channels: { restartBudgetMax: 10, restartBudgetWindowMinutes: 120, disconnectThreshold: 2, startupGraceSeconds: 0 }, gateway: { restartBudgetMax: 4, restartBudgetWindowMinutes: 240 } },
    { name: "zero budget", channels: { restartBudgetMax: 0 }, gateway: { restartBudgetMax: 0 } },
  ];

  it.each(budgets)("never exceeds the channel and gateway restart budgets in any window over a flapping week: $name", async ({ channels, gateway }) => {
    const h = harness({ channels: { pollSeconds: 60, ...channels }, gateway, outage: { consecutiveFailures: 2, restartGateway: true }, actions: { restartGateway: true }, alerts: { minIntervalSeconds: 0 } });
    const host = withTimedHost(h);
    h.supervisor.start();
    const random = seededRandom(42);
    const poll = h.config.channels.pollSeconds * 1000;
    let gatewayRestartsSeen = 0;
    const end = h.clock.now() + WEEK_MS;
    let pDown = 0.5;
    while (h.clock.now() < end) {
      if (random() < 0.01) pDown = random(); // the weather changes: hours of mostly-up or mostly-down
      h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: random() >= pDown });
      for (const model of ["p/primary", "q/backup", "r/third"]) {
        if (random() < pDown) h.fail(model, { category: "server_overload", status: 503 });
        else h.ok(model);
      }
      if (host.gatewayRestarts.length > gatewayRestartsSeen) {
        gatewayRestartsSeen = host.gatewayRestarts.length;
        h.supervisor.observe({ type: "gateway.started", ts: h.clock.now() });
      }
      figures.observations += 4;
      await h.advance(poll);
    }
    figures.simulatedDays += 7;
    figures.channelRestarts += host.channelRestarts.length;
    figures.gatewayRestarts += host.gatewayRestarts.length;
    const channelMax = h.config.channels.restartBudgetMax;
    const gatewayMax = h.config.gateway.restartBudgetMax;
    const channelPeak = maxPerWindow(host.channelRestarts, h.config.channels.restartBudgetWindowMinutes * 60_000);
    const gatewayPeak = maxPerWindow(host.gatewayRestarts, h.config.gateway.restartBudgetWindowMinutes * 60_000);
    if (channelPeak > channelMax) figures.budgetViolations++;
    if (gatewayPeak > gatewayMax) figures.budgetViolations++;
    expect(channelPeak).toBeLessThanOrEqual(channelMax);
    expect(gatewayPeak).toBeLessThanOrEqual(gatewayMax);
    if (channelMax > 0) expect(host.channelRestarts.length).toBeGreaterThan(channelMax);
    else expect(host.channelRestarts).toEqual([]);
  }, 60_000);

  it.each([
    ["unparseable", "{ gateway: { port: 18789 ", { ok: true, errors: [] }],
    ["rejected by OpenClaw's validator", '{ "gateway": { "port": "not a port" } }', { ok: false, errors: ["gateway.port: expected number"] }],
    ["unreadable", undefined, { ok: true, errors: [] }],
  ] as const)("never restarts a channel or the gateway on an %s openclaw.json", async (_what, text, check) => {
    const h = harness({ channels: { disconnectThreshold: 1, startupGraceSeconds: 0 }, outage: { consecutiveFailures: 1, restartGateway: true }, actions: { restartGateway: true } });
    h.host.configText = text;
    h.host.configCheck = check;
    h.supervisor.start();
    for (let i = 0; i < 24 * 60; i++) {
      h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: false });
      for (const model of ["p/primary", "q/backup", "r/third"]) h.fail(model, { category: "server_error", status: 500 });
      await h.advance(60_000);
    }
    figures.simulatedDays += 1;
    const refused = h.journal.records.filter((r) => r.type === "action.skipped" && r.why === "config_invalid");
    figures.refusedInvalidConfig += refused.length;
    figures.restartsOnInvalidConfig += h.host.count("restartChannel") + h.host.count("restartGateway");
    expect(h.host.count("restartChannel")).toBe(0);
    expect(h.host.count("restartGateway")).toBe(0);
    expect(refused.some((r) => r.action === "restart_channel")).toBe(true);
    expect(refused.some((r) => r.action === "restart_gateway")).toBe(true);
  }, 60_000);

  it("backs up openclaw.json before each restart, byte for byte, and keeps only gateway.configBackupsKept of them", async () => {
    const stateDir = join(tempDir(), "state");
    const configPath = join(tempDir(), "openclaw.json");
    const clock = new ManualClock(T0);
    const host = new FileConfigHost(configPath);
    const config = configOf({ channels: { disconnectThreshold: 1, startupGraceSeconds: 0, restartBudgetMax: 100 }, gateway: { configBackupsKept: 3 } });
    const kit = startRuntime(stateDir, { config, clock, host });
    const versions: Array<{ at: number; bytes: Buffer }> = [];
    const variants = [
      '{ "gateway": { "port": 18789 } }\n',
      "\uFEFF{\r\n  // a comment, CRLF line ends and a BOM\r\n  gateway: { port: 18790, },\r\n}\r\n",
      '{ "agents": { "defaults": { "model": "p/primary" } }, "note": "émojis 🚑 and ünïcode" }',
      "{}",
      '{ "gateway": { "port": 18791 }, "channels": { "whatsapp": { "enabled": true } } }\n\n',
      '{ "x": "' + "long ".repeat(2_000) + '" }',
    ];
    for (const text of variants) {
      writeFileSync(configPath, text);
      versions.push({ at: clock.now(), bytes: readFileSync(configPath) });
      kit.runtime.supervisor.observe({ type: "channel.observed", ts: clock.now(), channel: "whatsapp", connected: false });
      await kit.advance(1_000);
      kit.runtime.supervisor.observe({ type: "channel.observed", ts: clock.now(), channel: "whatsapp", connected: true });
      await kit.advance(60_000);
    }
    kit.runtime.journal.flushSync();
    const backupDir = join(stateDir, "backups");
    const files = readdirSync(backupDir).sort();
    expect(files).toHaveLength(3);
    const journalDir = join(stateDir, "journal");
    const backupRecords = readFileSync(join(journalDir, `${new Date(T0).toISOString().slice(0, 10)}.jsonl`), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { type: string; file?: string })
      .filter((r) => r.type === "config.backup");
    expect(backupRecords).toHaveLength(variants.length);
    // The newest three backups are the last three versions, byte-identical.
    for (const [i, file] of files.entries()) {
      const version = versions[versions.length - 3 + i];
      expect(readFileSync(join(backupDir, file)).equals(version?.bytes ?? Buffer.alloc(0))).toBe(true);
      figures.backups++;
    }
    kit.runtime.stop();
  }, 30_000);

  it("keeps counting restarts made before a gateway restart, under the budget configured after it", async () => {
    const stateDir = join(tempDir(), "state");
    const clock = new ManualClock(T0);
    const loose = configOf({ channels: { disconnectThreshold: 1, startupGraceSeconds: 0, restartBudgetMax: 5, restartBudgetWindowMinutes: 60 } });
    const first = startRuntime(stateDir, { config: loose, clock, topology: TOPOLOGY });
    for (let i = 0; i < 3; i++) {
      first.runtime.supervisor.observe({ type: "channel.observed", ts: clock.now(), channel: "whatsapp", connected: false });
      await first.advance(60_000);
    }
    expect(first.host.count("restartChannel")).toBe(3);
    first.runtime.stop();

    // The operator lowers the budget to 2 per hour and the gateway restarts: 3 restarts already count.
    const tight = configOf({ channels: { disconnectThreshold: 1, startupGraceSeconds: 0, restartBudgetMax: 2, restartBudgetWindowMinutes: 60 } });
    const second = startRuntime(stateDir, { config: tight, clock, topology: TOPOLOGY, host: new RecordingHost() });
    for (let i = 0; i < 30; i++) {
      second.runtime.supervisor.observe({ type: "channel.observed", ts: clock.now(), channel: "whatsapp", connected: false });
      await second.advance(60_000);
    }
    figures.channelRestarts += first.host.count("restartChannel") + second.host.count("restartChannel");
    expect(second.host.count("restartChannel")).toBe(0);
    expect(second.runtime.status().channels.find((c) => c.id === "whatsapp")?.state).toBe("given_up");
    second.runtime.stop();
  }, 30_000);
});
