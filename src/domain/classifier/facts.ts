// Walks an error-like value (cause chains, SDK errors, agent events, raw HTTP) and collects the facts classify() weighs.
import { isFailoverReason } from "./failover-reason.js";
import type { NumericFamily } from "./markers.js";
import { ALL_KEYS, ROLE, ROLES } from "./field-roles.js";
import { collapseWhitespace } from "./redact.js";
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
  /** `model_call_ended.outcome` values ("error" with no failureKind says only that a call failed). */
  readonly outcomes: string[];
}

const MAX_DEPTH = 25;
const MAX_NODES = 200;
const MAX_TEXTS = 24;
const MAX_TEXT_CHARS = 4_096;
const MAX_ARRAY_ITEMS = 16;
const MAX_JSON_CHARS = 65_536;
const MAX_HEADER_KEYS = 200;

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

/**
 * The own keys of a plain (JSON-like) object, so only present fields are read; undefined for class
 * instances (Errors keep name/message/cause on the prototype or as non-enumerables) and huge objects.
 */
function plainKeys(obj: object): ReadonlySet<string> | undefined {
  try {
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const keys = Object.keys(obj);
    return keys.length <= 1_000 ? new Set(keys) : undefined;
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
      retryHints: [], failureKinds: [], runtimeKinds: [], quotaIds: [], outcomes: [],
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
    this.facts.texts.push(collapseWhitespace(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text));
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
    if (Array.isArray(obj)) {
      for (const item of obj.slice(0, MAX_ARRAY_ITEMS)) this.push(item, depth + 1, parentKey);
      return;
    }
    // Plain objects: read only the keys they have. Class instances (Errors keep name/message/cause on
    // the prototype or as non-enumerables): probe every known key.
    const present = plainKeys(obj);
    const isFailoverError = safeGet(obj, "name") === "FailoverError";
    for (const key of present ?? ALL_KEYS) {
      const roles = ROLES.get(key);
      if (roles === undefined) continue;
      const value = safeGet(obj, key);
      if (value !== undefined && value !== null) this.field(key, value, roles, { depth, parentKey, isFailoverError });
    }
  }

  private field(key: string, value: unknown, roles: number, at: { depth: number; parentKey: string; isFailoverError: boolean }): void {
    const f = this.facts;
    const token = typeof value === "string" && isToken(value);
    if (roles & ROLE.failover && token) f.failoverReasons.push({ key, value: value as string });
    if (roles & ROLE.marker) this.marker(key, value, at.isFailoverError, at.parentKey);
    if (roles & ROLE.status) this.status(key, value, at.parentKey);
    if (roles & ROLE.failureKind && token) f.failureKinds.push(value as string);
    if (roles & ROLE.outcome && token) f.outcomes.push(value as string);
    if (roles & ROLE.runtimeKind && token) f.runtimeKinds.push(value as string);
    if (roles & ROLE.text && typeof value === "string") this.push(value, at.depth + 1, key);
    if (roles & ROLE.headers) {
      const bag = headerBag(value);
      if (bag) f.headerBags.push(bag);
    }
    if (roles & ROLE.retry) {
      const hint = retryHintFromField(key, value);
      if (hint) f.retryHints.push(hint);
    }
    if (roles & ROLE.quotaId && typeof value === "string") f.quotaIds.push(value);
    // agent_end: { messages: [...], success, error } — only the last message speaks for the turn.
    if (roles & ROLE.messages && Array.isArray(value) && value.length > 0) this.push(value[value.length - 1], at.depth + 1, key);
    if (roles & ROLE.nested && typeof value === "object") this.push(value, at.depth + 1, key);
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
