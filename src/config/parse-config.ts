// Validates raw plugin config against the manifest's JSON Schema (ajv), applies defaults, lists every error.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { manifest } from "./manifest.js";
import type { SelfHealConfig } from "./types.js";
import { liftLegacyKeys } from "../migrate/legacy-keys.js";

/** `warnings`: old (openclaw-self-healing) keys that were translated; each names `self-heal migrate`. */
export type ConfigResult = { ok: true; config: SelfHealConfig; warnings?: string[] } | { ok: false; errors: string[] };

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
    validator = ajv.compile(manifest.configSchema);
  }
  return validator;
}

function describe(error: ErrorObject): string {
  const path = error.instancePath || "(root)";
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${path}: unknown key "${extra}"`;
  }
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `${path}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return `${path}: ${error.message ?? error.keyword}`;
}

/** Parses plugin config (plugins.entries.self-heal.config). Never throws; never mutates its input. */
export function parseConfig(raw: unknown): ConfigResult {
  const input = raw === undefined || raw === null ? {} : raw;
  if (typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, errors: ["(root): config must be an object"] };
  }
  let copy: unknown;
  try {
    copy = structuredClone(input);
  } catch {
    return { ok: false, errors: ["(root): config must be plain JSON"] };
  }
  const lifted = liftLegacyKeys(copy as Record<string, unknown>);
  copy = lifted.config;
  const validate = getValidator();
  if (!validate(copy)) {
    return { ok: false, errors: (validate.errors ?? []).map(describe) };
  }
  const config = copy as SelfHealConfig;
  const semantic: string[] = [];
  if (config.model.maxCooldownSeconds < config.model.baseCooldownSeconds) {
    semantic.push("/model/maxCooldownSeconds: must be >= /model/baseCooldownSeconds");
  }
  if (config.quota.criticalPercent < config.quota.warnPercent) {
    semantic.push("/quota/criticalPercent: must be >= /quota/warnPercent");
  }
  const budgeted = new Set<string>();
  config.quota.budgets.forEach((budget, i) => {
    if (budget.requests === undefined && budget.tokens === undefined) semantic.push(`/quota/budgets/${i}: set requests, tokens or both`);
    if (budgeted.has(budget.model)) semantic.push(`/quota/budgets/${i}/model: "${budget.model}" has more than one budget`);
    budgeted.add(budget.model);
  });
  if (semantic.length > 0) return { ok: false, errors: semantic };
  return lifted.warnings.length > 0 ? { ok: true, config, warnings: lifted.warnings } : { ok: true, config };
}

/** The defaults, as a user with an empty config gets them. */
export function defaultConfig(): SelfHealConfig {
  const result = parseConfig({});
  if (!result.ok) throw new Error(`manifest defaults are invalid: ${result.errors.join("; ")}`);
  return result.config;
}

export class ConfigError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid self-heal config:\n  - ${errors.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** Parses or throws a ConfigError that lists every problem (fail fast at startup). */
export function loadConfig(raw: unknown): SelfHealConfig {
  const result = parseConfig(raw);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}
