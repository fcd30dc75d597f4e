import { readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { builtinFile } from "../../src/rehearsal/builtin.js";
import { parseScenarioText } from "../../src/rehearsal/parse-scenario.js";
import { runRehearsal, type RehearsalRun } from "../../src/rehearsal/run-rehearsal.js";
import { summarize } from "../../src/rehearsal/summary.js";
import type { Scenario } from "../../src/rehearsal/scenario-types.js";
import { recoveryOf } from "../../src/rehearsal/metrics.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function builtin(name: string): Scenario {
  const file = builtinFile(name);
  if (!file) throw new Error(`no built-in scenario ${name}`);
  const parsed = parseScenarioText(readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return parsed.scenario;
}

async function rehearse(scenario: Scenario, opts: { seed?: number; supervised?: boolean } = {}): Promise<RehearsalRun> {
  const run = await runRehearsal(scenario, opts);
  if (run.dirs) made.push(run.dirs.stateDir);
  return run;
}

/** [from, to) intervals in which `model` sat in `state`, from the supervisor's transitions. */
function intervals(run: RehearsalRun, model: string, state: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let since: number | undefined;
  for (const c of run.recorder.changes.filter((c) => c.kind === "model" && c.id === model)) {
    if (c.to === state && since === undefined) since = c.ts;
    else if (c.to !== state && since !== undefined) {
      out.push([since, c.ts]);
      since = undefined;
    }
  }
  if (since !== undefined) out.push([since, run.endMs]);
  return out;
}

describe("rehearsal of the built-in all-models-down incident", async () => {
  const scenario = builtin("all-models-down");
  const run = await rehearse(scenario);
  const chain = scenario.openclaw.agents[0]?.chain ?? [];

  it("sends exactly one outage alert", () => {
    const outage = run.recorder.actions.filter((a) => a.action === "alert" && a.reason === "all models down");
    expect(outage).toHaveLength(1);
    expect(outage[0]?.outcome).toBe("dry_run");
    expect(run.host.alerts.filter((a) => a.key.startsWith("outage|"))).toHaveLength(1);
  });

  it("sends no request to a disabled model except probes", () => {
    let disabledSpans = 0;
    for (const model of chain) {
      for (const [from, to] of intervals(run, model, "disabled")) {
        disabledSpans++;
        const leaked = run.host.requests.filter((r) => r.model === model && !r.probe && r.ts > from && r.ts < to);
        expect(leaked, `${model} disabled ${new Date(from).toISOString()}–${new Date(to).toISOString()}`).toEqual([]);
      }
    }
    expect(disabledSpans).toBeGreaterThanOrEqual(2);
  });

  it("stops hammering: far fewer requests reach sick models than with OpenClaw alone", async () => {
    const baseline = await rehearse(scenario, { supervised: false });
    expect(run.metrics.requests.toSickModels * 10).toBeLessThan(baseline.metrics.requests.toSickModels);
    expect(run.metrics.requests.probes).toBeGreaterThan(0);
  });

  it("serves the first preferred-model turn within one probe interval of the provider's recovery", () => {
    const preferred = chain[0] as string;
    const recoveredAt = recoveryOf(scenario, preferred) as number;
    const probes = run.host.requests.filter((r) => r.probe && r.model === preferred).map((r) => r.ts);
    const before = Math.max(...probes.filter((t) => t < recoveredAt), ...intervals(run, preferred, "disabled").map(([from]) => from).filter((t) => t < recoveredAt));
    const after = Math.min(...probes.filter((t) => t >= recoveredAt));
    const served = run.host.turns.filter((t) => t.trigger === "user" && t.ok && t.model === preferred && t.endedAt >= recoveredAt)[0];
    expect(served).toBeDefined();
    const wait = (served?.endedAt ?? Infinity) - recoveredAt;
    expect(wait).toBeLessThanOrEqual(after - before);
    expect(wait).toBeLessThan(60_000);
    expect(run.metrics.recoveryToPreferredMs).toBe(wait);
  });

  it("holds turns back while every model is routed around, and lets them through again after fail-back", () => {
    const blocked = run.host.turns.filter((t) => t.outcome === "blocked");
    const instant = blocked.filter((t) => t.requests === 0 && t.endedAt === t.startedAt);
    expect(instant.length).toBeGreaterThan(20);
    expect(instant.length).toBeGreaterThan(blocked.length * 0.9);
    const failBack = run.recorder.actions.find((a) => a.action === "fail_back" && a.target === chain[0]);
    expect(failBack).toBeDefined();
    expect(blocked.filter((t) => t.startedAt > (failBack?.atMs ?? 0))).toEqual([]);
  });

  it("probes with jitter: waits between probes are not all equal", () => {
    const probes = run.host.requests.filter((r) => r.probe).map((r) => r.ts);
    const gaps = probes.slice(1).map((t, i) => t - (probes[i] as number));
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it("writes the journal and a final status that says it was a dry run", () => {
    expect(run.finalStatus?.dryRun).toBe(true);
    expect(run.finalStatus?.generatedAt).toBe(new Date(scenario.untilMs).toISOString());
    const summary = summarize(run);
    expect(summary.journal).toBe(run.dirs?.journalDir);
    expect(summary.turns.total).toBe(summary.turns.ok + summary.turns.failed);
    expect(summary.turnLog).toHaveLength(summary.turns.total);
    expect(summary.actions.every((a) => a.outcome === "dry_run" || a.outcome === "refused")).toBe(true);
  });
});

describe("rehearsal determinism", () => {
  it("gives an identical summary for the same seed, and a different one for another seed", async () => {
    const scenario = builtin("503-storm");
    const strip = (run: RehearsalRun) => ({ ...summarize(run), journal: null });
    const a = strip(await rehearse(scenario, { seed: 7 }));
    const b = strip(await rehearse(scenario, { seed: 7 }));
    const c = strip(await rehearse(scenario, { seed: 8 }));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });
});

describe("baseline against supervised", () => {
  it("cuts the median turn latency of a 503 storm many times over", async () => {
    const scenario = builtin("503-storm");
    const supervised = await rehearse(scenario);
    const baseline = await rehearse(scenario, { supervised: false });
    const comparison = summarize(supervised, baseline).comparison;
    expect(comparison?.latencyP50Ms.baseline).toBeGreaterThan(60_000);
    expect((comparison?.latencyP50Ms.supervised ?? Infinity) * 10).toBeLessThan(comparison?.latencyP50Ms.baseline ?? 0);
    expect(baseline.recorder.actions).toEqual([]);
    expect(baseline.host.requests.some((r) => r.probe)).toBe(false);
  });

  it("on a hung primary: OpenClaw alone ends turns in the breaker; supervised, every turn after the first is answered by the fallback", async () => {
    const scenario = builtin("hung-primary");
    const [primary, fallback] = scenario.openclaw.agents[0]?.chain ?? [];
    const hangStart = scenario.steps.find((s) => s.kind === "world" && s.change.kind === "model" && s.change.hangs)?.atMs ?? 0;
    const hangEnd = recoveryOf(scenario, primary as string) ?? 0;
    const during = (run: RehearsalRun) =>
      run.host.turns.filter((t) => t.trigger === "user" && t.arrivedAt > hangStart && t.arrivedAt < hangEnd).sort((a, b) => a.arrivedAt - b.arrivedAt);

    const baseline = await rehearse(scenario, { supervised: false });
    const alone = during(baseline);
    expect(alone.length).toBeGreaterThan(5);
    expect(alone.filter((t) => !t.ok).every((t) => t.outcome === "breaker")).toBe(true);
    expect(alone.filter((t) => t.outcome === "breaker").length).toBeGreaterThan(alone.length / 2);
    expect(alone.some((t) => t.model === fallback)).toBe(false);

    const supervised = during(await rehearse(scenario));
    expect(supervised[0]).toMatchObject({ ok: false, outcome: "breaker" });
    const rest = supervised.slice(1);
    expect(rest.length).toBeGreaterThan(5);
    expect(rest.every((t) => t.ok && t.model === fallback)).toBe(true);
  });
});

describe("rehearsal of a broken openclaw.json during an incident", () => {
  it("refuses the gateway and channel restarts with why=config_invalid", async () => {
    const run = await rehearse(builtin("config-broken-during-incident"));
    const refused = run.recorder.actions.filter((a) => a.outcome === "refused");
    expect(refused.map((a) => a.action)).toEqual(expect.arrayContaining(["restart_gateway", "restart_channel"]));
    expect(refused.filter((a) => a.action.startsWith("restart_")).every((a) => a.why === "config_invalid")).toBe(true);
    const summary = summarize(run);
    expect(summary.actions.find((a) => a.action === "restart_gateway")).toMatchObject({ outcome: "refused", why: "config_invalid" });
  });
});
