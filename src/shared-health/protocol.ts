// What gateways write to Redis and tell each other: versioned keys, entries and messages, and their strict reading.
// Pure. Anything that does not read as this version's shape is ignored (garbage, another version, another tool).
import type { Category } from "../domain/taxonomy.js";
import { isCategory } from "../domain/taxonomy.js";
import { redactSecrets } from "../domain/classifier/redact.js";

/** Bumped when an entry's or message's meaning changes; other versions' keys live beside ours, untouched. */
export const PROTOCOL_VERSION = 1;
const MAX_EVIDENCE = 200;
const MAX_MODEL = 200;

/** A model's cooldown or disable as one gateway decided it (key `<prefix>v1:health:<model>`, TTL = the cooldown). */
export interface SharedEntry {
  readonly v: typeof PROTOCOL_VERSION;
  readonly model: string;
  readonly state: "cooldown" | "disabled";
  readonly category: Category;
  readonly evidence: string;
  /** Epoch ms. */
  readonly until: number;
  readonly retryAfterMs?: number;
  readonly gateway: string;
  /** When the gateway decided it, epoch ms. */
  readonly at: number;
}

/** A probe's result, told to the other gateways (channel `<prefix>v1:events`). */
export interface SharedProbe {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: "probe";
  readonly model: string;
  readonly ok: boolean;
  readonly category?: Category;
  readonly evidence?: string;
  readonly retryAfterMs?: number;
  readonly gateway: string;
  readonly at: number;
}

export type SharedMessage = ({ readonly kind: "entry" } & SharedEntry) | SharedProbe;

export interface Keys {
  health(model: string): string;
  lease(model: string): string;
  quota(budget: string, windowStart: number): string;
  readonly channel: string;
}

export function keysFor(prefix: string): Keys {
  const base = `${prefix}v${PROTOCOL_VERSION}:`;
  return {
    health: (model) => `${base}health:${model}`,
    lease: (model) => `${base}lease:${model}`,
    quota: (budget, windowStart) => `${base}quota:${budget}:${windowStart}`,
    channel: `${base}events`,
  };
}

/** Provider text as it may leave this process: secrets redacted, short. */
export function safeEvidence(text: string): string {
  return redactSecrets(text).slice(0, MAX_EVIDENCE);
}

const GATEWAY = /^[A-Za-z0-9_.-]{1,64}$/;

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function baseOk(doc: Record<string, unknown>): boolean {
  return doc.v === PROTOCOL_VERSION && typeof doc.model === "string" && doc.model.length > 0 && doc.model.length <= MAX_MODEL
    && typeof doc.gateway === "string" && GATEWAY.test(doc.gateway) && finite(doc.at);
}

function parseObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string" || text.length > 4096) return undefined;
  try {
    const doc: unknown = JSON.parse(text);
    return doc !== null && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function entryOf(doc: Record<string, unknown>): SharedEntry | undefined {
  if (!baseOk(doc) || (doc.state !== "cooldown" && doc.state !== "disabled") || !isCategory(doc.category) || !finite(doc.until)) return undefined;
  if (typeof doc.evidence !== "string") return undefined;
  return {
    v: PROTOCOL_VERSION,
    model: doc.model as string,
    state: doc.state,
    category: doc.category,
    evidence: safeEvidence(doc.evidence),
    until: doc.until,
    ...(finite(doc.retryAfterMs) && doc.retryAfterMs >= 0 ? { retryAfterMs: doc.retryAfterMs } : {}),
    gateway: doc.gateway as string,
    at: doc.at as number,
  };
}

/** Reads a health key's value; undefined for anything that is not this version's entry. */
export function readEntry(text: unknown): SharedEntry | undefined {
  const doc = parseObject(text);
  return doc ? entryOf(doc) : undefined;
}

/** Reads a message from the channel; undefined for anything that is not this version's message. */
export function readMessage(text: unknown): SharedMessage | undefined {
  const doc = parseObject(text);
  if (!doc) return undefined;
  if (doc.kind === "entry") {
    const entry = entryOf(doc);
    return entry ? { kind: "entry", ...entry } : undefined;
  }
  if (doc.kind !== "probe" || !baseOk(doc) || typeof doc.ok !== "boolean") return undefined;
  if (doc.category !== undefined && !isCategory(doc.category)) return undefined;
  return {
    v: PROTOCOL_VERSION,
    kind: "probe",
    model: doc.model as string,
    ok: doc.ok,
    ...(isCategory(doc.category) ? { category: doc.category } : {}),
    ...(typeof doc.evidence === "string" ? { evidence: safeEvidence(doc.evidence) } : {}),
    ...(finite(doc.retryAfterMs) && doc.retryAfterMs >= 0 ? { retryAfterMs: doc.retryAfterMs } : {}),
    gateway: doc.gateway as string,
    at: doc.at as number,
  };
}
