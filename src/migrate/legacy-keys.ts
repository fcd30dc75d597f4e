// Old keys met at start: openclaw-self-healing keys inside self-heal's own config are applied as translated, and any
// old plugin entry still in openclaw.json is named; both come with a warning that names `self-heal migrate`.
import { RESILIENCE_IDS, SELF_HEALING_ID, SELF_HEALING_ONLY_KEYS, mergeUnder, translateSelfHealing } from "./translate.js";

export const MIGRATE_HINT = "openclaw self-heal migrate --apply";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Splits old keys out of a raw plugin config and returns the config with their translation beneath it. */
export function liftLegacyKeys(raw: Record<string, unknown>): { config: Record<string, unknown>; warnings: string[] } {
  const legacy = Object.keys(raw).filter((k) => (SELF_HEALING_ONLY_KEYS as readonly string[]).includes(k));
  if (legacy.length === 0) return { config: raw, warnings: [] };
  const rest: Record<string, unknown> = {};
  const old: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) (legacy.includes(k) ? old : rest)[k] = v;
  const t = translateSelfHealing(old, { home: "~" });
  const warnings = [
    `plugins.entries.self-heal.config still has openclaw-self-healing keys (${legacy.join(", ")}); they are applied as translated for now. Rewrite them with: ${MIGRATE_HINT}`,
    ...t.warnings,
  ];
  return { config: mergeUnder(rest, t.config), warnings };
}

/** Old plugins' entries still present (and not disabled) in openclaw.json. */
export function oldEntryWarnings(openclawConfig: unknown): string[] {
  const root = isObject(openclawConfig) ? openclawConfig : {};
  const entries = isObject(root.plugins) && isObject(root.plugins.entries) ? root.plugins.entries : {};
  const out: string[] = [];
  for (const id of [SELF_HEALING_ID, ...RESILIENCE_IDS]) {
    const e = entries[id];
    if (isObject(e) && e.enabled !== false) out.push(`openclaw.json still has plugins.entries.${id}, which self-heal replaces; move its settings over with: ${MIGRATE_HINT}`);
  }
  return out;
}
