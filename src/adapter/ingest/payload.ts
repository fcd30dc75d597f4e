// Defensive readers for raw hook payloads (any shape may arrive; nothing here throws).
import { redactSecrets } from "../../domain/classifier/redact.js";

export type Rec = Record<string, unknown>;

export function rec(value: unknown): Rec | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Rec) : undefined;
}

/**
 * A string field exactly as sent, capped (ids, names, enum values). NOT redacted: provider or channel text read
 * with it may feed the classifier or wait in memory, but is kept (in a domain event) only through `redactedText`.
 */
export function rawString(value: unknown, max = 512): string | undefined {
  return typeof value === "string" && value.length > 0 ? value.slice(0, max) : undefined;
}

/**
 * Free text from a payload (an error message, a detail, a reason) in the form it may be kept: API keys and
 * tokens redacted (over a generous prefix, so a key straddling the cut is still caught whole), then capped.
 * Every provider or channel text that the ingest copies into a domain event goes through here.
 */
export function redactedText(value: unknown, max = 300): string | undefined {
  const s = rawString(value, max * 4 + 200);
  return s === undefined ? undefined : redactSecrets(s).slice(0, max);
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** "provider/model" from separate fields; model ids may themselves contain slashes. */
export function modelRef(provider: unknown, model: unknown): string | undefined {
  const p = rawString(provider, 128);
  const m = rawString(model, 256);
  if (!m) return undefined;
  if (!p) return m.includes("/") ? m : undefined;
  return m.startsWith(`${p}/`) ? m : `${p}/${m}`;
}

/** Splits "provider/model" at the first slash. */
export function splitRef(ref: string): { provider: string; model: string } | undefined {
  const i = ref.indexOf("/");
  if (i <= 0 || i === ref.length - 1) return undefined;
  return { provider: ref.slice(0, i), model: ref.slice(i + 1) };
}

/** The last message of an agent_end event's `messages`, if it is an object. */
export function lastMessage(event: Rec): Rec | undefined {
  const messages = event.messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  return rec(messages[messages.length - 1]);
}
