// Validation of a strategy document (strategies.json) and of tool edits: all errors, never a throw.
import { isCategory } from "../domain/taxonomy.js";
import { STRATEGY_TYPES, type Strategy, type StrategyDocument } from "./types.js";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_INTERVAL_MS = 7 * 86_400_000;
const KEYS = new Set(["name", "type", "maxRetries", "intervals", "retryOn", "cooldownMs", "models", "maxTotalWaitMs"]);

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function positiveMs(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v > 0 && v <= MAX_INTERVAL_MS;
}

export function validateStrategy(raw: unknown, at = "strategy"): Validated<Strategy> {
  if (!isObject(raw)) return { ok: false, errors: [`${at}: must be an object`] };
  const errors: string[] = [];
  for (const key of Object.keys(raw)) if (!KEYS.has(key)) errors.push(`${at}.${key}: unknown key`);
  const { name, type, maxRetries, intervals, retryOn, cooldownMs, models, maxTotalWaitMs } = raw;
  if (typeof name !== "string" || !NAME.test(name)) errors.push(`${at}.name: must match ${NAME}`);
  if (typeof type !== "string" || !(STRATEGY_TYPES as readonly string[]).includes(type)) errors.push(`${at}.type: must be one of ${STRATEGY_TYPES.join(", ")}`);
  if (typeof maxRetries !== "number" || !Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 100) errors.push(`${at}.maxRetries: must be an integer 0..100`);
  if (!Array.isArray(intervals) || intervals.length === 0 || intervals.length > 50 || !intervals.every(positiveMs)) {
    errors.push(`${at}.intervals: must be 1..50 integers of milliseconds, 1..${MAX_INTERVAL_MS}`);
  } else {
    const iv = intervals as number[];
    if (iv.some((v, i) => i > 0 && v < (iv[i - 1] as number))) errors.push(`${at}.intervals: must never decrease`);
    if (type === "fixed" && iv.length !== 1) errors.push(`${at}.intervals: a fixed strategy has exactly one interval`);
  }
  if (!Array.isArray(retryOn) || retryOn.length === 0 || !retryOn.every(isCategory)) errors.push(`${at}.retryOn: must be a non-empty list of categories`);
  else if (new Set(retryOn).size !== retryOn.length) errors.push(`${at}.retryOn: duplicate category`);
  if (cooldownMs !== undefined && !positiveMs(cooldownMs)) errors.push(`${at}.cooldownMs: must be an integer of milliseconds, 1..${MAX_INTERVAL_MS}`);
  if (maxTotalWaitMs !== undefined && !positiveMs(maxTotalWaitMs)) errors.push(`${at}.maxTotalWaitMs: must be an integer of milliseconds, 1..${MAX_INTERVAL_MS}`);
  if (models !== undefined && (!Array.isArray(models) || models.length > 100 || !models.every((m) => typeof m === "string" && m.length > 0 && m.length <= 200))) {
    errors.push(`${at}.models: must be a list of model ids`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: name as string,
      type: type as Strategy["type"],
      maxRetries: maxRetries as number,
      intervals: [...(intervals as number[])],
      retryOn: [...(retryOn as Strategy["retryOn"])],
      ...(cooldownMs !== undefined ? { cooldownMs: cooldownMs as number } : {}),
      ...(models !== undefined ? { models: [...(models as string[])] } : {}),
      ...(maxTotalWaitMs !== undefined ? { maxTotalWaitMs: maxTotalWaitMs as number } : {}),
    },
  };
}

export function validateDocument(raw: unknown): Validated<StrategyDocument> {
  // A bare array is how @openclaw/resilience writes strategies.json.
  if (Array.isArray(raw)) return validateDocument({ version: 1, strategies: raw });
  if (!isObject(raw)) return { ok: false, errors: ["strategies.json: must be an object {version: 1, strategies: [...]}"] };
  if (raw.version !== 1) return { ok: false, errors: ["version: must be 1"] };
  if (!Array.isArray(raw.strategies)) return { ok: false, errors: ["strategies: must be a list"] };
  if (raw.strategies.length > 200) return { ok: false, errors: ["strategies: at most 200"] };
  const errors: string[] = [];
  const out: Strategy[] = [];
  const names = new Set<string>();
  raw.strategies.forEach((s, i) => {
    const v = validateStrategy(s, `strategies[${i}]`);
    if (!v.ok) return void errors.push(...v.errors);
    if (names.has(v.value.name)) errors.push(`strategies[${i}].name: duplicate name ${v.value.name}`);
    names.add(v.value.name);
    out.push(v.value);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { version: 1, strategies: out } };
}
