// Walks an error-like value (cause chains, SDK errors, agent events, raw HTTP) and collects the facts classify() weighs.
import { isFailoverReason } from "./failover-reason.js";
import type { NumericFamily } from "./markers.js";
import { RETRY_HEADER_NAMES, retryHintFromField, type HeaderLookup, type RankedHint } from "./retry-hints.js";

export interface KeyedValue {
  readonly key: string;
  readonly value: string;
}

export interface NumericCode {
  readonly family: NumericFamily;
  readonly code: number;
}

export type RootKind = "string" | "null" | "undefined" | "number" | "boolean" | "array" | "object" | "other";

export interface Facts {
  readonly rootKind: RootKind;
  readonly failoverReasons: KeyedValue[];
  readonly markers: KeyedValue[];
  readonly statuses: number[];
  readonly numericCodes: NumericCode[];
  readonly texts: string[];
  readonly headerBags: HeaderLookup[];
  readonly retryHints: RankedHint[];
  readonly failureKinds: string[];
  readonly runtimeKinds: string[];
  readonly quotaIds: string[];
}

const MAX_DEPTH = 25;
const MAX_NODES = 200;
const MAX_TEXTS = 24;
const MAX_TEXT_CHARS = 4_096;
const MAX_ARRAY_ITEMS = 16;
const MAX_JSON_CHARS = 65_536;
const MAX_HEADER_KEYS = 200;

/** Fields whose string value is a code, type or class name (text when it has spaces). */
const MARKER_KEYS = [
  "name", "code", "errorCode", "error_code", "err_code", "type", "errorType", "error_type", "__type",
  "status", "errno", "finishReason", "finish_reason", "blockReason", "reason", "errorName",
] as const;
const STATUS_KEYS = ["status", "statusCode", "status_code", "httpStatus", "httpStatusCode", "http_status", "httpCode"] as const;
const TEXT_KEYS = [
  "message", "errorMessage", "error_message", "msg", "errMsg", "error_msg", "status_msg", "statusText", "detail",
  "details", "description", "error_description", "title", "reasonSummary", "fallbackStepFromFailureDetail",
  "errorDetail", "body", "errorBody", "responseBody", "raw", "data", "text", "response", "error",
] as const;
const NESTED_KEYS = [
  "cause", "error", "errors", "err", "originalError", "innerError", "innererror", "inner", "response", "data",
  "body", "errorBody", "responseBody", "details", "metadata", "raw", "base_resp", "baseResp", "errorObservation",
  "lastError", "attempts", "violations", "reason", "$metadata", "$response", "exception", "payload", "result",
  "error_details", "errorDetails", "message", "detail", "promptFeedback",
] as const;
const RETRY_FIELD_KEYS = [
  "retryDelay", "retry_after", "retryAfter", "retry_after_seconds", "retryAfterSeconds", "retry_after_ms",
  "retryAfterMs", "resets_at", "reset_at", "resetAt", "resetsAt", "reset_time", "resetTime", "reset_timestamp",
  "next_reset", "nextReset", "cooldownUntil", "soonestCooldownExpiry", "reset_in", "resets_in", "resetIn",
] as const;
const QUOTA_ID_KEYS = ["quotaId", "quotaMetric", "quota_id", "quota_metric", "quota_limit", "quotaLimit"] as const;
const FAILOVER_KEYS = ["failoverReason", "failover_reason", "fallbackStepFromFailureReason"] as const;

interface Item {
  readonly node: unknown;
  readonly depth: number;
  readonly parentKey: string;
}

