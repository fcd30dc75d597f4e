// The error classifier: any error-like value → Classification (category, retryability, retry hint, evidence).
export { classify, type ClassifyOptions } from "./classify.js";
export { redactSecrets, finalizeEvidence, MAX_EVIDENCE_CHARS, REDACTED } from "./redact.js";
export { parseDurationMs, parseSeconds, parseTimestamp } from "./duration.js";
export {
  parseRetryAfter,
  parseRetryAfterMs,
  parseResetValue,
  retryHintFromText,
  retryHintFromField,
  retryHintsFromHeaders,
  pickRetryHint,
  resolveRetryHint,
  MAX_RETRY_AFTER_MS,
  type RetryHint,
  type RankedHint,
  type HeaderLookup,
} from "./retry-hints.js";
export { categoryForStatus, statusFromText } from "./http-status.js";
export { categoryForFailoverReason, FAILOVER_REASONS } from "./failover-reason.js";
export { TextProfile, classifyText, type TextFamily } from "./text-rules.js";
