import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseScenarioText } from "../../src/rehearsal/parse-scenario.js";
import { runRehearsal, type RehearsalRun } from "../../src/rehearsal/run-rehearsal.js";
import { summarize } from "../../src/rehearsal/summary.js";
import { formatRehearsal } from "../../src/rehearsal/format-text.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The case: both models overloaded, one user turn fails at +2:45, the fallback recovers at +12 min. */
const BOTH_OVERLOADED = JSON.stringify({
  name: "both-overloaded", start: "2026-03-02T09:00:00Z", config: {},
  // The fallback is found back by probing it: OpenClaw allows that with subagent.allowModelOverride only.
  openclaw: { models: { primary: "p/main", fallbacks: ["q/backup"] }, allowModelOverride: true },
  steps: [
    { at: "+0s", world: { model: "p/main", fails: "server_overload" } },
    { at: "+0s", world: { model: "q/backup", fails: "server_overload" } },
    { at: "+165s", turn: { session: "s1" } },
    { at: "+12m", world: { model: "q/backup", fails: null } },
  ],
  until: "+30m",
});

async function rehearse(text: string, supervised = true): Promise<RehearsalRun> {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const run = await runRehearsal(parsed.scenario, { supervised });
  if (run.dirs) made.push(run.dirs.stateDir);
  return run;
}

describe("rehearsal task recovery (as the gateway records and re-runs tasks)", () => {
  it("records a turn that failed while both models were overloaded, and re-runs it once the fallback recovers", async () => {
    const run = await rehearse(BOTH_OVERLOADED);
    const first = run.host.turns.find((t) => !t.recovery && t.session === "s1");
    expect(first?.ok).toBe(false);
    const summary = summarize(run);
    expect(summary.tasks).toHaveLength(1);
    expect(summary.tasks[0]).toMatchObject({ session: "agent:main:explicit:s1", state: "answered", attempts: 1 });
    const rerun = summary.actions.filter((a) => a.action === "recover_task");
    expect(rerun).toHaveLength(1);
    expect(Date.parse(rerun[0]?.at ?? "")).toBeGreaterThanOrEqual(Date.parse("2026-03-02T09:12:00Z"));
    const answered = run.host.turns.filter((t) => t.recovery);
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ ok: true, model: "q/backup", session: "s1" });
    expect(answered[0]?.runId).toMatch(/^selfheal-/);
    // A re-run is not a new user turn: the user-turn figures count the one failed turn only.
    expect(run.metrics.turns).toMatchObject({ total: 1, ok: 0, failed: 1 });
    expect(run.metrics.reruns).toEqual({ ok: 1, failed: 0 });
    expect(formatRehearsal(run)).toMatch(/task s1\s+re-run answered by q\/backup/);
  });

  it("re-runs nothing without the plugin (OpenClaw alone records no task)", async () => {
    const run = await rehearse(BOTH_OVERLOADED, false);
    expect(run.host.turns.filter((t) => t.recovery)).toEqual([]);
    expect(run.tasks).toBeUndefined();
  });
});
