// Validates a scenario's `steps`: each has an offset `at` and exactly one of world, turn, load, hook or agentEvent.
import { isModelRef, isObject, nonEmptyString, onlyKeys, show, type Problems } from "./checks.js";
import { formatOffset, parseOffset } from "./offsets.js";
import type { LoadStep, ScenarioOpenClaw, ScenarioStep, TurnStep } from "./scenario-types.js";
import { validateWorld } from "./validate-world.js";

const STEP_KEYS = ["at", "world", "turn", "load", "hook", "event", "ctx", "agentEvent"] as const;
const TURN_KEYS = ["session", "agent", "model", "prompt"] as const;
const LOAD_KEYS = ["turnsPerMinute", "sessions", "until", "agent", "sessionPrefix"] as const;
const KINDS = ["world", "turn", "load", "hook", "agentEvent"] as const;
export const MAX_STEPS = 10_000;

interface Bounds {
  readonly startMs: number;
  readonly untilMs: number;
  readonly openclaw: ScenarioOpenClaw;
}

function agentOk(agent: unknown, path: string, oc: ScenarioOpenClaw, problems: Problems): string | undefined {
  if (agent === undefined) return undefined;
  if (typeof agent !== "string" || !oc.agents.some((a) => a.agentId === agent)) {
    problems.add(path, `${show(agent)} is not an agent of openclaw.agents (known: ${oc.agents.map((a) => a.agentId).join(", ")})`);
    return undefined;
  }
  return agent;
}

function turnOf(raw: unknown, path: string, oc: ScenarioOpenClaw, problems: Problems): TurnStep | undefined {
  if (!isObject(raw)) {
    problems.add(path, `expected {"session": "s1"}, got ${show(raw)}`);
    return undefined;
  }
  onlyKeys(raw, TURN_KEYS, path, problems);
  if (!nonEmptyString(raw.session)) problems.add(`${path}.session`, `required: a session name, got ${show(raw.session)}`);
  if (raw.model !== undefined && !isModelRef(raw.model)) problems.add(`${path}.model`, `expected "provider/model", got ${show(raw.model)}`);
  if (raw.prompt !== undefined && typeof raw.prompt !== "string") problems.add(`${path}.prompt`, `expected a string, got ${show(raw.prompt)}`);
  const agentId = agentOk(raw.agent, `${path}.agent`, oc, problems);
  if (!nonEmptyString(raw.session)) return undefined;
  return {
    session: raw.session,
    ...(agentId ? { agentId } : {}),
    ...(isModelRef(raw.model) ? { model: raw.model } : {}),
    ...(typeof raw.prompt === "string" ? { prompt: raw.prompt } : {}),
  };
}

function loadOf(raw: unknown, path: string, atMs: number, b: Bounds, problems: Problems): LoadStep | undefined {
  if (!isObject(raw)) {
    problems.add(path, `expected {"turnsPerMinute": 4, "sessions": 3, "until": "+30m"}, got ${show(raw)}`);
    return undefined;
  }
  onlyKeys(raw, LOAD_KEYS, path, problems);
  const tpm = raw.turnsPerMinute;
  const tpmOk = typeof tpm === "number" && tpm > 0 && tpm <= 600;
  if (!tpmOk) problems.add(`${path}.turnsPerMinute`, `expected a rate in (0, 600], got ${show(tpm)}`);
  const sessions = raw.sessions ?? 1;
  const sessionsOk = typeof sessions === "number" && Number.isInteger(sessions) && sessions >= 1 && sessions <= 1000;
  if (!sessionsOk) problems.add(`${path}.sessions`, `expected an integer 1–1000, got ${show(raw.sessions)}`);
  const until = raw.until === undefined ? b.untilMs - b.startMs : parseOffset(raw.until);
  if (until === undefined) problems.add(`${path}.until`, `bad offset ${show(raw.until)} (expected +<n><s|m|h|d>, e.g. "+30m")`);
  else if (b.startMs + until < atMs) problems.add(`${path}.until`, `${show(raw.until)} is before the step's own "at"`);
  if (raw.sessionPrefix !== undefined && !nonEmptyString(raw.sessionPrefix)) problems.add(`${path}.sessionPrefix`, `expected a string, got ${show(raw.sessionPrefix)}`);
  const agentId = agentOk(raw.agent, `${path}.agent`, b.openclaw, problems);
  if (!tpmOk || !sessionsOk || until === undefined) return undefined;
  return {
    turnsPerMinute: tpm, sessions, untilMs: Math.min(b.startMs + until, b.untilMs),
    sessionPrefix: nonEmptyString(raw.sessionPrefix) ? raw.sessionPrefix : "s",
    ...(agentId ? { agentId } : {}),
  };
}

