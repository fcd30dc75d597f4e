// Validates one `world` step: a change to a model, a channel, a cron job, or the gateway's config/timeouts.
import { CATEGORIES, isCategory, type Category } from "../domain/taxonomy.js";
import type { WorldChange } from "../host/simulated/world.js";
import { isObject, onlyKeys, show, type Problems } from "./checks.js";
import { parseOffset } from "./offsets.js";
import type { ScenarioOpenClaw } from "./scenario-types.js";

const MODEL_KEYS = ["model", "fails", "hangs", "status", "retryAfterS", "resetAt", "error"] as const;
const CHANNEL_KEYS = ["channel", "connected", "canConnect"] as const;
const CRON_KEYS = ["cron", "fails", "error"] as const;
const GLOBAL_KEYS = ["configValid", "configError", "timeoutSeconds"] as const;
const ALL_KEYS = [...new Set<string>([...MODEL_KEYS, ...CHANNEL_KEYS, ...CRON_KEYS, ...GLOBAL_KEYS])];

function bool(value: unknown, path: string, problems: Problems): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") problems.add(path, `expected true or false, got ${show(value)}`);
  return typeof value === "boolean" ? value : undefined;
}

function modelChange(w: Record<string, unknown>, path: string, startMs: number, oc: ScenarioOpenClaw, problems: Problems): WorldChange | undefined {
  onlyKeys(w, MODEL_KEYS, path, problems);
  const model = w.model;
  if (typeof model !== "string" || !oc.agents.some((a) => a.chain.includes(model))) {
    const known = [...new Set(oc.agents.flatMap((a) => a.chain))];
    problems.add(`${path}.model`, `${show(model)} is not in any model chain of openclaw.models (known: ${known.join(", ") || "none"})`);
  }
  let fails: Category | null | undefined;
  if ("fails" in w) {
    if (w.fails === null) fails = null;
    else if (isCategory(w.fails)) fails = w.fails;
    else if (typeof w.fails === "string") problems.add(`${path}.fails`, `unknown category "${w.fails}" (expected one of ${CATEGORIES.join(", ")}, or null for healthy)`);
    else problems.add(`${path}.fails`, `expected an error category or null, got ${show(w.fails)}`);
  }
  const hangs = bool(w.hangs, `${path}.hangs`, problems);
  if (!("fails" in w) && w.hangs === undefined) problems.add(path, 'a model change needs "fails" (a category, or null for healthy) or "hangs"');
  const status = w.status;
  if (status !== undefined && (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 599)) {
    problems.add(`${path}.status`, `expected an HTTP error status 400–599, got ${show(status)}`);
  }
  const retryAfterS = w.retryAfterS;
  if (retryAfterS !== undefined && (typeof retryAfterS !== "number" || !(retryAfterS >= 0) || retryAfterS > 30 * 86_400)) {
    problems.add(`${path}.retryAfterS`, `expected seconds ≥ 0, got ${show(retryAfterS)}`);
  }
  const resetOffset = w.resetAt === undefined ? undefined : parseOffset(w.resetAt);
  if (w.resetAt !== undefined && resetOffset === undefined) problems.add(`${path}.resetAt`, `bad offset ${show(w.resetAt)} (expected +<n><s|m|h|d>, e.g. "+36m")`);
  if (w.error !== undefined && (typeof w.error !== "string" || w.error.length === 0 || w.error.length > 2000)) {
    problems.add(`${path}.error`, `expected the provider's error text (1–2000 characters), got ${show(w.error)}`);
  }
  const extras = ["status", "retryAfterS", "resetAt", "error"].filter((k) => w[k] !== undefined);
  if (extras.length > 0 && (fails === null || fails === undefined)) problems.add(path, `${extras.join(", ")} only apply with "fails": <category>`);
  if (typeof model !== "string" || (fails === undefined && hangs === undefined)) return undefined;
  return {
    kind: "model", model, fails: fails ?? null, hangs: hangs ?? false,
    ...(typeof status === "number" ? { status } : {}),
    ...(typeof retryAfterS === "number" ? { retryAfterS } : {}),
    ...(resetOffset !== undefined ? { resetAtMs: startMs + resetOffset } : {}),
    ...(typeof w.error === "string" && w.error.length > 0 && w.error.length <= 2000 ? { error: w.error } : {}),
  };
}

