import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario, parseScenarioText } from "../../src/rehearsal/parse-scenario.js";
import { listBuiltins, DEFAULT_SCENARIO } from "../../src/rehearsal/builtin.js";
import { formatOffset, parseDuration, parseOffset } from "../../src/rehearsal/offsets.js";

const START = "2026-02-12T13:00:00Z";
const T0 = Date.parse(START);

function scenario(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "t",
    start: START,
    openclaw: { models: { primary: "p/m", fallbacks: ["p2/m2"] }, channels: ["whatsapp"], cron: [{ id: "daily", name: "Daily digest", every: "1d" }] },
    steps,
    until: "+2h",
    ...extra,
  };
}

function errorsOf(raw: unknown): string[] {
  const result = parseScenario(raw);
  if (result.ok) throw new Error("expected the scenario to be rejected");
  return result.errors;
}

describe("scenario offsets", () => {
  it("reads +<n><s|m|h|d> from the start and rejects anything else", () => {
    expect(parseOffset("+90s")).toBe(90_000);
    expect(parseOffset("+1.5m")).toBe(90_000);
    expect(parseOffset("+2h")).toBe(7_200_000);
    expect(parseOffset("+1d")).toBe(86_400_000);
    for (const bad of ["5m", "+5", "+5x", "-5m", "+m", 5, null]) expect(parseOffset(bad)).toBeUndefined();
    expect(parseDuration("1d")).toBe(86_400_000);
    expect(formatOffset(3_723_000)).toBe("+1:02:03");
  });
});

