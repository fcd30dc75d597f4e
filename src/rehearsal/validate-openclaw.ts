// Validates a scenario's `openclaw` block: the model chains, channels, cron jobs and config state of the simulated gateway.
import type { AgentChain } from "../config/topology.js";
import type { CronSetup } from "../host/simulated/world.js";
import { isModelRef, isObject, nonEmptyString, onlyKeys, show, type Json, type Problems } from "./checks.js";
import { parseDuration, parseOffset } from "./offsets.js";
import type { ScenarioOpenClaw } from "./scenario-types.js";

const OPENCLAW_KEYS = ["models", "agents", "channels", "cron", "configValid", "timeoutSeconds", "allowModelOverride"] as const;
const CHAIN_KEYS = ["primary", "fallbacks"] as const;
const CRON_KEYS = ["id", "name", "every", "firstRunAt"] as const;

/** `{primary, fallbacks}` or a bare "provider/model" (strict: no fallbacks). */
function chainOf(value: unknown, path: string, problems: Problems): string[] | undefined {
  if (isModelRef(value)) return [value];
  if (!isObject(value)) {
    problems.add(path, `expected {"primary": "provider/model", "fallbacks": [...]} or "provider/model", got ${show(value)}`);
    return undefined;
  }
  onlyKeys(value, CHAIN_KEYS, path, problems);
  if (!isModelRef(value.primary)) {
    problems.add(`${path}.primary`, `expected "provider/model", got ${show(value.primary)}`);
    return undefined;
  }
  const chain = [value.primary];
  if (value.fallbacks !== undefined) {
    if (!Array.isArray(value.fallbacks)) problems.add(`${path}.fallbacks`, "expected an array of \"provider/model\"");
    else {
      value.fallbacks.forEach((f, i) => {
        if (isModelRef(f)) chain.push(f);
        else problems.add(`${path}.fallbacks[${i}]`, `expected "provider/model", got ${show(f)}`);
      });
    }
  }
  return [...new Set(chain)];
}

function agentsOf(block: Json, problems: Problems): AgentChain[] {
  const agents: AgentChain[] = [];
  if (block.models !== undefined) {
    const chain = chainOf(block.models, "openclaw.models", problems);
    if (chain) agents.push({ agentId: "main", chain });
  }
  if (block.agents !== undefined) {
    if (!isObject(block.agents)) problems.add("openclaw.agents", `expected an object of agent id → model chain, got ${show(block.agents)}`);
    else {
      for (const [id, model] of Object.entries(block.agents)) {
        const chain = chainOf(model, `openclaw.agents.${id}`, problems);
        if (!chain) continue;
        const at = agents.findIndex((a) => a.agentId === id);
        if (at >= 0) agents[at] = { agentId: id, chain };
        else agents.push({ agentId: id, chain });
      }
    }
  }
  if (block.models === undefined && block.agents === undefined) {
    problems.add("openclaw.models", 'required: the model chain, e.g. {"primary": "p/m", "fallbacks": ["p2/m2"]}');
  }
  return agents;
}

function channelsOf(value: unknown, problems: Problems): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(nonEmptyString)) {
    problems.add("openclaw.channels", `expected an array of channel ids, got ${show(value)}`);
    return [];
  }
  if (new Set(value).size !== value.length) problems.add("openclaw.channels", "channel ids must be unique");
  return value;
}

function cronOf(value: unknown, startMs: number, problems: Problems): CronSetup[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add("openclaw.cron", `expected an array of {"id", "every"}, got ${show(value)}`);
    return [];
  }
  const jobs: CronSetup[] = [];
  value.forEach((job, i) => {
    const path = `openclaw.cron[${i}]`;
    if (!isObject(job)) {
      problems.add(path, `expected {"id": "...", "every": "1d"}, got ${show(job)}`);
      return;
    }
    onlyKeys(job, CRON_KEYS, path, problems);
    const everyMs = parseDuration(job.every);
    if (!nonEmptyString(job.id)) problems.add(`${path}.id`, `expected a job id, got ${show(job.id)}`);
    if (everyMs === undefined || everyMs < 60_000) problems.add(`${path}.every`, `expected a period of at least 1m like "30m" or "1d", got ${show(job.every)}`);
    if (job.name !== undefined && typeof job.name !== "string") problems.add(`${path}.name`, `expected a string, got ${show(job.name)}`);
    const first = job.firstRunAt === undefined ? undefined : parseOffset(job.firstRunAt);
    if (job.firstRunAt !== undefined && first === undefined) problems.add(`${path}.firstRunAt`, `bad offset ${show(job.firstRunAt)} (expected +<n><s|m|h|d>, e.g. "+90s")`);
    if (!nonEmptyString(job.id) || everyMs === undefined || everyMs < 60_000) return;
    if (jobs.some((j) => j.id === job.id)) problems.add(`${path}.id`, `duplicate cron job id "${job.id}"`);
    jobs.push({ id: job.id, everyMs, ...(typeof job.name === "string" ? { name: job.name } : {}), ...(first !== undefined ? { firstRunMs: startMs + first } : {}) });
  });
  return jobs;
}

export function validateOpenClaw(raw: unknown, startMs: number, problems: Problems): ScenarioOpenClaw {
  if (!isObject(raw)) {
    problems.add("openclaw", `required: an object with "models" (and optionally channels, cron, configValid), got ${show(raw)}`);
    return { agents: [], channels: [], cron: [], configValid: true, timeoutSeconds: 30, allowModelOverride: false };
  }
  onlyKeys(raw, OPENCLAW_KEYS, "openclaw", problems);
  if (raw.configValid !== undefined && typeof raw.configValid !== "boolean") problems.add("openclaw.configValid", `expected true or false, got ${show(raw.configValid)}`);
  if (raw.allowModelOverride !== undefined && typeof raw.allowModelOverride !== "boolean") {
    problems.add("openclaw.allowModelOverride", `expected true or false, got ${show(raw.allowModelOverride)}`);
  }
  const timeout = raw.timeoutSeconds;
  if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0) || timeout > 3600)) {
    problems.add("openclaw.timeoutSeconds", `expected seconds in (0, 3600], got ${show(timeout)}`);
  }
  return {
    agents: agentsOf(raw, problems),
    channels: channelsOf(raw.channels, problems),
    cron: cronOf(raw.cron, startMs, problems),
    configValid: raw.configValid !== false,
    timeoutSeconds: typeof timeout === "number" && timeout > 0 && timeout <= 3600 ? timeout : 30,
    allowModelOverride: raw.allowModelOverride === true,
  };
}