function channelChange(w: Record<string, unknown>, path: string, oc: ScenarioOpenClaw, problems: Problems): WorldChange | undefined {
  onlyKeys(w, CHANNEL_KEYS, path, problems);
  const channel = w.channel;
  if (typeof channel !== "string" || !oc.channels.includes(channel)) {
    problems.add(`${path}.channel`, `${show(channel)} is not in openclaw.channels (known: ${oc.channels.join(", ") || "none"})`);
  }
  const connected = bool(w.connected, `${path}.connected`, problems);
  const canConnect = bool(w.canConnect, `${path}.canConnect`, problems);
  if (w.connected === undefined && w.canConnect === undefined) problems.add(path, 'a channel change needs "connected" or "canConnect"');
  if (typeof channel !== "string") return undefined;
  return { kind: "channel", channel, ...(connected !== undefined ? { connected } : {}), ...(canConnect !== undefined ? { canConnect } : {}) };
}

function cronChange(w: Record<string, unknown>, path: string, oc: ScenarioOpenClaw, problems: Problems): WorldChange | undefined {
  onlyKeys(w, CRON_KEYS, path, problems);
  const jobId = w.cron;
  if (typeof jobId !== "string" || !oc.cron.some((j) => j.id === jobId)) {
    problems.add(`${path}.cron`, `${show(jobId)} is not in openclaw.cron (known: ${oc.cron.map((j) => j.id).join(", ") || "none"})`);
  }
  if (typeof w.fails !== "boolean") problems.add(`${path}.fails`, `expected true or false for a cron job, got ${show(w.fails)}`);
  if (w.error !== undefined && typeof w.error !== "string") problems.add(`${path}.error`, `expected a string, got ${show(w.error)}`);
  if (typeof jobId !== "string" || typeof w.fails !== "boolean") return undefined;
  return { kind: "cron", jobId, fails: w.fails, ...(typeof w.error === "string" ? { error: w.error } : {}) };
}

function globalChange(w: Record<string, unknown>, path: string, problems: Problems): WorldChange | undefined {
  onlyKeys(w, GLOBAL_KEYS, path, problems);
  const configValid = bool(w.configValid, `${path}.configValid`, problems);
  const configError = w.configError;
  if (configError !== undefined && configError !== "parse" && configError !== "schema") {
    problems.add(`${path}.configError`, `expected "parse" or "schema", got ${show(configError)}`);
  }
  const timeout = w.timeoutSeconds;
  if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0) || timeout > 3600)) {
    problems.add(`${path}.timeoutSeconds`, `expected seconds in (0, 3600], got ${show(timeout)}`);
  }
  if (configValid === undefined && configError === undefined && timeout === undefined) {
    problems.add(path, 'a world change needs a target ("model", "channel", "cron") or "configValid" / "timeoutSeconds"');
    return undefined;
  }
  return {
    kind: "global",
    ...(configValid !== undefined ? { configValid } : {}),
    ...(configError === "parse" || configError === "schema" ? { configError } : {}),
    ...(typeof timeout === "number" && timeout > 0 ? { timeoutSeconds: timeout } : {}),
  };
}

export function validateWorld(raw: unknown, path: string, startMs: number, oc: ScenarioOpenClaw, problems: Problems): WorldChange | undefined {
  if (!isObject(raw)) {
    problems.add(path, `expected an object like {"model": "p/m", "fails": "server_overload"}, got ${show(raw)}`);
    return undefined;
  }
  const unknown = Object.keys(raw).filter((k) => !ALL_KEYS.includes(k));
  if (unknown.length > 0) {
    onlyKeys(raw, ALL_KEYS, path, problems);
    return undefined;
  }
  const targets = ["model", "channel", "cron"].filter((k) => raw[k] !== undefined);
  if (targets.length > 1) {
    problems.add(path, `name one target per step, not ${targets.map((t) => `"${t}"`).join(" and ")}`);
    return undefined;
  }
  if (targets[0] === "model") return modelChange(raw, path, startMs, oc, problems);
  if (targets[0] === "channel") return channelChange(raw, path, oc, problems);
  if (targets[0] === "cron") return cronChange(raw, path, oc, problems);
  return globalChange(raw, path, problems);
}
