// Prometheus exposition on /self-heal/metrics: model states, cooldown remaining, error and action counters,
// valid text format, bounded labels; registered behind gateway auth.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { defaultConfig, parseConfig } from "../../src/config/parse-config.js";
import { createRuntime } from "../../src/runtime/create-runtime.js";
import { metricsText, metricsHandler, labelValue, METRICS_CONTENT_TYPE } from "../../src/adapter/metrics-route.js";
import { register } from "../../src/adapter/register.js";
import { LiveCounters, MAX_MODELS } from "../../src/projections/index.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { createFakeApi, FakeResponse } from "../helpers/fake-api.js";
import { TOPOLOGY, T0 } from "../helpers/supervisor-harness.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SAMPLE = /^[a-z_]+(\{[a-z_]+="(?:[^"\\\n]|\\.)*"(,[a-z_]+="(?:[^"\\\n]|\\.)*")*\})? -?\d+(\.\d+)?$/;

describe("metricsText", () => {
  it("exposes a cooled-down model's state, its remaining cooldown, its errors by category and the actions taken", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "self-heal-metrics-"));
    dirs.push(stateDir);
    const clock = new ManualClock(T0);
    const rt = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(1), inline: true });
    try {
      rt.supervisor.observe({ type: "call", ts: clock.now(), model: "p/primary", provider: "p", ok: false, classification: { category: "rate_limit", retryable: true, retryAfterMs: 600_000, evidence: "429" } });
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      const text = metricsText(rt, clock.now() + 60_000);
      expect(text).toContain("self_heal_up 1");
      expect(text).toContain('self_heal_model_state{model="p/primary",state="cooldown"} 1');
      expect(text).toContain('self_heal_model_state{model="p/primary",state="healthy"} 0');
      const remaining = Number(/self_heal_model_cooldown_remaining_seconds\{model="p\/primary"\} (\d+)/.exec(text)?.[1]);
      expect(remaining).toBeGreaterThan(400);
      expect(remaining).toBeLessThanOrEqual(600);
      expect(text).toContain('self_heal_model_errors_total{model="p/primary",category="rate_limit"} 1');
      expect(text).toMatch(/self_heal_actions_total\{action="route_around",outcome="executed"\} 1/);
      for (const line of text.trim().split("\n")) if (!line.startsWith("#")) expect(line).toMatch(SAMPLE);
    } finally {
      rt.stop();
    }
  });

  it("exposes each quota budget's use, limit and share when budgets are configured", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "self-heal-metrics-"));
    dirs.push(stateDir);
    const clock = new ManualClock(T0);
    const parsed = parseConfig({ quota: { budgets: [{ model: "p/primary", requests: 10, tokens: 1000 }] } });
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    const rt = createRuntime({ stateDir, config: parsed.config, topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(1), inline: true });
    try {
      const plainDir = mkdtempSync(join(tmpdir(), "self-heal-metrics-"));
      dirs.push(plainDir);
      const plain = createRuntime({ stateDir: plainDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(1), inline: true });
      expect(metricsText(plain, clock.now())).not.toContain("self_heal_quota");
      plain.stop();
      for (let i = 0; i < 3; i++) rt.supervisor.observe({ type: "call", ts: clock.now(), model: "p/primary", provider: "p", ok: true });
      rt.supervisor.observe({ type: "call.usage", ts: clock.now(), model: "p/primary", provider: "p", tokens: 450 });
      const text = metricsText(rt, clock.now());
      expect(text).toContain('self_heal_quota_used{model="p/primary",kind="requests"} 3');
      expect(text).toContain('self_heal_quota_used{model="p/primary",kind="tokens"} 450');
      expect(text).toContain('self_heal_quota_limit{model="p/primary",kind="tokens"} 1000');
      expect(text).toContain('self_heal_quota_used_ratio{model="p/primary"} 0.45');
      for (const line of text.trim().split("\n")) if (!line.startsWith("#")) expect(line).toMatch(SAMPLE);
    } finally {
      rt.stop();
    }
  });

  it("says self_heal_up 0 when no supervisor runs, with the Prometheus content type", () => {
    const res = new FakeResponse();
    metricsHandler(() => undefined, () => T0)(undefined, res);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe(METRICS_CONTENT_TYPE);
    expect(res.body).toBe("# HELP self_heal_up 1 when the self-heal supervisor runs in this gateway process.\n# TYPE self_heal_up gauge\nself_heal_up 0\n");
  });

  it("escapes label values and bounds the number of model labels", () => {
    expect(labelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const counters = new LiveCounters();
    for (let i = 0; i < MAX_MODELS + 50; i++) counters.observe({ type: "call", ts: T0, seq: i + 1, fields: { model: `p/m${i}`, ok: false, errorType: "made_up" } });
    expect(counters.calls.size).toBe(MAX_MODELS + 1);
    expect(counters.calls.get("other")).toBe(50);
    expect([...counters.errors.keys()].every((k) => k.endsWith("\u0000unknown"))).toBe(true);
  });
});

describe("the route", () => {
  it("is registered at /self-heal/metrics behind gateway auth in full mode only", () => {
    const full = createFakeApi({ mode: "full" });
    register(full.api);
    expect(full.routes.find((r) => r.path === "/self-heal/metrics")?.auth).toBe("gateway");
    const discovery = createFakeApi({ mode: "discovery" });
    register(discovery.api);
    expect(discovery.routes).toHaveLength(0);
  });
});
