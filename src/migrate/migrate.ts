// `self-heal migrate`: reads openclaw.json (and the old plugins' state and strategies files), translates every old key,
// and with `apply` writes plugins.entries.self-heal after a backup and `openclaw config validate`, disabling the old entries.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync, renameSync, constants as fsConstants, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import JSON5 from "json5";
import { validateDocument } from "../strategies/validate.js";
import type { StrategyDocument } from "../strategies/types.js";
import {
  RESILIENCE_IDS,
  SELF_HEALING_ID,
  SELF_HEALING_ONLY_KEYS,
  expandHome,
  mergeUnder,
  translateResilience,
  translateSelfHealing,
  type KeyNote,
  type Translation,
} from "./translate.js";

export const SELF_HEAL_ID = "self-heal";

export interface MigrateOptions {
  readonly configPath: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly apply?: boolean;
  readonly now?: number;
  /** `openclaw config validate` on the written file; the write is undone when it fails. */
  readonly validate?: (configPath: string) => Promise<{ ok: boolean; errors: string[] }>;
}

export interface MigrateResult {
  readonly config: Record<string, unknown>;
  readonly keys: KeyNote[];
  readonly warnings: string[];
  /** What --apply wrote (absent without it, or when it was undone). */
  readonly applied?: { configPath: string; backup: string; strategies?: { file: string; backup?: string; count: number } };
  /** Old plugin entries found. */
  readonly found: string[];
}

export class MigrateError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, "-");
}

function readJson(path: string): unknown {
  return JSON5.parse(readFileSync(path, "utf8"));
}

/** openclaw-self-healing's state file: how many models it had in cooldown (best effort; the shape is its own). */
function stateFacts(path: string): { stateFileCooldowns?: number; stateFileError?: string } {
  if (!existsSync(path)) return {};
  try {
    const raw = readJson(path) as Record<string, unknown>;
    const cd = [raw.cooldowns, raw.modelCooldowns, raw.models].find((v) => isObject(v) || Array.isArray(v));
    return { stateFileCooldowns: Array.isArray(cd) ? cd.length : isObject(cd) ? Object.keys(cd).length : 0 };
  } catch (error) {
    return { stateFileError: (error as Error).message.slice(0, 120) };
  }
}

function hasForeignDayFiles(dir: string): boolean {
  try {
    for (const name of readdirSync(dir)) {
      if (!/^\d{4}-\d{2}-\d{2}\.jsonl$/.test(name)) continue;
      const first = readFileSync(join(dir, name), "utf8").split("\n", 1)[0] ?? "";
      if (first.length > 0 && !/^\{"v":1,"seq":/.test(first)) return true;
    }
  } catch {
    return false;
  }
  return false;
}

/** Resilience's strategies.json beside its logs dir, or in its default data dir. */
function findStrategies(logDir: string | undefined, home: string): { file: string; doc?: StrategyDocument; errors?: readonly string[] } | undefined {
  const candidates = [...(logDir ? [join(dirname(expandHome(logDir, home).replace(/\/+$/, "")), "strategies.json")] : []), join(home, ".openclaw", "plugins", "resilience", "strategies.json")];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      const v = validateDocument(readJson(file));
      return v.ok ? { file, doc: v.value } : { file, errors: v.errors };
    } catch (error) {
      return { file, errors: [(error as Error).message] };
    }
  }
  return undefined;
}

export function defaultOpenClawConfigPath(env: NodeJS.ProcessEnv, home: string): string {
  return env.OPENCLAW_CONFIG_PATH ?? join(env.OPENCLAW_STATE_DIR ?? join(home, ".openclaw"), "openclaw.json");
}

