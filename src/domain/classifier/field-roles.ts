// Which fields of an error-like object carry which kind of evidence (markers, statuses, text, nesting, hints).

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
  "estimated_time", "resets_in_seconds", "reset_in_seconds", "reset_after_seconds",
] as const;
const QUOTA_ID_KEYS = ["quotaId", "quotaMetric", "quota_id", "quota_metric", "quota_limit", "quotaLimit"] as const;
const FAILOVER_KEYS = ["failoverReason", "failover_reason", "fallbackStepFromFailureReason"] as const;

export const ROLE = {
  failover: 1,
  marker: 2,
  status: 4,
  text: 8,
  headers: 16,
  retry: 32,
  quotaId: 64,
  messages: 128,
  nested: 256,
  failureKind: 512,
  outcome: 1024,
  runtimeKind: 2048,
} as const;

/** Each known field name → the roles it plays (a bit set). */
export const ROLES: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  const add = (keys: readonly string[], role: number): void => {
    for (const k of keys) map.set(k, (map.get(k) ?? 0) | role);
  };
  add(FAILOVER_KEYS, ROLE.failover);
  add(MARKER_KEYS, ROLE.marker);
  add(STATUS_KEYS, ROLE.status);
  add(TEXT_KEYS, ROLE.text);
  add(["headers", "responseHeaders", "header"], ROLE.headers);
  add(RETRY_FIELD_KEYS, ROLE.retry);
  add(QUOTA_ID_KEYS, ROLE.quotaId);
  add(["messages"], ROLE.messages);
  add(NESTED_KEYS, ROLE.nested);
  add(["failureKind"], ROLE.failureKind);
  add(["outcome"], ROLE.outcome);
  add(["providerRuntimeFailureKind"], ROLE.runtimeKind);
  return map;
})();
export const ALL_KEYS: readonly string[] = [...ROLES.keys()];