function stepOf(raw: unknown, index: number, b: Bounds, problems: Problems): ScenarioStep | undefined {
  const path = `steps[${index}]`;
  if (!isObject(raw)) {
    problems.add(path, `expected an object like {"at": "+5s", "turn": {"session": "s1"}}, got ${show(raw)}`);
    return undefined;
  }
  onlyKeys(raw, STEP_KEYS, path, problems);
  const offset = parseOffset(raw.at);
  if (offset === undefined) problems.add(`${path}.at`, `bad offset ${show(raw.at)} (expected +<n><s|m|h|d>, e.g. "+90s")`);
  else if (b.startMs + offset > b.untilMs) problems.add(`${path}.at`, `${show(raw.at)} is after "until" (${formatOffset(b.untilMs - b.startMs)})`);
  const kinds = KINDS.filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) {
    problems.add(path, kinds.length === 0 ? `needs one of ${KINDS.join(", ")}` : `has ${kinds.join(" and ")}; one step does one thing`);
    return undefined;
  }
  if (kinds[0] !== "hook" && (raw.event !== undefined || raw.ctx !== undefined)) problems.add(path, '"event" and "ctx" belong to a "hook" step');
  const atMs = b.startMs + (offset ?? 0);
  switch (kinds[0]) {
    case "world": {
      const change = validateWorld(raw.world, `${path}.world`, b.startMs, b.openclaw, problems);
      return change && offset !== undefined ? { index, atMs, kind: "world", change } : undefined;
    }
    case "turn": {
      const turn = turnOf(raw.turn, `${path}.turn`, b.openclaw, problems);
      return turn && offset !== undefined ? { index, atMs, kind: "turn", turn } : undefined;
    }
    case "load": {
      const load = loadOf(raw.load, `${path}.load`, atMs, b, problems);
      return load && offset !== undefined ? { index, atMs, kind: "load", load } : undefined;
    }
    case "hook": {
      if (!nonEmptyString(raw.hook)) problems.add(`${path}.hook`, `expected a hook name like "agent_end", got ${show(raw.hook)}`);
      if (raw.event !== undefined && !isObject(raw.event)) problems.add(`${path}.event`, `expected an object, got ${show(raw.event)}`);
      if (raw.ctx !== undefined && !isObject(raw.ctx)) problems.add(`${path}.ctx`, `expected an object, got ${show(raw.ctx)}`);
      if (!nonEmptyString(raw.hook) || offset === undefined) return undefined;
      return { index, atMs, kind: "hook", name: raw.hook, event: raw.event ?? {}, ctx: raw.ctx ?? {} };
    }
    case "agentEvent": {
      if (!isObject(raw.agentEvent)) problems.add(`${path}.agentEvent`, `expected an agent event object, got ${show(raw.agentEvent)}`);
      return isObject(raw.agentEvent) && offset !== undefined ? { index, atMs, kind: "agentEvent", event: raw.agentEvent } : undefined;
    }
    default:
      return undefined;
  }
}

export function validateSteps(raw: unknown, b: Bounds, problems: Problems): ScenarioStep[] {
  if (!Array.isArray(raw)) {
    problems.add("steps", `required: an array of steps, got ${show(raw)}`);
    return [];
  }
  if (raw.length > MAX_STEPS) {
    problems.add("steps", `at most ${MAX_STEPS} steps (got ${raw.length}); use "load" for steady traffic`);
    return [];
  }
  const steps: ScenarioStep[] = [];
  raw.forEach((step, i) => {
    const parsed = stepOf(step, i, b, problems);
    if (parsed) steps.push(parsed);
  });
  return steps;
}
