import { readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { builtinFile, listBuiltins } from "../../src/rehearsal/builtin.js";
import { parseScenarioText } from "../../src/rehearsal/parse-scenario.js";
import { runRehearsal, type RehearsalRun } from "../../src/rehearsal/run-rehearsal.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const SHORT = ["short-503-blip", "short-429-retry-after", "short-revoked-key", "short-all-down"];
const PRIMARY = "openai/gpt-5.2";
const FALLBACK = "anthropic/claude-sonnet-4-5";

async function rehearse(name: string): Promise<RehearsalRun> {
  const file = builtinFile(name);
  if (!file) throw new Error(`no built-in scenario ${name}`);
  const parsed = parseScenarioText(readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const run = await runRehearsal(parsed.scenario);
  if (run.dirs) made.push(run.dirs.stateDir);
  return run;
}

/** User turns in the order they arrived (the host records a turn when it ends). */
const userTurns = (run: RehearsalRun) => run.host.turns.filter((t) => t.trigger === "user" && !t.recovery).sort((a, b) => a.arrivedAt - b.arrivedAt);
const ran = (run: RehearsalRun, action: string) => run.recorder.actions.filter((a) => a.action === action && a.outcome === "dry_run");

describe("the short built-in incidents made for the parity test", () => {
  it("are listed, last at most three and three quarter minutes and share one config (one gateway plays them all)", () => {
    const listed = listBuiltins().filter((b) => SHORT.includes(b.name));
    expect(listed.map((b) => b.name).sort()).toEqual([...SHORT].sort());
    const configs = new Set<string>();
    for (const b of listed) {
      const parsed = parseScenarioText(readFileSync(b.file, "utf8"));
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      expect(parsed.scenario.untilMs - parsed.scenario.startMs).toBeLessThanOrEqual(225_000);
      configs.add(JSON.stringify(parsed.scenario.config));
    }
    expect(configs.size).toBe(1);
  });

  it("short-503-blip: the first sick turn falls back after OpenClaw's retries, later ones go straight to the fallback, and the primary is back by the end", async () => {
    const run = await rehearse("short-503-blip");
    expect(userTurns(run).map((t) => [t.outcome, t.model])).toEqual([["answered", PRIMARY], ["answered", FALLBACK], ["answered", FALLBACK], ["answered", PRIMARY]]);
    expect(userTurns(run)[1]!.requests).toBeGreaterThan(2);
    expect(userTurns(run)[2]!.requests).toBe(1);
    expect(ran(run, "fail_back").map((a) => a.target)).toEqual([PRIMARY]);
  });

  it("short-429-retry-after: no probe of the primary before its Retry-After runs out", async () => {
    const run = await rehearse("short-429-retry-after");
    const firstFailure = run.host.requests.find((r) => r.model === PRIMARY && !r.ok) as { ts: number };
    const probes = run.host.requests.filter((r) => r.probe && r.model === PRIMARY);
    expect(probes.length).toBeGreaterThan(0);
    expect(Math.min(...probes.map((p) => p.ts)) - firstFailure.ts).toBeGreaterThanOrEqual(70_000);
    expect(userTurns(run).map((t) => t.outcome)).toEqual(["answered", "answered", "answered", "answered"]);
    expect(userTurns(run).at(-1)?.model).toBe(PRIMARY);
  });

  it("short-revoked-key: the primary is disabled with one alert and never probed", async () => {
    const run = await rehearse("short-revoked-key");
    expect(ran(run, "alert")).toHaveLength(1);
    expect(run.host.requests.filter((r) => r.probe)).toEqual([]);
    expect(userTurns(run).slice(1).map((t) => t.model)).toEqual([FALLBACK, FALLBACK, FALLBACK]);
  });

  it("short-all-down: the first turn fails, the next are held, and all three are re-run and answered after the fail-back", async () => {
    const run = await rehearse("short-all-down");
    expect(userTurns(run).map((t) => t.outcome)).toEqual(["answered", "failed", "blocked", "blocked"]);
    const reruns = run.host.turns.filter((t) => t.recovery);
    expect(reruns.map((t) => [t.session, t.ok, t.model]).sort()).toEqual([["s1", true, PRIMARY], ["s2", true, PRIMARY], ["s3", true, PRIMARY]]);
    // The fallback is not probed without subagent.allowModelOverride, as in the gateway.
    expect(run.recorder.actions.filter((a) => a.action === "probe_model" && a.target === FALLBACK).every((a) => a.outcome === "failed")).toBe(true);
  });
});
