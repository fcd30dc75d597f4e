// Retry hints: every way a provider says "wait this long" or "the limit resets then", ranked by authority.
import { collapseWhitespace } from "./redact.js";
import { DURATION_SOURCE, epochMs, parseDurationMs, parseSeconds, parseTimestamp, sumDurationTerms } from "./duration.js";

/** A relative wait (`after`) or an absolute reset time (`at`, epoch ms), with where it came from. */
export type RetryHint =
  | { readonly kind: "after"; readonly ms: number; readonly source: string }
  | { readonly kind: "at"; readonly atMs: number; readonly source: string };

/** Lower is more authoritative. */
export const HINT_RANK = {
  retryAfterMsHeader: 0,
  retryAfterHeader: 1,
  bodyField: 2,
  text: 3,
  resetHeader: 4,
  resetTimestamp: 5,
} as const;

export interface RankedHint {
  readonly hint: RetryHint;
  readonly rank: number;
}

/** Longest wait we believe (a year); anything longer is clamped. */
export const MAX_RETRY_AFTER_MS = 365 * 86_400_000;

const after = (ms: number, source: string): RetryHint => ({ kind: "after", ms, source });
const at = (atMs: number, source: string): RetryHint => ({ kind: "at", atMs, source });

/** `Retry-After` semantics: delta seconds or an HTTP date (worded durations tolerated). */
export function parseRetryAfter(value: string | number, source = "retry-after"): RetryHint | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? after(value * 1_000, source) : undefined;
  const seconds = parseSeconds(value);
  if (seconds !== undefined) return after(seconds, source);
  const duration = parseDurationMs(value);
  if (duration !== undefined) return after(duration, source);
  const stamp = parseTimestamp(value);
  return stamp === undefined ? undefined : at(stamp, source);
}

/** `retry-after-ms` semantics: milliseconds. */
export function parseRetryAfterMs(value: string | number, source = "retry-after-ms"): RetryHint | undefined {
  const n = typeof value === "number" ? value : /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? after(n, source) : undefined;
}

/**
 * Reset-style values (`x-ratelimit-reset*`, `resets_at`): a duration string ("6m0s"), an epoch in
 * seconds or milliseconds, a timestamp, or else a number of seconds.
 */
export function parseResetValue(value: string | number, source: string): RetryHint | undefined {
  if (typeof value === "number") {
    const epoch = epochMs(value);
    if (epoch !== undefined) return at(epoch, source);
    return Number.isFinite(value) && value >= 0 ? after(value * 1_000, source) : undefined;
  }
  const duration = parseDurationMs(value);
  if (duration !== undefined) return after(duration, source);
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return parseResetValue(Number(value), source);
  const stamp = parseTimestamp(value);
  return stamp === undefined ? undefined : at(stamp, source);
}

/** A Google `Duration` or protobuf-JSON `{seconds, nanos}`. */
function parseGoogleDelay(value: unknown): number | undefined {
  if (typeof value === "string") return parseDurationMs(value) ?? parseSeconds(value);
  if (value && typeof value === "object") {
    const v = value as { seconds?: unknown; nanos?: unknown };
    const s = Number(v.seconds ?? 0);
    const n = Number(v.nanos ?? 0);
    if (Number.isFinite(s) && Number.isFinite(n) && (v.seconds !== undefined || v.nanos !== undefined)) return s * 1_000 + n / 1e6;
  }
  return undefined;
}

// `estimated_time`: Hugging Face's "model is loading" 503 body.
const SECONDS_FIELDS = new Set([
  "retry_after", "retryafter", "retry_after_seconds", "retryafterseconds", "retry-after", "estimated_time",
  "resets_in_seconds", "reset_in_seconds", "reset_after_seconds",
]);
const MS_FIELDS = new Set(["retry_after_ms", "retryafterms", "retry-after-ms"]);
const RESET_FIELDS = new Set([
  "resets_at", "reset_at", "resetat", "resetsat", "reset_time", "resettime", "reset_timestamp",
  "next_reset", "nextreset", "cooldownuntil", "soonestcooldownexpiry", "reset_in", "resets_in", "resetin",
]);

