// Reads openclaw.json (JSON5) and extracts this plugin's entry config and the supervised topology.
import { readFileSync } from "node:fs";
import JSON5 from "json5";
import { PLUGIN_ID } from "./manifest.js";
import { parseConfig } from "./parse-config.js";
import { agentChainsFromOpenClawConfig, type Topology } from "./topology.js";
import type { SelfHealConfig } from "./types.js";

export type LoadedOpenClawConfig =
  | { ok: true; config: SelfHealConfig; topology: Topology; raw: Record<string, unknown> }
  | { ok: false; errors: string[] };

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Channel ids configured in openclaw.json (`channels.<id>`), unless the plugin config lists its own. */
function channelIds(raw: Record<string, unknown>, config: SelfHealConfig): string[] {
  if (config.channels.ids) return [...config.channels.ids];
  const channels = asRecord(raw.channels);
  if (!channels) return [];
  return Object.entries(channels)
    .filter(([, v]) => asRecord(v) && asRecord(v)?.enabled !== false)
    .map(([k]) => k);
}

export function interpretOpenClawConfig(raw: unknown): LoadedOpenClawConfig {
  const root = asRecord(raw);
  if (!root) return { ok: false, errors: ["openclaw.json: top level must be an object"] };
  const entry = asRecord(asRecord(asRecord(root.plugins)?.entries)?.[PLUGIN_ID]);
  const parsed = parseConfig(entry?.config ?? {});
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => `plugins.entries.${PLUGIN_ID}.config${e === "(root)" ? "" : e.replace(/^\(root\)/, "")}`) };
  const config = parsed.config;
  return { ok: true, config, topology: topologyOf(root, config), raw: root };
}

/** What to supervise, from openclaw.json and the plugin config (cron jobs come from the gateway at runtime). */
export function topologyOf(openclawConfig: unknown, config: SelfHealConfig): Topology {
  const root = asRecord(openclawConfig) ?? {};
  return { agents: agentChainsFromOpenClawConfig(root, config.modelOrder), channels: channelIds(root, config), cron: [] };
}

export function readOpenClawConfigFile(path: string): LoadedOpenClawConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, errors: [`cannot read ${path}: ${(error as Error).message}`] };
  }
  let raw: unknown;
  try {
    raw = JSON5.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${path} is not valid JSON5: ${(error as Error).message}`] };
  }
  return interpretOpenClawConfig(raw);
}
