// OpenClaw's own verdicts: FailoverReason, model_call_ended.failureKind and providerRuntimeFailureKind → Category.
import type { Category } from "../taxonomy.js";

/** `FailoverReason` spellings frozen in openclaw 2026.9.6 (research/openclaw-api.md §4.1). */
export const FAILOVER_REASONS: ReadonlySet<string> = new Set([
  "auth",
  "auth_permanent",
  "format",
  "rate_limit",
  "overloaded",
  "billing",
  "server_error",
  "timeout",
  "tls_certificate",
  "context_overflow",
  "model_not_found",
  "session_expired",
  "empty_response",
  "no_error_details",
  "unclassified",
  "unknown",
]);

/**
 * Decisive reasons. `session_expired` is a provider/CLI session that must be restarted: the request
 * cannot succeed as sent, and the model is healthy, so it is `invalid_request` (health-neutral).
 * `rate_limit` is refined to `quota_exhausted` by billing/quota text at the call site.
 */
const DECISIVE: Readonly<Record<string, Category>> = {
  auth: "auth_failed",
  auth_permanent: "auth_failed",
  billing: "quota_exhausted",
  rate_limit: "rate_limit",
  overloaded: "server_overload",
  server_error: "server_error",
  timeout: "timeout",
  format: "invalid_request",
  context_overflow: "context_too_long",
  model_not_found: "model_unavailable",
  session_expired: "invalid_request",
  tls_certificate: "network_error",
};

/** The category OpenClaw's reason decides, or undefined for the non-committal ones (unknown, empty_response…). */
export function categoryForFailoverReason(reason: string): Category | undefined {
  const key = reason.trim().toLowerCase();
  // Own keys only: "__proto__", "constructor" and friends must not reach Object.prototype.
  return Object.hasOwn(DECISIVE, key) ? DECISIVE[key] : undefined;
}

export function isFailoverReason(value: string): boolean {
  return FAILOVER_REASONS.has(value.trim().toLowerCase());
}

/** `model_call_ended.failureKind` (research/openclaw-api.md §3.2). */
const FAILURE_KINDS: Readonly<Record<string, Category>> = {
  timeout: "timeout",
  connection_reset: "network_error",
  connection_closed: "network_error",
  terminated: "network_error",
  aborted: "aborted",
};

export function categoryForFailureKind(kind: string): Category | undefined {
  const key = kind.trim().toLowerCase();
  return Object.hasOwn(FAILURE_KINDS, key) ? FAILURE_KINDS[key] : undefined;
}

/**
 * `errorObservation.providerRuntimeFailureKind`: a weak hint only (the e2e probe saw a 503 reported
 * as "timeout" beside `failoverReason: "overloaded"`), used when nothing better exists.
 */
export function categoryForRuntimeKind(kind: string): Category | undefined {
  const k = kind.toLowerCase();
  if (/billing|quota|credit/.test(k)) return "quota_exhausted";
  if (/rate/.test(k)) return "rate_limit";
  if (/auth|token|key/.test(k)) return "auth_failed";
  if (/overload|capacity/.test(k)) return "server_overload";
  if (/timeout/.test(k)) return "timeout";
  if (/context/.test(k)) return "context_too_long";
  if (/model/.test(k)) return "model_unavailable";
  if (/network|connection|reset/.test(k)) return "network_error";
  if (/server/.test(k)) return "server_error";
  return undefined;
}