export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const { configPath, home, env } = opts;
  const now = opts.now ?? Date.now();
  if (!existsSync(configPath)) throw new MigrateError(`no OpenClaw config at ${configPath} (pass --config <openclaw.json>)`);
  let root: unknown;
  try {
    root = readJson(configPath);
  } catch (error) {
    throw new MigrateError(`${configPath} is not readable JSON5: ${(error as Error).message}`);
  }
  if (!isObject(root)) throw new MigrateError(`${configPath} does not hold an object`);
  const entries = isObject(root.plugins) && isObject(root.plugins.entries) ? root.plugins.entries : {};
  const own = isObject(entries[SELF_HEAL_ID]) ? (entries[SELF_HEAL_ID] as Record<string, unknown>) : undefined;
  const ownConfig = own && isObject(own.config) ? { ...own.config } : {};
  const parts: Translation[] = [];
  const found: string[] = [];
  const warnings: string[] = [];

  const oldSh = entries[SELF_HEALING_ID];
  if (isObject(oldSh)) {
    found.push(SELF_HEALING_ID);
    const cfg = isObject(oldSh.config) ? oldSh.config : {};
    const stateFile = expandHome(typeof cfg.stateFile === "string" ? cfg.stateFile : "~/.openclaw/workspace/memory/self-heal-state.json", home);
    parts.push(translateSelfHealing(cfg, { home, githubRepository: env.GITHUB_REPOSITORY, ...stateFacts(stateFile) }));
  }
  // Old keys pasted into self-heal's own entry are translated the same way.
  const pasted = Object.fromEntries(Object.entries(ownConfig).filter(([k]) => (SELF_HEALING_ONLY_KEYS as readonly string[]).includes(k) || k === "statusFile"));
  if (Object.keys(pasted).some((k) => k !== "statusFile")) {
    for (const k of Object.keys(pasted)) delete ownConfig[k];
    const t = translateSelfHealing(pasted, { home, githubRepository: env.GITHUB_REPOSITORY });
    parts.push({ ...t, keys: t.keys.map((n) => ({ ...n, from: n.from.replace(`${SELF_HEALING_ID}.`, `${SELF_HEAL_ID}.`) })) });
    found.push(`${SELF_HEAL_ID} (old keys)`);
  }
  let strategies: ReturnType<typeof findStrategies>;
  for (const id of RESILIENCE_IDS) {
    const entry = entries[id];
    if (!isObject(entry)) continue;
    found.push(id);
    const cfg = isObject(entry.config) ? entry.config : {};
    const logDir = typeof cfg.logDir === "string" ? cfg.logDir : undefined;
    parts.push(translateResilience(cfg, { home, logDirHasForeignFiles: logDir ? hasForeignDayFiles(expandHome(logDir, home)) : false }, id));
    strategies = findStrategies(logDir, home);
  }
  const keys = parts.flatMap((p) => p.keys);
  warnings.push(...parts.flatMap((p) => p.warnings));
  if (strategies?.doc) keys.push({ from: `resilience strategies.json (${strategies.file})`, to: "<stateDir>/strategies.json", note: `${strategies.doc.strategies.length} strateg${strategies.doc.strategies.length === 1 ? "y" : "ies"} (${strategies.doc.strategies.map((s) => s.name).join(", ")}), copied in the current format with --apply` });
  else if (strategies?.errors) warnings.push(`${strategies.file} was not copied: ${strategies.errors.slice(0, 5).join("; ")}`);
  if (found.length === 0) warnings.push(`nothing to migrate: ${configPath} has no openclaw-self-healing or resilience entry and no old keys under plugins.entries.self-heal`);

  const translated = parts.reduce<Record<string, unknown>>((acc, p) => mergeUnder(p.config, acc), {});
  for (const k of Object.keys(translated)) if (k in ownConfig && JSON.stringify(ownConfig[k]) !== JSON.stringify(translated[k])) warnings.push(`plugins.entries.self-heal.config.${k} is already set; the existing value is kept over the translated one`);
  const config = mergeUnder(ownConfig, translated);
  const result: MigrateResult = { config, keys, warnings, found };
  if (!opts.apply || found.length === 0) return result;

  // --apply: backup, write, validate (undo on failure), then the strategies.
  const backup = `${configPath}.self-heal-migrate-${stamp(now)}.bak`;
  copyFileSync(configPath, backup, fsConstants.COPYFILE_EXCL);
  const before = readFileSync(configPath, "utf8");
  const next = structuredClone(root) as Record<string, unknown>;
  const plugins = (isObject(next.plugins) ? next.plugins : (next.plugins = {})) as Record<string, unknown>;
  const nextEntries = (isObject(plugins.entries) ? plugins.entries : (plugins.entries = {})) as Record<string, Record<string, unknown>>;
  const oldEnabled = found.map((id) => entries[id]).find((e) => isObject(e) && typeof e.enabled === "boolean") as Record<string, unknown> | undefined;
  const ownEntry = { ...(own ?? {}) };
  const hooks = isObject(ownEntry.hooks) ? ownEntry.hooks : {};
  nextEntries[SELF_HEAL_ID] = {
    ...ownEntry,
    enabled: typeof ownEntry.enabled === "boolean" ? ownEntry.enabled : oldEnabled?.enabled !== false,
    // Routing and holding turns are conversation hooks: without this the plugin would observe but never route.
    hooks: { ...hooks, allowConversationAccess: hooks.allowConversationAccess ?? true },
    config,
  };
  for (const id of found) if (id !== `${SELF_HEAL_ID} (old keys)` && isObject(nextEntries[id])) nextEntries[id] = { ...nextEntries[id], enabled: false };
  const tmp = `${configPath}.self-heal-migrate.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, configPath);
  if (opts.validate) {
    const check = await opts.validate(configPath);
    if (!check.ok) {
      writeFileSync(configPath, before);
      throw new MigrateError(`openclaw config validate refused the migrated config, so ${configPath} was restored (backup: ${backup}):\n  - ${check.errors.join("\n  - ")}`);
    }
  }
  let strategiesApplied: { file: string; backup?: string; count: number } | undefined;
  if (strategies?.doc) {
    const stateDir = typeof config.stateDir === "string" && config.stateDir.length > 0 ? expandHome(config.stateDir, home) : join(env.OPENCLAW_STATE_DIR ?? join(home, ".openclaw"), "plugins", SELF_HEAL_ID);
    const file = join(stateDir, "strategies.json");
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    let kept: string | undefined;
    if (existsSync(file)) {
      kept = `${file}.self-heal-migrate-${stamp(now)}.bak`;
      copyFileSync(file, kept, fsConstants.COPYFILE_EXCL);
    }
    writeFileSync(`${file}.tmp`, `${JSON.stringify(strategies.doc, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    strategiesApplied = { file, count: strategies.doc.strategies.length, ...(kept ? { backup: kept } : {}) };
  }
  return { ...result, applied: { configPath, backup, ...(strategiesApplied ? { strategies: strategiesApplied } : {}) } };
}

/** One line per old key, the new block, and the warnings: what `self-heal migrate` prints. */
export function migrateText(r: MigrateResult): string {
  const lines: string[] = [];
  if (r.found.length > 0) lines.push(`Found: ${r.found.join(", ")}`, "");
  if (r.keys.length > 0) {
    lines.push("What became of each old key:");
    for (const k of r.keys) lines.push(`  ${k.from} → ${k.to ?? "(dropped)"}: ${k.note}`);
    lines.push("");
  }
  lines.push("plugins.entries.self-heal.config:", JSON.stringify(r.config, null, 2));
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (r.applied) {
    lines.push("", `Written to ${r.applied.configPath} (backup: ${r.applied.backup}); the old entries are disabled. Restart the gateway: openclaw gateway restart`);
    if (r.applied.strategies) lines.push(`Strategies written to ${r.applied.strategies.file}${r.applied.strategies.backup ? ` (previous file kept as ${r.applied.strategies.backup})` : ""}.`);
  } else if (r.found.length > 0) lines.push("", "Nothing was written. Run again with --apply to write it (after a backup and openclaw config validate).");
  return lines.join("\n");
}
