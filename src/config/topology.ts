// Derives what to supervise (agents' model chains) from OpenClaw's own config, or from modelOrder.
import type { ModelRef } from "../domain/events.js";

export interface AgentChain {
  readonly agentId: string;
  readonly chain: readonly ModelRef[];
}

export interface CronSpec {
  readonly id: string;
  readonly name?: string;
}

export interface Topology {
  readonly agents: readonly AgentChain[];
  readonly channels: readonly string[];
  readonly cron: readonly CronSpec[];
}

/** Every distinct model across all chains, in first-seen order. */
export function modelsOf(topology: Topology): ModelRef[] {
  const seen = new Set<ModelRef>();
  for (const agent of topology.agents) for (const m of agent.chain) seen.add(m);
  return [...seen];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function isRef(value: unknown): value is string {
  return typeof value === "string" && /^[^/\s]+\/\S+$/.test(value);
}

/** Reads `{primary, fallbacks}` or a bare "provider/model" string. */
function chainOf(model: unknown): { chain: ModelRef[]; hasFallbacks: boolean } | undefined {
  if (isRef(model)) return { chain: [model], hasFallbacks: false };
  const rec = asRecord(model);
  if (!rec || !isRef(rec.primary)) return undefined;
  const fallbacks = Array.isArray(rec.fallbacks) ? rec.fallbacks.filter(isRef) : undefined;
  const chain = [rec.primary, ...(fallbacks ?? [])];
  return { chain: [...new Set(chain)], hasFallbacks: fallbacks !== undefined };
}

/**
 * Model chains per agent as OpenClaw resolves them: an agent's own `model` (strict unless it lists
 * fallbacks), else `agents.defaults.model`. `modelOrder` (plugin config) replaces every chain.
 */
export function agentChainsFromOpenClawConfig(openclawConfig: unknown, modelOrder?: readonly string[]): AgentChain[] {
  const root = asRecord(openclawConfig) ?? {};
  const agents = asRecord(root.agents) ?? {};
  const defaults = chainOf(asRecord(agents.defaults)?.model);
  const entries = asRecord(agents.entries) ?? {};
  const list = Array.isArray(agents.list) ? agents.list : [];
  const ids = new Map<string, unknown>();
  for (const [id, entry] of Object.entries(entries)) ids.set(id, asRecord(entry)?.model);
  for (const item of list) {
    const rec = asRecord(item);
    if (rec && typeof rec.id === "string" && !ids.has(rec.id)) ids.set(rec.id, rec.model);
  }
  if (ids.size === 0) ids.set("main", undefined);
  const result: AgentChain[] = [];
  for (const [agentId, model] of ids) {
    if (modelOrder && modelOrder.length > 0) {
      result.push({ agentId, chain: [...modelOrder] });
      continue;
    }
    const own = chainOf(model);
    const chain = own?.chain ?? defaults?.chain;
    if (chain && chain.length > 0) result.push({ agentId, chain });
  }
  return result;
}
