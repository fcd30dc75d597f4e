// `self-heal rehearse`: built-in and file scenarios, --json contract, --baseline, --list, and clear errors, in process via main().
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDirs } from "../helpers/cli-harness.js";

const tempDir = tempDirs("self-heal-cli-rehearse-");

const cli = (...args: string[]) => runCli(args);

interface Summary {
  turns: { total: number; ok: number; failed: number };
  turnLog: Array<{ at: string; session: string; ok: boolean; model: string | null; latencyMs: number }>;
  actions: Array<{ at: string; action: string; target: string; reason: string; outcome: string; why?: string }>;
  finalStatus: { health: string; dryRun: boolean; models: Array<{ id: string; state: string }> };
  journal: string;
  baseline?: { turns: { total: number } };
  comparison?: Record<string, { baseline: number | null; supervised: number | null }>;
}

describe("self-heal rehearse", () => {
  it("runs the built-in all-models-down incident by default and prints the --json summary contract", async () => {
    const dir = tempDir();
    const { code, out, err } = await cli("rehearse", "--json", "--state-dir", dir);
    expect(err).toBe("");
    expect(code).toBe(0);
    const s = JSON.parse(out) as Summary;
    expect(Object.keys(s.turns).sort()).toEqual(["failed", "ok", "total"]);
    expect(s.turns.total).toBeGreaterThan(100);
    expect(s.turnLog[0]).toEqual(expect.objectContaining({ at: expect.stringMatching(/^2026-02-12T13:00:/), session: expect.any(String), ok: expect.any(Boolean), latencyMs: expect.any(Number) }));
    expect(s.turnLog.every((t) => t.model === null || typeof t.model === "string")).toBe(true);
    expect(s.actions.length).toBeGreaterThan(5);
    expect(s.actions.every((a) => ["dry_run", "refused"].includes(a.outcome) && a.at.endsWith("Z") && a.target && a.reason)).toBe(true);
    expect(s.actions.map((a) => a.action)).toEqual(expect.arrayContaining(["route_around", "probe_model", "alert", "fail_back"]));
    expect(s.finalStatus).toMatchObject({ dryRun: true });
    expect(s.finalStatus.models.map((m) => m.id)).toEqual(["google/gemini-3-flash", "anthropic/claude-opus-4-5", "zhipu/glm-4.7"]);
    expect(s.journal).toBe(join(dir, "journal"));
    expect(existsSync(join(dir, "journal", "2026-02-12.jsonl"))).toBe(true);
    expect(existsSync(join(dir, "status.json"))).toBe(true);
  });

  it("prints a readable timeline of the incident with virtual times, actors, actions and why", async () => {
    const { code, out } = await cli("rehearse", "--state-dir", tempDir());
    expect(code).toBe(0);
    expect(out).toMatch(/^self-heal rehearse: all-models-down \(seed 1\)/);
    expect(out).toMatch(/\+0:10:\d\d {2}model google\/gemini-3-flash +healthy → disabled {2}— quota_exhausted/);
    expect(out).toMatch(/action +route_around google\/gemini-3-flash {2}\[dry_run\]/);
    expect(out).toMatch(/alert owner {2}\[dry_run\] {2}— \[self-heal\] outage: every model of agent main is down/);
    expect(out).toMatch(/fail_back google\/gemini-3-flash/);
    expect(out).toMatch(/requests sent to sick models/);
  });

  it("with --baseline, adds the unsupervised run and a comparison", async () => {
    const { code, out } = await cli("rehearse", "503-storm", "--json", "--baseline", "--state-dir", tempDir());
    expect(code).toBe(0);
    const s = JSON.parse(out) as Summary;
    expect(s.baseline?.turns.total).toBe(s.turns.total);
    expect(s.comparison?.latencyP50Ms?.baseline).toBeGreaterThan(s.comparison?.latencyP50Ms?.supervised ?? Infinity);
    expect(s.comparison?.requestsToSickModels?.baseline).toBeGreaterThan(s.comparison?.requestsToSickModels?.supervised ?? Infinity);
    const text = await cli("rehearse", "503-storm", "--baseline", "--state-dir", tempDir());
    expect(text.out).toMatch(/OpenClaw alone +with self-heal/);
  });

  it("lists the built-in scenarios", async () => {
    const { code, out } = await cli("rehearse", "--list");
    expect(code).toBe(0);
    expect(out).toMatch(/^all-models-down +\(default\) /m);
    for (const name of ["503-storm", "hung-primary", "long-retry-after", "whatsapp-flapping", "nightly-cron-failure", "config-broken-during-incident"]) {
      expect(out).toMatch(new RegExp(`^${name} `, "m"));
    }
  });

  it("runs a scenario file and honours --seed", async () => {
    const dir = tempDir();
    const file = join(dir, "mini.json");
    writeFileSync(file, JSON.stringify({
      name: "mini", start: "2026-04-01T00:00:00Z", until: "+10m",
      openclaw: { models: { primary: "a/one", fallbacks: ["b/two"] } },
      steps: [{ at: "+1m", world: { model: "a/one", fails: "server_overload" } }, { at: "+2m", turn: { session: "x" } }, { at: "+5m", turn: { session: "x" } }],
    }));
    const a = JSON.parse((await cli("rehearse", file, "--json", "--seed", "5", "--state-dir", join(dir, "a"))).out) as Summary;
    const b = JSON.parse((await cli("rehearse", file, "--json", "--seed", "5", "--state-dir", join(dir, "b"))).out) as Summary;
    expect(a.turnLog).toEqual(b.turnLog);
    expect(a.turnLog.map((t) => t.model)).toEqual(["b/two", "b/two"]);
    expect(a.turnLog[1]?.latencyMs).toBeLessThan(10_000);
  });

  it("rejects an invalid scenario with exit 2 and errors that name the step and field", async () => {
    const dir = tempDir();
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({
      name: "bad", start: "2026-04-01T00:00:00Z", until: "+10m", openclaw: { models: "a/one" },
      steps: [{ at: "+1m", turn: { session: "x" } }, { at: "10m", turn: { session: "x" } }, { at: "+2m", world: { model: "a/one", fails: "overload" } }],
    }));
    const { code, out, err } = await cli("rehearse", file, "--state-dir", join(dir, "state"));
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(/steps\[1\]\.at: bad offset "10m"/);
    expect(err).toMatch(/steps\[2\]\.world\.fails: unknown category "overload"/);
  });

  it("refuses a scenario whose simulated work is beyond the bound before running anything, and says what to shorten", async () => {
    const dir = tempDir();
    const file = join(dir, "huge.json");
    // The largest load the step validator accepts, for the longest span: ~27 million turns.
    writeFileSync(file, JSON.stringify({
      name: "huge", start: "2026-04-01T00:00:00Z", until: "+31d", openclaw: { models: { primary: "a/one", fallbacks: ["b/two"] } },
      steps: [{ at: "+0s", load: { turnsPerMinute: 600, sessions: 1000, until: "+31d" } }],
    }));
    const state = join(dir, "state");
    const started = Date.now();
    const { code, out, err } = await cli("rehearse", file, "--state-dir", state);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(/steps: this scenario would simulate about 3\d,\d{3},\d{3} turns \(3\d,\d{3},\d{3} user turns, 0 cron runs\); a rehearsal simulates at most 100,000\. Lower load\.turnsPerMinute, shorten load\.until or "until", or split it into several rehearsals/);
    expect(existsSync(join(state, "journal"))).toBe(false);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("refuses unknown scenarios, bad seeds and state dirs that are not a rehearsal's", async () => {
    expect((await cli("rehearse", "no-such-incident")).code).toBe(2);
    expect((await cli("rehearse", "--seed", "abc")).err).toMatch(/--seed must be an integer/);
    const live = tempDir();
    writeFileSync(join(live, "status.json"), "{}");
    const refused = await cli("rehearse", "--state-dir", live);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/refusing to rehearse into/);
  });
});
