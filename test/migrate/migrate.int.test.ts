import { describe, it, expect } from "vitest";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { migrate, migrateText, MigrateError } from "../../src/migrate/migrate.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { oldEntryWarnings } from "../../src/migrate/legacy-keys.js";
import { runCli, tempDirs } from "../helpers/cli-harness.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url), "utf8");
const tmp = tempDirs("self-heal-migrate-");

/** Every key openclaw-self-healing documents, with values in its documented ranges. */
const ALL_SELF_HEALING = {
  modelOrder: ["anthropic/claude-opus-4-6", "openai-codex/gpt-5.2"],
  cooldownMinutes: 300,
  probeIntervalSec: 300,
  probeEnabled: true,
  dryRun: false,
  autoFix: { patchSessionPins: true, disableFailingPlugins: false, disableFailingCrons: true, issueRepo: "owner/repo", whatsappMinRestartIntervalSec: 300 },
  pluginDisableCooldownSec: 3600,
  stateFile: "~/.openclaw/workspace/memory/self-heal-state.json",
  statusFile: "~/.openclaw/workspace/memory/self-heal-status.json",
};

function setup(openclaw: unknown | string) {
  const home = tmp();
  const configPath = join(home, ".openclaw", "openclaw.json");
  mkdirSync(join(home, ".openclaw"), { recursive: true });
  writeFileSync(configPath, typeof openclaw === "string" ? openclaw : JSON.stringify(openclaw, null, 2));
  return { home, configPath, env: { HOME: home, OPENCLAW_STATE_DIR: join(home, ".openclaw") } as NodeJS.ProcessEnv };
}

