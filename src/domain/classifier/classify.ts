// classify(): any error-like value → Classification, weighing evidence in the order of ../shared/DESIGN.md.
import { isRetryable, type Category, type Classification } from "../taxonomy.js";
import { collectFacts, mergedHeaders, type Facts } from "./facts.js";
import { categoryForFailoverReason, categoryForFailureKind, categoryForRuntimeKind } from "./failover-reason.js";
import { categoryForStatus, statusFromText } from "./http-status.js";
import { MARKER_PRECEDENCE, TEXT_NETWORK_CODE_RE, lookupMarker, lookupNumericCode, normalizeMarker } from "./markers.js";
import { finalizeEvidence, quote } from "./redact.js";
import { describeHint, pickRetryHint, resolveRetryHint, retryHintFromText, retryHintsFromHeaders, type RankedHint } from "./retry-hints.js";
import { TextProfile, classifyText } from "./text-rules.js";

export interface ClassifyOptions {
  /** Epoch ms; only used to turn absolute reset times into `retryAfterMs`. */
  readonly now?: number;
}

interface Decision {
  readonly category: Category;
  /** Which evidence decided, e.g. `errorCode=insufficient_quota` or `HTTP 400 + context text`. */
  readonly head: string;
}

const MAX_JOINED_TEXT = 16_384;
const TEXT_FAILOVER_RE =
  /\((auth_permanent|auth|billing|rate_limit|overloaded|server_error|timeout|tls_certificate|context_overflow|model_not_found|session_expired|format)\)/;