describe("parseScenario", () => {
  it("accepts the DESIGN.md format and resolves every time to epoch ms", () => {
    const result = parseScenario(scenario([
      { at: "+0s", world: { model: "p/m", fails: "server_overload", retryAfterS: 120 } },
      { at: "+5s", turn: { session: "s1" } },
      { at: "+1m", load: { turnsPerMinute: 4, sessions: 3, until: "+30m" } },
      { at: "+2m", world: { channel: "whatsapp", connected: false } },
      { at: "+3m", world: { cron: "daily", fails: true } },
      { at: "+10m", world: { configValid: false } },
      { at: "+20m", world: { model: "p/m", fails: null } },
      { at: "+21m", hook: "agent_end", event: {}, ctx: {} },
    ], { config: { model: { failureThreshold: 2 } } }));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const s = result.scenario;
    expect(s.untilMs).toBe(T0 + 7_200_000);
    expect(s.config.model.failureThreshold).toBe(2);
    expect(s.config.dryRun).toBe(true);
    expect(s.openclaw.agents).toEqual([{ agentId: "main", chain: ["p/m", "p2/m2"] }]);
    expect(s.openclaw.cron[0]).toMatchObject({ id: "daily", everyMs: 86_400_000 });
    expect(s.steps.map((step) => step.kind)).toEqual(["world", "turn", "load", "world", "world", "world", "world", "hook"]);
    expect(s.steps[0]).toMatchObject({ atMs: T0, change: { kind: "model", model: "p/m", fails: "server_overload", hangs: false, retryAfterS: 120 } });
    expect(s.steps[2]).toMatchObject({ atMs: T0 + 60_000, load: { turnsPerMinute: 4, sessions: 3, untilMs: T0 + 1_800_000 } });
  });

  it("reads openclaw.allowModelOverride, off by default as in OpenClaw", () => {
    const off = parseScenario(scenario([{ at: "+0s", turn: { session: "s1" } }]));
    const on = parseScenario(scenario([{ at: "+0s", turn: { session: "s1" } }], { openclaw: { models: "p/m", allowModelOverride: true } }));
    if (!off.ok || !on.ok) throw new Error("expected both scenarios to parse");
    expect(off.scenario.openclaw.allowModelOverride).toBe(false);
    expect(on.scenario.openclaw.allowModelOverride).toBe(true);
    const errors = errorsOf(scenario([{ at: "+0s", turn: { session: "s1" } }], { openclaw: { models: "p/m", allowModelOverride: "yes" } }));
    expect(errors).toEqual(['openclaw.allowModelOverride: expected true or false, got "yes"']);
  });

  it("names the step and field of a bad offset", () => {
    const errors = errorsOf(scenario([{ at: "+1m", turn: { session: "s1" } }, { at: "+1m", turn: { session: "s2" } }, { at: "5m", turn: { session: "s3" } }]));
    expect(errors).toEqual([expect.stringMatching(/^steps\[2\]\.at: bad offset "5m" \(expected \+<n><s\|m\|h\|d>/)]);
  });

  it("names the step and field of an unknown category, with the categories it expected", () => {
    const steps = [0, 1, 2].map((i) => ({ at: `+${i}m`, turn: { session: "s1" } }));
    const errors = errorsOf(scenario([...steps, { at: "+4m", world: { model: "p/m", fails: "overload" } }]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^steps\[3\]\.world\.fails: unknown category "overload" \(expected one of rate_limit, quota_exhausted, server_overload, /);
  });

  it("rejects unknown keys at every level, naming where they are", () => {
    expect(errorsOf(scenario([{ at: "+1m", world: { model: "p/m", fail: "timeout" } }]))[0]).toMatch(/^steps\[0\]\.world: unknown key "fail" \(expected one of /);
    expect(errorsOf(scenario([{ at: "+1m", when: "now", turn: { session: "s1" } }]))[0]).toMatch(/^steps\[0\]: unknown key "when"/);
    expect(errorsOf(scenario([{ at: "+1m", turn: { session: "s1", user: "bob" } }]))[0]).toMatch(/^steps\[0\]\.turn: unknown key "user"/);
    expect(errorsOf(scenario([{ at: "+1m", load: { turnsPerMinute: 1, rate: 2 } }]))[0]).toMatch(/^steps\[0\]\.load: unknown key "rate"/);
    expect(errorsOf(scenario([], { owner: "me" }))[0]).toMatch(/^\(root\): unknown key "owner"/);
    expect(errorsOf(scenario([], { openclaw: { models: "p/m", channel: ["x"] } }))[0]).toMatch(/^openclaw: unknown key "channel"/);
    expect(errorsOf(scenario([], { config: { model: { failureTreshold: 2 } } }))[0]).toMatch(/^config\/model: unknown key "failureTreshold"/);
  });

  it("bounds the simulated work: turns from loads and turn steps plus cron runs, and channel polls", () => {
    const load = (turnsPerMinute: number, until: string) => [{ at: "+0s", load: { turnsPerMinute, sessions: 10, until } }];
    // 600/min for 2 h is ~90,000 turns with the jitter allowance: accepted; 3 h is not.
    expect(parseScenario(scenario(load(600, "+2h"))).ok).toBe(true);
    const over = errorsOf(scenario(load(600, "+3h"), { until: "+3h" }));
    expect(over).toEqual([expect.stringMatching(/^steps: this scenario would simulate about 135,\d{3} turns \(135,000 user turns, \d+ cron runs\); a rehearsal simulates at most 100,000\./)]);
    // Cron runs count too: three jobs every minute for 31 days (one such job alone is within the bound).
    const job = (id: string) => ({ id, every: "1m" });
    expect(parseScenario(scenario([], { until: "+31d", openclaw: { models: { primary: "p/m" }, cron: [job("a")] } })).ok).toBe(true);
    const cron = errorsOf(scenario([], { until: "+31d", openclaw: { models: { primary: "p/m" }, cron: [job("a"), job("b"), job("c")] } }));
    expect(cron[0]).toMatch(/about 133,920 turns \(0 user turns, 133,920 cron runs\)/);
    // Channel polls: 5 channels read every 5 s for 31 days.
    const polls = errorsOf(scenario([], { until: "+31d", config: { channels: { pollSeconds: 5 } }, openclaw: { models: { primary: "p/m" }, channels: ["a", "b", "c", "d", "e"] } }));
    expect(polls).toEqual([expect.stringMatching(/^openclaw\.channels: this scenario would read channel status about 2,678,400 times; a rehearsal simulates at most 200,000\. Supervise fewer channels, raise config\.channels\.pollSeconds, or shorten "until"$/)]);
  });

  it("reports every problem at once", () => {
    const errors = errorsOf(scenario([
      { at: "+1m", world: { model: "x/unknown", fails: "timeout" } },
      { at: "+1m", world: { channel: "slack", connected: false } },
      { at: "+1m", world: { cron: "daily", fails: "yes" } },
      { at: "+3h", turn: { session: "s1" } },
      { at: "+1m", turn: { session: "s1" }, load: { turnsPerMinute: 1 } },
    ]));
    expect(errors).toEqual([
      expect.stringMatching(/^steps\[0\]\.world\.model: "x\/unknown" is not in any model chain/),
      expect.stringMatching(/^steps\[1\]\.world\.channel: "slack" is not in openclaw\.channels/),
      expect.stringMatching(/^steps\[2\]\.world\.fails: expected true or false for a cron job/),
      expect.stringMatching(/^steps\[3\]\.at: "\+3h" is after "until"/),
      expect.stringMatching(/^steps\[4\]: has turn and load; one step does one thing/),
    ]);
  });

  it("requires the top-level fields and explains a JSON syntax error", () => {
    const errors = errorsOf({ steps: [] });
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^name: required/),
      expect.stringMatching(/^start: required/),
      expect.stringMatching(/^until: required/),
      expect.stringMatching(/^openclaw: required/),
    ]));
    const text = parseScenarioText("{ not json");
    expect(text.ok).toBe(false);
    if (!text.ok) expect(text.errors[0]).toMatch(/^\(root\): not valid JSON/);
  });
});

describe("built-in scenarios", () => {
  it("ship with the package, the default first among them, and all validate", () => {
    const builtins = listBuiltins();
    expect(builtins.map((b) => b.name)).toEqual(expect.arrayContaining([DEFAULT_SCENARIO, "503-storm", "hung-primary", "long-retry-after", "whatsapp-flapping", "nightly-cron-failure", "config-broken-during-incident"]));
    for (const b of builtins) {
      const result = parseScenarioText(readFileSync(b.file, "utf8"));
      expect(result.ok ? [] : result.errors, b.name).toEqual([]);
      expect(b.description.length).toBeGreaterThan(20);
    }
  });
});
