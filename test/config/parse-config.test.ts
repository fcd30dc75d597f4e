import { describe, it, expect } from "vitest";
import { parseConfig, defaultConfig, loadConfig, ConfigError } from "../../src/config/parse-config.js";
import { manifest } from "../../src/config/manifest.js";

describe("parseConfig", () => {
  it("fills every default from the manifest schema", () => {
    const c = defaultConfig();
    expect(c.statsRetentionDays).toBe(90);
    expect(c.defaultStrategy).toBe("exponential");
    expect(c.dryRun).toBe(false);
    expect(c.actions.restartGateway).toBe(false);
    expect(c.actions.disableCron).toBe(false);
    expect(c.actions.routeAround).toBe(true);
    expect(c.model.baseCooldownSeconds).toBe(30);
  });

  it("accepts the keys users of the seed plugins already write", () => {
    const r = parseConfig({ logDir: "/tmp/x", statsRetentionDays: 30, defaultStrategy: "fixed", modelOrder: ["openai/gpt-4o", "anthropic/claude-opus-4-5"], dryRun: true });
    expect(r.ok).toBe(true);
  });

  it("lists every error at once, naming the path", () => {
    const r = parseConfig({ statsRetentionDays: 0, defaultStrategy: "linear", bogus: 1, model: { failureThreshold: "3" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("/statsRetentionDays"),
        expect.stringContaining("/defaultStrategy: must be one of"),
        expect.stringContaining('unknown key "bogus"'),
        expect.stringContaining("/model/failureThreshold"),
      ]),
    );
    expect(r.errors.length).toBeGreaterThanOrEqual(4);
  });

  it("rejects a max cooldown below the base cooldown", () => {
    const r = parseConfig({ model: { baseCooldownSeconds: 600, maxCooldownSeconds: 60 } });
    expect(r.ok).toBe(false);
  });

  it("fills quota budget defaults and keeps the watch off without budgets", () => {
    expect(defaultConfig().quota).toEqual({ warnPercent: 80, criticalPercent: 95, routeNonUrgent: false, nonUrgentTriggers: ["cron", "heartbeat", "memory"], budgets: [] });
    const r = parseConfig({ quota: { budgets: [{ model: "google/*", requests: 1500 }] } });
    expect(r.ok && r.config.quota.budgets).toEqual([{ model: "google/*", requests: 1500, window: "day", rollingHours: 5, resetHourUtc: 0 }]);
  });

  it("rejects quota budgets that cannot work, naming each one", () => {
    const r = parseConfig({
      quota: {
        warnPercent: 90,
        criticalPercent: 85,
        budgets: [{ model: "a/m" }, { model: "a/m", requests: 5 }, { model: "gpt-4o", tokens: 1 }, { model: "b/m", requests: 0, window: "year" }],
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([expect.stringContaining("/quota/budgets/2/model"), expect.stringContaining("/quota/budgets/3/requests"), expect.stringContaining("/quota/budgets/3/window: must be one of")]),
    );
    const semantic = parseConfig({ quota: { warnPercent: 90, criticalPercent: 85, budgets: [{ model: "a/m" }, { model: "a/m", requests: 5 }] } });
    expect(semantic.ok ? [] : semantic.errors).toEqual([
      "/quota/criticalPercent: must be >= /quota/warnPercent",
      "/quota/budgets/0: set requests, tokens or both",
      '/quota/budgets/1/model: "a/m" has more than one budget',
    ]);
  });

  it("never mutates its input", () => {
    const input = { actions: {} };
    parseConfig(input);
    expect(input).toEqual({ actions: {} });
  });

  it("rejects non-object config with a clear error, and loadConfig throws a ConfigError listing it", () => {
    expect(parseConfig("yes").ok).toBe(false);
    expect(() => loadConfig([1])).toThrow(ConfigError);
  });

  it("documents a default and a range for every numeric key", () => {
    const walk = (schema: Record<string, unknown>, path: string): string[] => {
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const missing: string[] = [];
      for (const [k, v] of Object.entries(props)) {
        // Deprecated old-plugin keys are translated, never defaulted (see src/migrate/legacy-keys.ts).
        if (String(v.description ?? "").startsWith("Deprecated")) continue;
        if (v.type === "object") missing.push(...walk(v, `${path}.${k}`));
        else if (v.type === "integer" || v.type === "number") {
          if (v.default === undefined || v.minimum === undefined || v.maximum === undefined) missing.push(`${path}.${k}`);
        }
      }
      return missing;
    };
    expect(walk(manifest.configSchema, "")).toEqual([]);
  });
});
