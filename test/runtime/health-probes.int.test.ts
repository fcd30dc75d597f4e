// Healthy models probed on a schedule (model.healthProbeMinutes), through a whole rehearsal: the gateway's own code on
// the simulated OpenClaw, real journal files.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseScenarioText } from "../../src/rehearsal/parse-scenario.js";
import { runRehearsal, type RehearsalRun } from "../../src/rehearsal/run-rehearsal.js";
import { summarize } from "../../src/rehearsal/summary.js";
import { HEALTH_PROBE_REASON } from "../../src/runtime/health-probes.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const START = Date.parse("2026-03-02T09:00:00Z");
const MIN = 60_000;

/** The fallback is dead from the start; the primary answers every turn (every 2 minutes) until it fails at +30 min. */
function deadFallback(healthProbeMinutes: number, budgets: unknown[] = []): string {
  const turns = Array.from({ length: 20 }, (_, i) => ({ at: `+${2 * (i + 1)}m`, turn: { session: "s1" } }));
  return JSON.stringify({
    name: "dead-fallback", start: "2026-03-02T09:00:00Z",
    config: { model: { healthProbeMinutes }, quota: { budgets } },
    // Probing a fallback needs subagent.allowModelOverride in the gateway, and so in the rehearsal.
    openclaw: { models: { primary: "p/main", fallbacks: ["q/backup"] }, allowModelOverride: true },
    steps: [{ at: "+0s", world: { model: "q/backup", fails: "server_overload" } }, ...turns, { at: "+30m", world: { model: "p/main", fails: "server_overload" } }],
    until: "+40m",
  });
}

async function rehearse(text: string): Promise<RehearsalRun> {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const run = await runRehearsal(parsed.scenario, { supervised: true });
  if (run.dirs) made.push(run.dirs.stateDir);
  return run;
}

const at = (iso: string) => Date.parse(iso) - START;

describe("healthy models probed on a schedule", () => {
  it("finds a dead fallback, cools it and routes around it before any user turn needs it", async () => {
    const run = await rehearse(deadFallback(5));
    const actions = summarize(run).actions;
    const scheduled = actions.filter((a) => a.action === "probe_model" && a.reason === HEALTH_PROBE_REASON);
    expect(scheduled.length).toBeGreaterThan(0);
    // The busy primary is proven by its turns: no probe is spent on it.
    expect(scheduled.every((a) => a.target === "q/backup")).toBe(true);
    const first = at(scheduled[0]?.at ?? "");
    expect(first).toBeGreaterThanOrEqual(5 * MIN);
    expect(first).toBeLessThan(7 * MIN);
    const routed = actions.find((a) => a.action === "route_around" && a.target === "q/backup");
    expect(routed).toBeDefined();
    expect(at(routed?.at ?? "")).toBeLessThan(30 * MIN);
    // Every probe before the primary broke went to the dead fallback and was seen failing by the provider.
    const early = run.host.requests.filter((r) => r.probe && r.ts - START < 30 * MIN);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((r) => r.model === "q/backup" && !r.ok)).toBe(true);
  });

  it("is off by default: without it, the dead fallback is first met when the primary fails", async () => {
    const run = await rehearse(deadFallback(0));
    const actions = summarize(run).actions;
    expect(actions.filter((a) => a.reason === HEALTH_PROBE_REASON)).toEqual([]);
    const routed = actions.find((a) => a.action === "route_around" && a.target === "q/backup");
    expect(at(routed?.at ?? "2099-01-01T00:00:00Z")).toBeGreaterThanOrEqual(30 * MIN);
    expect(run.host.requests.filter((r) => r.model === "q/backup" && r.ts - START < 30 * MIN)).toEqual([]);
  });
});