describe("self-heal migrate", () => {
  it("translates openclaw-self-healing's README example verbatim into a config self-heal accepts", async () => {
    const { home, configPath, env } = setup(fixture("self-healing-openclaw.json"));
    const r = await migrate({ configPath, home, env });
    expect(r.config).toEqual({
      modelOrder: ["anthropic/claude-opus-4-6", "openai-codex/gpt-5.2", "google-gemini-cli/gemini-2.5-flash"],
      model: { maxCooldownSeconds: 18_000 },
      actions: { patchSession: true, disablePlugin: false, disableCron: false },
      alerts: { githubRepo: "elvatis/openclaw-self-healing-homeofe" },
    });
    expect(r.keys.map((k) => k.from)).toEqual([
      "openclaw-self-healing.modelOrder",
      "openclaw-self-healing.cooldownMinutes",
      "openclaw-self-healing.autoFix.patchSessionPins",
      "openclaw-self-healing.autoFix.disableFailingPlugins",
      "openclaw-self-healing.autoFix.disableFailingCrons",
      "openclaw-self-healing.autoFix.issueRepo",
    ]);
    expect(parseConfig(r.config)).toMatchObject({ ok: true });
    expect(r.warnings).toEqual([]);
    expect(readFileSync(configPath, "utf8")).toBe(fixture("self-healing-openclaw.json"));
  });

  it("says what became of every documented openclaw-self-healing key, and the result validates", async () => {
    const { home, configPath, env } = setup({ plugins: { entries: { "openclaw-self-healing": { enabled: true, config: ALL_SELF_HEALING } } } });
    mkdirSync(join(home, ".openclaw", "workspace", "memory"), { recursive: true });
    writeFileSync(join(home, ".openclaw", "workspace", "memory", "self-heal-state.json"), JSON.stringify({ cooldowns: { "a/b": 1, "c/d": 2 } }));
    const r = await migrate({ configPath, home, env });
    const byFrom = Object.fromEntries(r.keys.map((k) => [k.from.replace("openclaw-self-healing.", ""), k]));
    for (const key of ["modelOrder", "cooldownMinutes", "probeIntervalSec", "probeEnabled", "dryRun", "autoFix.patchSessionPins", "autoFix.disableFailingPlugins", "autoFix.disableFailingCrons", "autoFix.issueRepo", "autoFix.whatsappMinRestartIntervalSec", "pluginDisableCooldownSec", "stateFile", "statusFile"]) {
      expect(byFrom[key], key).toBeDefined();
      expect(byFrom[key]?.note.length, key).toBeGreaterThan(5);
    }
    expect(byFrom.stateFile).toMatchObject({ to: null, note: expect.stringContaining("2 model(s) in cooldown") });
    expect(byFrom.pluginDisableCooldownSec?.to).toBeNull();
    expect(r.config).toMatchObject({
      outage: { probeIntervalSeconds: 300 },
      actions: { probeModel: true, disableCron: true },
      dryRun: false,
      channels: { restartBudgetMax: 1, restartBudgetWindowMinutes: 5 },
      statusFile: join(home, ".openclaw/workspace/memory/self-heal-status.json"),
    });
    const parsed = parseConfig(r.config);
    expect(parsed.ok).toBe(true);
    expect(parsed).not.toHaveProperty("warnings");
    expect(migrateText(r)).toContain("openclaw-self-healing.pluginDisableCooldownSec → (dropped)");
  });

  it("falls back to GITHUB_REPOSITORY for a missing or invalid issueRepo, as the old plugin did", async () => {
    const { home, configPath, env } = setup({ plugins: { entries: { "openclaw-self-healing": { config: { autoFix: { issueRepo: "not a repo" } } } } } });
    const withEnv = await migrate({ configPath, home, env: { ...env, GITHUB_REPOSITORY: "me/ops" } });
    expect(withEnv.config).toEqual({ alerts: { githubRepo: "me/ops" } });
    const without = await migrate({ configPath, home, env });
    expect(without.config).toEqual({});
    expect(without.keys[0]).toMatchObject({ to: null, note: expect.stringContaining("GITHUB_REPOSITORY is not set") });
    const missing = setup({ plugins: { entries: { "openclaw-self-healing": { config: { cooldownMinutes: 10 } } } } });
    const fromEnv = await migrate({ configPath: missing.configPath, home: missing.home, env: { ...missing.env, GITHUB_REPOSITORY: "me/ops" } });
    expect(fromEnv.config).toMatchObject({ alerts: { githubRepo: "me/ops" } });
  });

  it("translates resilience's README config and strategy verbatim; --apply backs up, writes, validates and disables the old entry", async () => {
    const { home, configPath, env } = setup({ plugins: { entries: { resilience: { enabled: true, config: JSON.parse(fixture("resilience-config.json")) } } } });
    const data = join(home, ".openclaw", "plugins", "resilience");
    mkdirSync(join(data, "logs"), { recursive: true });
    writeFileSync(join(data, "logs", "2026-06-03.jsonl"), '{"timestamp":"2026-06-03T10:30:00.000Z","provider":"openai","model":"gpt-4o","errorType":"rate_limit"}\n');
    const bare = `[${fixture("resilience-strategy.json")}]`;
    writeFileSync(join(data, "strategies.json"), bare);
    const before = readFileSync(configPath, "utf8");
    const seen: string[] = [];
    const r = await migrate({ configPath, home, env, apply: true, now: Date.parse("2026-06-04T00:00:00Z"), validate: async (p) => (seen.push(readFileSync(p, "utf8")), { ok: true, errors: [] }) });
    expect(r.config).toEqual({ logDir: join(data, "logs", "self-heal"), statsRetentionDays: 90, defaultStrategy: "exponential" });
    expect(r.keys.map((k) => k.from)).toEqual(["resilience.logDir", "resilience.statsRetentionDays", "resilience.defaultStrategy", `resilience strategies.json (${join(data, "strategies.json")})`]);
    expect(readFileSync(r.applied!.backup, "utf8")).toBe(before);
    const written = JSON.parse(readFileSync(configPath, "utf8"));
    expect(seen).toHaveLength(1);
    expect(written.plugins.entries.resilience.enabled).toBe(false);
    expect(written.plugins.entries["self-heal"]).toEqual({ enabled: true, hooks: { allowConversationAccess: true }, config: r.config });
    const strategies = JSON.parse(readFileSync(join(home, ".openclaw", "plugins", "self-heal", "strategies.json"), "utf8"));
    expect(strategies).toEqual({ version: 1, strategies: [JSON.parse(fixture("resilience-strategy.json"))] });
    expect(readFileSync(join(data, "strategies.json"), "utf8")).toBe(bare);
  });

  it("restores openclaw.json when openclaw config validate refuses the result", async () => {
    const { home, configPath, env } = setup(fixture("self-healing-openclaw.json"));
    const apply = migrate({ configPath, home, env, apply: true, validate: async () => ({ ok: false, errors: ["plugins.entries.self-heal: plugin not found"] }) });
    await expect(apply).rejects.toThrow(/refused the migrated config, so .* was restored .*plugin not found/s);
    expect(readFileSync(configPath, "utf8")).toBe(fixture("self-healing-openclaw.json"));
  });

  it("rewrites old keys pasted into self-heal's own entry, keeping what is already set", async () => {
    const { home, configPath, env } = setup({ plugins: { entries: { "self-heal": { config: { dryRun: true, cooldownMinutes: 60, probeEnabled: false } } } } });
    const r = await migrate({ configPath, home, env });
    expect(r.config).toEqual({ dryRun: true, model: { maxCooldownSeconds: 3600 }, actions: { probeModel: false } });
    expect(r.keys.map((k) => k.from)).toEqual(["self-heal.cooldownMinutes", "self-heal.probeEnabled"]);
  });

  it("prints one JSON object with --json, and plain errors for a missing or broken openclaw.json", async () => {
    const { configPath } = setup(fixture("self-healing-openclaw.json"));
    const ok = await runCli(["migrate", "--config", configPath, "--json"]);
    expect(ok.code).toBe(0);
    const parsed = JSON.parse(ok.out);
    expect(Object.keys(parsed)).toEqual(["config", "keys", "warnings"]);
    expect(parsed.keys[0]).toEqual({ from: "openclaw-self-healing.modelOrder", to: "modelOrder", note: expect.any(String) });
    const text = await runCli(["migrate", "--config", configPath]);
    expect(text.out).toContain("Nothing was written. Run again with --apply");
    const missing = await runCli(["migrate", "--config", join(tmp(), "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/self-heal migrate: no OpenClaw config at .*nope.json \(pass --config <openclaw.json>\)/);
    const broken = setup("{ plugins: ");
    const bad = await runCli(["migrate", "--config", broken.configPath]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("is not readable JSON5");
    expect(existsSync(`${broken.configPath}.bak`)).toBe(false);
    await expect(migrate({ configPath: join(tmp(), "x.json"), home: "/", env: {} })).rejects.toBeInstanceOf(MigrateError);
  });
});

describe("old keys at start", () => {
  it("supervises with old keys in self-heal's config, translated, with a warning that names self-heal migrate", () => {
    const r = parseConfig({ cooldownMinutes: 20, probeEnabled: false, autoFix: { disableFailingCrons: true } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.model.maxCooldownSeconds).toBe(1200);
    expect(r.config.actions.probeModel).toBe(false);
    expect(r.config.actions.disableCron).toBe(true);
    expect(r.warnings?.[0]).toMatch(/still has openclaw-self-healing keys \(cooldownMinutes, probeEnabled, autoFix\).*openclaw self-heal migrate --apply/);
    expect(r.config).not.toHaveProperty("cooldownMinutes");
  });

  it("names old plugins' entries still enabled in openclaw.json", () => {
    expect(oldEntryWarnings(JSON.parse(fixture("self-healing-openclaw.json")))).toEqual([
      "openclaw.json still has plugins.entries.openclaw-self-healing, which self-heal replaces; move its settings over with: openclaw self-heal migrate --apply",
    ]);
    expect(oldEntryWarnings({ plugins: { entries: { resilience: { enabled: false } } } })).toEqual([]);
  });
});
