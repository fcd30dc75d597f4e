// Several simulated gateways (scenario "gateways": N): sharing health beside each on its own; in-process and on a real Redis.
import { readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { builtinFile } from "../../src/rehearsal/builtin.js";
import { parseScenario, parseScenarioText } from "../../src/rehearsal/parse-scenario.js";
import { runGatewaysRehearsal, type GatewaysRun } from "../../src/rehearsal/run-gateways.js";
import { summarizeGateways } from "../../src/rehearsal/gateways-summary.js";
import type { Scenario } from "../../src/rehearsal/scenario-types.js";
import { runCli, tempDirs } from "../helpers/cli-harness.js";
import { RedisServer } from "../helpers/redis-server.js";

const made: string[] = [];
const tempDir = tempDirs("self-heal-gateways-");
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function builtin(name: string): Scenario {
  const parsed = parseScenarioText(readFileSync(builtinFile(name) as string, "utf8"));
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return parsed.scenario;
}

async function rehearse(scenario: Scenario, share: boolean): Promise<GatewaysRun> {
  const run = await runGatewaysRehearsal(scenario, { share });
  made.push(run.stateDir);
  return run;
}

const sum = (run: GatewaysRun, f: (m: GatewaysRun["metrics"]) => number) => run.gateways.reduce((n, g) => n + f(g.metrics), 0);

describe("rehearsal of two gateways (built-in two-gateways-429)", async () => {
  const scenario = builtin("two-gateways-429");
  const shared = await rehearse(scenario, true);
  const separate = await rehearse(scenario, false);

  it("gives every gateway its own journal and a share of the turns", () => {
    expect(shared.gateways.map((g) => g.name)).toEqual(["gw-1", "gw-2"]);
    for (const g of shared.gateways) expect(g.metrics.turns.total).toBeGreaterThan(50);
    expect(new Set(shared.gateways.map((g) => g.dirs.journalDir)).size).toBe(2);
    expect(shared.metrics.turns.total).toBe(sum(shared, (m) => m.turns.total));
    expect(shared.metrics.requests.total).toBe(sum(shared, (m) => m.requests.total));
  });

  it("sends fewer requests to the sick model and fewer probes when the gateways share health", () => {
    expect(separate.metrics.requests.toSickModels).toBe(2); // each gateway pays for the 429 once
    expect(shared.metrics.requests.toSickModels).toBe(1); // the second learns it from the first
    expect(shared.metrics.requests.probes * 2).toBeLessThanOrEqual(separate.metrics.requests.probes);
    expect(shared.metrics.turns.failed).toBe(0);
    expect(shared.gateways.every((g) => g.learned > 0)).toBe(true);
    expect(separate.gateways.every((g) => g.learned === 0)).toBe(true);
  });

  it("journals what each gateway learned as peer.health in that gateway's own journal", () => {
    for (const g of shared.gateways) {
      const text = readFileSync(`${g.dirs.journalDir}/2026-03-09.jsonl`, "utf8");
      const learned = text.split("\n").filter((l) => l.includes('"type":"peer.health"')).map((l) => JSON.parse(l) as { gateway: string });
      expect(learned.length).toBeGreaterThan(0);
      expect(learned.every((r) => r.gateway !== g.name)).toBe(true);
    }
  });

  it("keeps --json metrics summed and adds metrics.perGateway and the side-by-side comparison", () => {
    const s = summarizeGateways(shared, separate) as { metrics: { perGateway: Array<{ gateway: string; requests: { total: number } }>; requests: { total: number } }; sharing: { comparison: Record<string, { separate: number; shared: number }> } };
    expect(s.metrics.perGateway.map((p) => p.gateway)).toEqual(["gw-1", "gw-2"]);
    expect(s.metrics.requests.total).toBe(s.metrics.perGateway.reduce((n, p) => n + p.requests.total, 0));
    expect(s.sharing.comparison.requestsToSickModels).toEqual({ separate: 2, shared: 1 });
  });

  it("is printed side by side by the CLI", async () => {
    const { code, out } = await runCli(["rehearse", "two-gateways-429", "--state-dir", tempDir()]);
    expect(code).toBe(0);
    expect(out).toMatch(/each on its own +sharing health/);
    expect(out).toContain("sharing health through: in-process stand-in for Redis");
    expect(out).toMatch(/requests sent to sick models +2 of \d+ +1 of \d+/);
  });
});

describe("scenario gateways key", () => {
  it("accepts 1 to 8 gateways and explains anything else", () => {
    const base = { name: "x", start: "2026-01-01T00:00:00Z", until: "+1h", openclaw: { models: { primary: "a/b" } }, steps: [] };
    expect(parseScenario({ ...base, gateways: 3 })).toMatchObject({ ok: true, scenario: { gateways: 3 } });
    for (const bad of [0, 9, 2.5, "2"]) {
      const r = parseScenario({ ...base, gateways: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join("\n")).toMatch(/^gateways: expected a whole number of simulated gateways from 1 to 8/m);
    }
  });
});

describe("rehearsal of two gateways sharing through a real Redis", () => {
  it("shares through config.sharedHealth.redis under a key prefix of its own run", async () => {
    const redis = await RedisServer.start();
    try {
      const scenario = builtin("two-gateways-429");
      const withRedis: Scenario = { ...scenario, config: { ...scenario.config, sharedHealth: { redis: { url: redis.url, keyPrefix: "team:", gatewayName: "", commandTimeoutMs: 500, tls: { enabled: false, rejectUnauthorized: true } } } } };
      const run = await rehearse(withRedis, true);
      expect(run.sharedThrough).toBe(`redis 127.0.0.1:${redis.port}`);
      expect(run.metrics.requests.toSickModels).toBe(1);
      expect(run.gateways.every((g) => g.learned > 0)).toBe(true);
      const c = new Redis(redis.url);
      try {
        const keys = await c.keys("*");
        expect(keys.every((k) => k.startsWith("team:rehearsal:"))).toBe(true); // never the live gateways' keys
      } finally {
        c.disconnect();
      }
    } finally {
      await redis.stop();
    }
  });
});