/** Interprets a body field that names a wait or reset time. Undefined for unrelated fields. */
export function retryHintFromField(key: string, value: unknown): RankedHint | undefined {
  const k = key.toLowerCase();
  if (k === "retrydelay") {
    const ms = parseGoogleDelay(value);
    return ms === undefined ? undefined : { hint: after(ms, "RetryInfo.retryDelay"), rank: HINT_RANK.bodyField };
  }
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  if (SECONDS_FIELDS.has(k)) {
    const hint = parseRetryAfter(value, key);
    return hint && { hint, rank: HINT_RANK.bodyField };
  }
  if (MS_FIELDS.has(k)) {
    const hint = parseRetryAfterMs(value, key);
    return hint && { hint, rank: HINT_RANK.bodyField };
  }
  if (RESET_FIELDS.has(k)) {
    const hint = parseResetValue(value, key);
    return hint && { hint, rank: HINT_RANK.resetTimestamp };
  }
  return undefined;
}

const RELATIVE_TEXT_RE = new RegExp(
  `(?:try(?:ing)? again|retry(?:ing)?|retry[- ]after|wait(?:ing)?|reset(?:s)?|available(?: again)?|cool(?:ing)? ?down)` +
    `(?:\\s+(?:your request|the request|later))?\\s*(?:in|after|for|within)?\\s*[:=]?\\s*(?:about|approximately|~)?\\s*(${DURATION_SOURCE})`,
  "i",
);
const BARE_RETRY_AFTER_RE = /retry[- ]after\s*[:=]?\s*(\d+(?:\.\d+)?)(?![\d.]|\s*[a-z\u4e00-\u9fff])/i;
const CJK_RELATIVE_RE = new RegExp(`(${DURATION_SOURCE})\\s*(?:后|之后)\\s*(?:再)?(?:重试|再试|尝试|恢复)`, "i");
const STAMP = "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?\\s*(?:Z|[+-]\\d{2}:?\\d{2}|UTC|GMT)?";
const ABSOLUTE_TEXT_RE = new RegExp(
  `(?:reset|resets|available|try again|retry|until|after|重置|恢复)[^.\\n\\d]{0,30}?(${STAMP})`,
  "i",
);

/** Claude's "usage limit reached|<epoch seconds>" form. */
const PIPE_EPOCH_RE = /limit reached\|(\d{10,13})\b/i;

/** Finds a retry hint in free text ("try again in 2.5s", "Retry-After: 1 seconds", "reset at 2026-07-02 17:39"). */
export function retryHintFromText(text: string): RankedHint | undefined {
  const t = collapseWhitespace(text.length > 8_192 ? text.slice(0, 8_192) : text);
  const rel = RELATIVE_TEXT_RE.exec(t) ?? CJK_RELATIVE_RE.exec(t);
  if (rel?.[1]) {
    const ms = sumDurationTerms(rel[1]);
    if (ms !== undefined) return { hint: after(ms, "text"), rank: HINT_RANK.text };
  }
  const bare = BARE_RETRY_AFTER_RE.exec(t);
  if (bare?.[1]) return { hint: after(Number(bare[1]) * 1_000, "text"), rank: HINT_RANK.text };
  const pipe = PIPE_EPOCH_RE.exec(t);
  const pipeMs = pipe?.[1] ? epochMs(Number(pipe[1])) : undefined;
  if (pipeMs !== undefined) return { hint: at(pipeMs, "text"), rank: HINT_RANK.resetTimestamp };
  const abs = ABSOLUTE_TEXT_RE.exec(t);
  if (abs?.[1]) {
    const stamp = parseTimestamp(abs[1]);
    if (stamp !== undefined) return { hint: at(stamp, "text"), rank: HINT_RANK.resetTimestamp };
  }
  return undefined;
}

/** Reads one header (any case) from whatever header bags the input carried. */
export type HeaderLookup = (lowerName: string) => string | undefined;

const RESET_FAMILIES: readonly { reset: string; remaining: string }[] = [
  { reset: "x-ratelimit-reset-requests", remaining: "x-ratelimit-remaining-requests" },
  { reset: "x-ratelimit-reset-tokens", remaining: "x-ratelimit-remaining-tokens" },
  { reset: "anthropic-ratelimit-requests-reset", remaining: "anthropic-ratelimit-requests-remaining" },
  { reset: "anthropic-ratelimit-tokens-reset", remaining: "anthropic-ratelimit-tokens-remaining" },
  { reset: "anthropic-ratelimit-input-tokens-reset", remaining: "anthropic-ratelimit-input-tokens-remaining" },
  { reset: "anthropic-ratelimit-output-tokens-reset", remaining: "anthropic-ratelimit-output-tokens-remaining" },
  { reset: "x-ratelimit-reset", remaining: "x-ratelimit-remaining" },
  { reset: "x-rate-limit-reset", remaining: "x-rate-limit-remaining" },
  { reset: "ratelimit-reset", remaining: "ratelimit-remaining" },
];

