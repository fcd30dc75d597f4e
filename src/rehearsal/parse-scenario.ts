// Parses and validates a rehearsal scenario file; every error names the step index and field it is about.
import { defaultConfig, parseConfig } from "../config/parse-config.js";
import { isObject, nonEmptyString, onlyKeys, Problems, show } from "./checks.js";
import { parseOffset } from "./offsets.js";
import type { Scenario, ScenarioResult } from "./scenario-types.js";
import { validateOpenClaw } from "./validate-openclaw.js";
import { validateSteps } from "./validate-steps.js";
import { checkBounds } from "./validate-bounds.js";

const TOP_KEYS = ["name", "description", "start", "config", "openclaw", "steps", "until", "gateways"] as const;
/** Most simulated gateways one scenario may ask for. */
export const MAX_GATEWAYS = 8;
/** A rehearsal covers at most this much virtual time. */
export const MAX_SPAN_MS = 31 * 86_400_000;

export function parseScenario(raw: unknown): ScenarioResult {
  const problems = new Problems();
  if (!isObject(raw)) return { ok: false, errors: [`(root): a scenario is a JSON object, got ${show(raw)}`] };
  onlyKeys(raw, TOP_KEYS, "(root)", problems);
  if (!nonEmptyString(raw.name)) problems.add("name", `required: a scenario name, got ${show(raw.name)}`);
  if (raw.description !== undefined && typeof raw.description !== "string") problems.add("description", `expected a string, got ${show(raw.description)}`);
  const startMs = typeof raw.start === "string" ? Date.parse(raw.start) : Number.NaN;
  if (!Number.isFinite(startMs)) problems.add("start", `required: an ISO-8601 time like "2026-02-12T13:00:00Z", got ${show(raw.start)}`);
  const start = Number.isFinite(startMs) ? startMs : 0;
  const until = parseOffset(raw.until);
  if (until === undefined) problems.add("until", `required: an offset like "+2h" (expected +<n><s|m|h|d>), got ${show(raw.until)}`);
  else if (until > MAX_SPAN_MS) problems.add("until", `at most +31d of virtual time, got ${show(raw.until)}`);
  const untilMs = start + (until ?? 0);

  const parsedConfig = parseConfig(raw.config);
  if (!parsedConfig.ok) for (const e of parsedConfig.errors) problems.list.push(`config${e.startsWith("(root)") ? e.slice(6) : e}`);
  const config = { ...(parsedConfig.ok ? parsedConfig.config : defaultConfig()), dryRun: true };

  const gateways = raw.gateways;
  if (gateways !== undefined && !(Number.isInteger(gateways) && (gateways as number) >= 1 && (gateways as number) <= MAX_GATEWAYS)) {
    problems.add("gateways", `expected a whole number of simulated gateways from 1 to ${MAX_GATEWAYS}, got ${show(gateways)}`);
  }
  const openclaw = validateOpenClaw(raw.openclaw, start, problems);
  const steps = validateSteps(raw.steps, { startMs: start, untilMs, openclaw }, problems);
  if (problems.count > 0) return { ok: false, errors: problems.list };
  const scenario: Scenario = {
    name: raw.name as string,
    ...(typeof raw.description === "string" ? { description: raw.description } : {}),
    startMs: start,
    untilMs,
    config,
    openclaw,
    steps,
    ...(typeof gateways === "number" && gateways > 1 ? { gateways } : {}),
  };
  checkBounds(scenario, problems);
  if (problems.count > 0) return { ok: false, errors: problems.list };
  return { ok: true, scenario };
}

/** Parses scenario text (JSON); a syntax error is reported like any other problem. */
export function parseScenarioText(text: string): ScenarioResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`(root): not valid JSON: ${(error as Error).message}`] };
  }
  return parseScenario(raw);
}

export class ScenarioError extends Error {
  constructor(readonly errors: string[], source?: string) {
    super(`invalid scenario${source ? ` ${source}` : ""}:\n  - ${errors.join("\n  - ")}`);
    this.name = "ScenarioError";
  }
}