/** A class name leading a line: "ThrottlingException: Too many tokens", "openai.RateLimitError: …". */
const TEXT_CLASS_RE = /^ ?(?:[\w.]{1,60}\.)?([A-Z][A-Za-z0-9]{0,60}(?:Exception|Error)) ?[:(]/;
const TIMEOUT_WORDS_RE = /timed? ?out|timeout|deadline/i;
const REQUEST_ABORTED_RE = /request (?:was )?aborted/i;
const TEXT_MARKER_RE =
  /["']?\b(?:code|type|error_code|errorCode|error_type|errorType|__type|status|reason)["']?\s*[:=]\s*["']([A-Za-z][\w.:#-]{2,60})["']/g;

/** The strongest explicit marker among `candidates` (precedence, then order found). */
function bestMarker(candidates: readonly { key: string; value: string }[], text: TextProfile): Decision | undefined {
  let best: { category: Category; key: string; value: string; rank: number } | undefined;
  for (const { key, value } of candidates) {
    const verdict = lookupMarker(value);
    if (verdict?.kind !== "category") continue;
    if (verdict.coordination) return { category: "aborted", head: `${key}=${value} (coordination, not a model failure)` };
    const rank = MARKER_PRECEDENCE[verdict.category];
    if (!best || rank > best.rank) best = { category: verdict.category, key, value, rank };
  }
  if (!best) return undefined;
  const head = `${best.key}=${best.value}`;
  if (best.category === "rate_limit" && text.quotaExhausted()) return { category: "quota_exhausted", head: `${head} + quota text` };
  // An abort or dropped connection whose own words say it timed out: AbortError "request was aborted"
  // (OpenClaw's own timeouts abort the request), axios ECONNABORTED "timeout of 60000ms exceeded".
  const timedOut =
    (best.category === "aborted" || best.category === "network_error") &&
    (TIMEOUT_WORDS_RE.test(text.text) || (normalizeMarker(best.value) === "aborterror" && REQUEST_ABORTED_RE.test(text.text)));
  if (timedOut) return { category: "timeout", head: `${head} + timeout text` };
  return { category: best.category, head };
}

function textMarkers(texts: readonly string[]): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const t of texts) {
    if (!t.includes(":") && !t.includes("=")) continue;
    const cls = TEXT_CLASS_RE.exec(t)?.[1];
    if (cls) out.push({ key: "text", value: cls });
    for (const m of t.matchAll(TEXT_MARKER_RE)) if (m[1]) out.push({ key: "text", value: m[1] });
  }
  return out;
}

function firstTextStatus(texts: readonly string[]): number | undefined {
  for (const t of texts) {
    const s = statusFromText(t);
    if (s !== undefined) return s;
  }
  return undefined;
}

function fromStatus(facts: Facts, text: TextProfile, implied: readonly { key: string; value: string }[]): { decision: Decision; status: number } | undefined {
  const candidates: { status: number; source: string }[] = [];
  const field = facts.statuses.find((s) => s >= 400);
  if (field !== undefined) candidates.push({ status: field, source: "" });
  const inText = firstTextStatus(facts.texts);
  if (inText !== undefined) candidates.push({ status: inText, source: " (in text)" });
  for (const { key, value } of implied) {
    const v = lookupMarker(value);
    if (v?.kind === "status") {
      candidates.push({ status: v.status, source: ` (implied by ${key}=${value})` });
      break;
    }
  }
  for (const { status, source } of candidates) {
    const verdict = categoryForStatus(status, text);
    if (!verdict) continue;
    const refinement = verdict.refinedBy ? ` + ${verdict.refinedBy} text` : "";
    return { decision: { category: verdict.category, head: `HTTP ${status}${source}${refinement}` }, status };
  }
  return undefined;
}

/**
 * The evidence order (../shared/DESIGN.md), first decisive step wins:
 *  1. OpenClaw's verdict: `failoverReason` / `FailoverError.reason` (non-committal ones like
 *     `unknown` and `empty_response` defer to deeper evidence); `model_call_ended.failureKind`.
 *  2. Explicit provider markers in fields (codes, types, class names, gRPC statuses), strongest first;
 *     then the same in text (`(rate_limit)` in "All models failed…", `'code': 'insufficient_quota'`).
 *  3. HTTP status (field, then spelled in text, then implied by a generic marker), refined by the body.
 *  4. Provider numeric codes (Zhipu, MiniMax, Baidu), then network error codes inside text.
 *  5. Message wording (text-rules.ts).
 * Decisions worth knowing: OpenClaw coordination errors (GatewayDraining, ActiveTurnClaim, session
 * write lock/takeover, superseded runs) are `aborted` — they must never cool a model down; an abort
 * caused by a timeout is `timeout`; `session_expired` is `invalid_request`; OpenClaw's auth-profile
 * cooldown message is `rate_limit` (the profile is waiting out a provider limit).
 */
function decide(facts: Facts, text: TextProfile): { decision: Decision; status?: number } {
  for (const { key, value } of facts.failoverReasons) {
    const category = categoryForFailoverReason(value);
    if (!category) continue;
    if (category === "rate_limit" && text.quotaExhausted()) return { decision: { category: "quota_exhausted", head: `${key}=${value} + quota text` } };
    return { decision: { category, head: `${key}=${value}` } };
  }
  const kinds = facts.failureKinds.map((value) => ({ key: "failureKind", value, category: categoryForFailureKind(value) }));
  const firstKind = kinds.find((k) => k.category);
  const marker = bestMarker(facts.markers, text);
  if (firstKind?.category && (!marker || MARKER_PRECEDENCE[firstKind.category] > MARKER_PRECEDENCE[marker.category])) {
    return { decision: { category: firstKind.category, head: `failureKind=${firstKind.value}` } };
  }
  if (marker) return { decision: marker };
  for (const t of facts.texts) {
    const m = TEXT_FAILOVER_RE.exec(t);
    const category = m?.[1] ? categoryForFailoverReason(m[1]) : undefined;
    if (category) return { decision: { category: category === "rate_limit" ? text.refineRateLimit() : category, head: `reason (${m?.[1]}) in text` } };
  }
  const inText = textMarkers(facts.texts);
  const textMarker = bestMarker(inText, text);
  if (textMarker) return { decision: { ...textMarker, head: `${textMarker.head} in text` } };
  const byStatus = fromStatus(facts, text, [...facts.markers, ...inText]);
  if (byStatus) return byStatus;
  for (const { family, code } of facts.numericCodes) {
    const category = lookupNumericCode(family, code);
    if (category) return { decision: { category, head: `${family} code ${code}` } };
  }
  for (const t of facts.texts) {
    const code = TEXT_NETWORK_CODE_RE.exec(t)?.[1];
    const verdict = code ? lookupMarker(code) : undefined;
    if (verdict?.kind === "category") return { decision: { category: verdict.category, head: `${code} in text` } };
  }
  const byText = classifyText(text);
  if (byText) return { decision: { category: byText.category, head: `text: ${byText.family}` } };
  for (const kind of facts.runtimeKinds) {
    const category = categoryForRuntimeKind(kind);
    if (category) return { decision: { category, head: `providerRuntimeFailureKind=${kind}` } };
  }
  const weak = facts.failoverReasons[0] ?? kinds[0];
  if (weak) return { decision: { category: "unknown", head: `${weak.key}=${weak.value}` } };
  const outcome = facts.outcomes[0];
  if (outcome) return { decision: { category: "unknown", head: `outcome=${outcome} without failure detail` } };
  return { decision: { category: "unknown", head: facts.texts.length > 0 ? "no known error pattern" : "no error evidence found" } };
}

function retryHints(facts: Facts, now: number | undefined): RankedHint[] {
  const hints = [...facts.retryHints];
  if (facts.headerBags.length > 0) hints.push(...retryHintsFromHeaders(mergedHeaders(facts.headerBags), now));
  for (const t of facts.texts) {
    const hint = retryHintFromText(t);
    if (hint) hints.push(hint);
    if (hint?.hint.kind === "after") break;
  }
  return hints;
}

const NON_ERROR_INPUT: Readonly<Record<string, string>> = {
  null: "input is null",
  undefined: "input is undefined",
  number: "input is a number, not an error",
  boolean: "input is a boolean, not an error",
  array: "input is an array, not an error",
  other: "input is not an error-like value",
};

function build(category: Category, evidence: string, extra: Partial<Classification> = {}): Classification {
  return {
    category,
    retryable: isRetryable(category),
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
    ...(extra.resetAt !== undefined ? { resetAt: extra.resetAt } : {}),
    evidence: finalizeEvidence(evidence),
    ...(extra.status !== undefined ? { status: extra.status } : {}),
  };
}

function classifyUnsafe(input: unknown, now: number | undefined): Classification {
  const facts = collectFacts(input);
  const nonError = NON_ERROR_INPUT[facts.rootKind];
  if (nonError) return build("unknown", nonError);
  const joined = [...facts.texts, ...facts.quotaIds].join("\n");
  const text = new TextProfile(joined.length > MAX_JOINED_TEXT ? joined.slice(0, MAX_JOINED_TEXT) : joined);
  const { decision, status } = decide(facts, text);
  const hint = pickRetryHint(retryHints(facts, now));
  const { retryAfterMs, resetAt } = resolveRetryHint(hint, now);
  const first = facts.texts[0];
  const snippet = first && !decision.head.includes(first) ? `: ${quote(first, 90)}` : "";
  const evidence = `${decision.head}${snippet}${hint ? `; ${describeHint(hint)}` : ""}`;
  const knownStatus = status ?? facts.statuses.find((s) => s >= 400) ?? firstTextStatus(facts.texts);
  return build(decision.category, evidence, {
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(resetAt !== undefined ? { resetAt } : {}),
    ...(knownStatus !== undefined ? { status: knownStatus } : {}),
  });
}

/**
 * Classifies any error-like value: Error instances and their cause chains, OpenClaw FailoverErrors,
 * agent events and `agent_end` payloads, provider SDK errors, raw HTTP `{status, headers, body}`,
 * plain strings. Pure and deterministic; never throws (unreadable input is `unknown`).
 */
export function classify(input: unknown, options: ClassifyOptions = {}): Classification {
  const now = typeof options.now === "number" && Number.isFinite(options.now) ? options.now : undefined;
  try {
    return classifyUnsafe(input, now);
  } catch {
    return build("unknown", "classifier could not read the input");
  }
}