/** Every header this module reads (so Headers-like objects can be queried by name). */
export const RETRY_HEADER_NAMES: readonly string[] = [
  "retry-after-ms",
  "retry-after",
  ...RESET_FAMILIES.flatMap((f) => [f.reset, f.remaining]),
];

/**
 * Hints from response headers. For the `*-reset*` families: when some family reports
 * `remaining: 0`, the latest of those resets is used (the exhausted limit decides); otherwise the
 * earliest reset (these headers say when a limit is *fully* replenished, so the earliest is the
 * tightest honest bound).
 */
export function retryHintsFromHeaders(get: HeaderLookup, now?: number): RankedHint[] {
  const out: RankedHint[] = [];
  const ms = get("retry-after-ms");
  const msHint = ms === undefined ? undefined : parseRetryAfterMs(ms);
  if (msHint) out.push({ hint: msHint, rank: HINT_RANK.retryAfterMsHeader });
  const ra = get("retry-after");
  const raHint = ra === undefined ? undefined : parseRetryAfter(ra);
  if (raHint) out.push({ hint: raHint, rank: HINT_RANK.retryAfterHeader });
  const exhausted: RetryHint[] = [];
  const all: RetryHint[] = [];
  for (const family of RESET_FAMILIES) {
    const raw = get(family.reset);
    if (raw === undefined) continue;
    const hint = parseResetValue(raw, family.reset);
    if (!hint) continue;
    all.push(hint);
    const remaining = get(family.remaining)?.trim();
    if (remaining !== undefined && remaining !== "" && Number(remaining) === 0) exhausted.push(hint);
  }
  const chosen = exhausted.length > 0 ? extreme(exhausted, "latest", now) : extreme(all, "earliest", now);
  if (chosen) out.push({ hint: chosen, rank: HINT_RANK.resetHeader });
  return out;
}

function comparable(hint: RetryHint, now: number | undefined): number {
  if (hint.kind === "after") return now === undefined ? hint.ms : now + hint.ms;
  return hint.atMs;
}

function extreme(hints: readonly RetryHint[], which: "latest" | "earliest", now: number | undefined): RetryHint | undefined {
  // Without `now`, relative and absolute hints cannot be compared: keep to the kind of the first hint.
  const first = hints[0];
  if (!first) return undefined;
  const pool = now === undefined ? hints.filter((h) => h.kind === first.kind) : hints;
  let best = first;
  for (const h of pool) {
    const better = which === "latest" ? comparable(h, now) > comparable(best, now) : comparable(h, now) < comparable(best, now);
    if (better) best = h;
  }
  return best;
}

/** The most authoritative hint (lowest rank; first found among equals). */
export function pickRetryHint(hints: readonly RankedHint[]): RetryHint | undefined {
  let best: RankedHint | undefined;
  for (const h of hints) if (!best || h.rank < best.rank) best = h;
  return best?.hint;
}

/** Turns a hint into the Classification fields: an integer, non-negative `retryAfterMs` and/or an ISO `resetAt`. */
export function resolveRetryHint(
  hint: RetryHint | undefined,
  now?: number,
): { retryAfterMs?: number; resetAt?: string } {
  if (!hint) return {};
  const clamp = (ms: number): number => Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
  if (hint.kind === "after") return Number.isFinite(hint.ms) ? { retryAfterMs: clamp(hint.ms) } : {};
  if (!Number.isFinite(hint.atMs) || Math.abs(hint.atMs) > 8.64e15) return {};
  const resetAt = new Date(hint.atMs).toISOString();
  if (now === undefined || !Number.isFinite(now)) return { resetAt };
  return { retryAfterMs: clamp(hint.atMs - now), resetAt };
}

/** "retry in 17s (retry-after)", "resets 2026-07-02T17:39:00.000Z (text)": a compact description for evidence. */
export function describeHint(hint: RetryHint): string {
  if (hint.kind === "after") {
    const s = Math.max(0, Math.round(hint.ms)) / 1_000;
    const span = s < 120 ? `${s}s` : s < 7_200 ? `${Math.round(s / 6) / 10}m` : `${Math.round(s / 360) / 10}h`;
    return `retry in ${span} (${hint.source})`;
  }
  return Math.abs(hint.atMs) <= 8.64e15 ? `resets ${new Date(hint.atMs).toISOString()} (${hint.source})` : `resets (${hint.source})`;
}