function safeGet(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function rootKindOf(input: unknown): RootKind {
  if (input === null) return "null";
  if (Array.isArray(input)) return "array";
  const t = typeof input;
  if (t === "string" || t === "undefined" || t === "number" || t === "boolean" || t === "object") return t;
  if (t === "bigint") return "number";
  return "other";
}

/** A code-like token: short, no whitespace. */
const isToken = (s: string): boolean => s.length > 0 && s.length <= 80 && !/\s/.test(s);

function headerBag(value: unknown): HeaderLookup | undefined {
  if (!value || typeof value !== "object") return undefined;
  const getter = safeGet(value, "get");
  if (typeof getter === "function") {
    return (name) => {
      try {
        const v: unknown = getter.call(value, name);
        return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
      } catch {
        return undefined;
      }
    };
  }
  const map = new Map<string, string>();
  let n = 0;
  for (const key of Object.keys(value)) {
    if (++n > MAX_HEADER_KEYS) break;
    const lower = key.toLowerCase();
    if (!RETRY_HEADER_NAMES.includes(lower) || map.has(lower)) continue;
    const v = safeGet(value, key);
    const first = Array.isArray(v) ? (v[0] as unknown) : v;
    if (typeof first === "string" || typeof first === "number") map.set(lower, String(first));
  }
  return map.size > 0 ? (name) => map.get(name) : undefined;
}

class Collector {
  readonly facts: Facts;
  private readonly queue: Item[] = [];
  private readonly seen = new Set<object>();

  constructor(input: unknown) {
    this.facts = {
      rootKind: rootKindOf(input),
      failoverReasons: [], markers: [], statuses: [], numericCodes: [], texts: [], headerBags: [],
      retryHints: [], failureKinds: [], runtimeKinds: [], quotaIds: [],
    };
    if (this.facts.rootKind === "string" || this.facts.rootKind === "object") this.queue.push({ node: input, depth: 0, parentKey: "" });
  }

  run(): Facts {
    for (let i = 0; i < this.queue.length && i < MAX_NODES; i++) {
      const item = this.queue[i];
      if (!item) break;
      if (typeof item.node === "string") this.addText(item.node, item.depth);
      else if (item.node && typeof item.node === "object") this.visit(item.node, item.depth, item.parentKey);
    }
    return this.facts;
  }

  private push(node: unknown, depth: number, parentKey: string): void {
    if (depth > MAX_DEPTH || node === null || node === undefined) return;
    if (typeof node === "object" || typeof node === "string") this.queue.push({ node, depth, parentKey });
  }

  private addText(raw: string, depth: number): void {
    const text = raw.trim();
    if (!text || this.facts.texts.length >= MAX_TEXTS) return;
    this.facts.texts.push(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text);
    // A JSON body serialised into a message ('429 {"error":{…}}', OpenRouter metadata.raw): walk it too.
    const start = text.indexOf("{");
    if (start < 0 || depth >= MAX_DEPTH) return;
    const end = text.lastIndexOf("}");
    if (end <= start || end - start > MAX_JSON_CHARS) return;
    try {
      this.push(JSON.parse(text.slice(start, end + 1)) as unknown, depth + 1, "json");
    } catch {
      // not JSON: the text rules still see it
    }
  }

  private visit(obj: object, depth: number, parentKey: string): void {
    if (this.seen.has(obj)) return;
    this.seen.add(obj);
    const f = this.facts;
    if (Array.isArray(obj)) {
      for (const item of obj.slice(0, MAX_ARRAY_ITEMS)) this.push(item, depth + 1, parentKey);
      return;
    }
    const get = (key: string): unknown => safeGet(obj, key);
    const name = get("name");
    const isFailoverError = name === "FailoverError";

    for (const key of FAILOVER_KEYS) {
      const v = get(key);
      if (typeof v === "string" && isToken(v)) f.failoverReasons.push({ key, value: v });
    }
    for (const key of MARKER_KEYS) this.marker(key, get(key), isFailoverError, parentKey);
    for (const key of STATUS_KEYS) this.status(key, get(key), parentKey);
    const fk = get("failureKind");
    if (typeof fk === "string" && isToken(fk)) f.failureKinds.push(fk);
    const rk = get("providerRuntimeFailureKind");
    if (typeof rk === "string" && isToken(rk)) f.runtimeKinds.push(rk);
    for (const key of TEXT_KEYS) {
      const v = get(key);
      if (typeof v === "string") this.push(v, depth + 1, key);
    }
    for (const key of ["headers", "responseHeaders", "header"]) {
      const bag = headerBag(get(key));
      if (bag) f.headerBags.push(bag);
    }
    for (const key of RETRY_FIELD_KEYS) {
      const hint = retryHintFromField(key, get(key));
      if (hint) f.retryHints.push(hint);
    }
    for (const key of QUOTA_ID_KEYS) {
      const v = get(key);
      if (typeof v === "string") f.quotaIds.push(v);
    }
    // agent_end: { messages: [...], success, error } — only the last message speaks for the turn.
    const messages = get("messages");
    if (Array.isArray(messages) && messages.length > 0) this.push(messages[messages.length - 1], depth + 1, "messages");
    for (const key of NESTED_KEYS) {
      const v = get(key);
      if (v && typeof v === "object") this.push(v, depth + 1, key);
    }
  }

  private marker(key: string, value: unknown, isFailoverError: boolean, parentKey: string): void {
    const f = this.facts;
    if (typeof value === "number") {
      if (key === "status" || key === "errno") return; // handled as a status / negative OS errno
      this.numeric(key, value, parentKey);
      return;
    }
    if (typeof value !== "string") return;
    const v = value.trim();
    if (!v) return;
    if (/^\d+$/.test(v)) {
      if (key !== "status") this.numeric(key, Number(v), parentKey);
      return;
    }
    if (key === "reason" && (isFailoverError || isFailoverReason(v))) {
      f.failoverReasons.push({ key: isFailoverError ? "FailoverError.reason" : "reason", value: v });
      return;
    }
    if (isToken(v)) f.markers.push({ key, value: v });
    else if (key !== "name" && key !== "type") this.push(v, MAX_DEPTH, key);
  }

  private numeric(key: string, code: number, parentKey: string): void {
    if (!Number.isFinite(code)) return;
    if (code >= 400 && code <= 599 && (key === "code" || key === "error_code" || key === "errorCode")) {
      this.facts.statuses.push(code);
      return;
    }
    const family: NumericFamily | undefined =
      parentKey === "base_resp" || parentKey === "baseResp"
        ? "minimax"
        : key === "error_code"
          ? "baidu"
          : code >= 1000 && code < 1400
            ? "zhipu"
            : undefined;
    if (family) this.facts.numericCodes.push({ family, code });
  }

  private status(key: string, value: unknown, parentKey: string): void {
    const n = typeof value === "number" ? value : typeof value === "string" && /^\s*\d{3,6}\s*$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(n) && n >= 100 && n <= 599) this.facts.statuses.push(n);
    else if (key === "status_code" && Number.isInteger(n)) this.numeric(key, n, parentKey);
  }
}

/** Collects facts breadth-first (outer evidence first), cycle-safe, bounded in depth, nodes and text size. */
export function collectFacts(input: unknown): Facts {
  return new Collector(input).run();
}

/** One lookup over all header bags found (first bag that has the header wins). */
export function mergedHeaders(bags: readonly HeaderLookup[]): HeaderLookup {
  return (name) => {
    for (const bag of bags) {
      const v = bag(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}
