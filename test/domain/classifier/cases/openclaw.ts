// OpenClaw's own shapes: FailoverError, agent events, agent_end, model_call_ended, and its user-facing texts.
import { errorWith, type ClassifierCase } from "./case.js";

const failover = (reason: string, message: string, extra: Record<string, unknown> = {}): Error =>
  errorWith("FailoverError", message, { reason, provider: "openai", model: "gpt-4o", ...extra });

/** agent_end as recorded by research/e2e-probe (last assistant message carries the provider error). */
const agentEnd = (last: Record<string, unknown>): unknown => ({
  runId: "7a1c94d9",
  messages: [
    { role: "user", content: [{ type: "text", text: "hello" }], timestamp: 1 },
    { role: "assistant", content: [], api: "openai-completions", provider: "fakea", model: "flaky", stopReason: "error", timestamp: 2, ...last },
  ],
  success: true,
  durationMs: 139,
});

const callEnded = (failureKind?: string): unknown => ({
  runId: "r1", callId: "r1:model:1", provider: "fakea", model: "reset", api: "openai-completions", durationMs: 23,
  outcome: "error", errorCategory: "Error", ...(failureKind ? { failureKind } : {}),
});

export const openclawCases: readonly ClassifierCase[] = [
  // source (every "FailoverError" case below): research/openclaw-api.md §4.2 (FailoverError fields) and §4.1 (reasons)
  { name: "FailoverError: rate_limit", input: failover("rate_limit", "⚠️ API rate limit reached. Please try again later.", { status: 429 }), category: "rate_limit", status: 429 },
  { name: "FailoverError: billing", input: failover("billing", "⚠️ API provider returned a billing error", { status: 402 }), category: "quota_exhausted" },
  { name: "FailoverError: rate_limit whose text says the quota is gone", input: failover("rate_limit", "You exceeded your current quota, please check your plan and billing details."), category: "quota_exhausted" },
  { name: "FailoverError: unknown defers to a deeper 503", input: failover("unknown", "LLM request failed.", { cause: { status: 503, message: "Service Unavailable" } }), category: "server_overload" },
  { name: "FailoverError: overloaded", input: failover("overloaded", "The AI service is temporarily overloaded."), category: "server_overload" },
  { name: "FailoverError: auth_permanent", input: failover("auth_permanent", "API key revoked"), category: "auth_failed" },
  { name: "FailoverError: context_overflow", input: failover("context_overflow", "Context overflow: prompt too large for the model."), category: "context_too_long" },
  { name: "FailoverError: model_not_found", input: failover("model_not_found", "The selected model was not found by the provider."), category: "model_unavailable" },
  { name: "FailoverError: session_expired", input: failover("session_expired", "The provider session expired."), category: "invalid_request" },
  { name: "FailoverError: tls_certificate", input: failover("tls_certificate", "LLM request failed: TLS certificate validation rejected the provider endpoint."), category: "network_error" },
  { name: "FailoverError: format", input: failover("format", "LLM request failed: provider rejected the request schema or tool payload."), category: "invalid_request" },
  { name: "FailoverError: timeout", input: failover("timeout", "LLM request timed out.", { status: 408 }), category: "timeout" },
  { name: "FailoverError: serialized form", input: { name: "FailoverError", reason: "server_error", message: "LLM request failed: provider returned an internal error." }, category: "server_error" },
  // source: research/e2e-probe/results/failures.txt (lifecycle finishing with errorObservation)
  {
    name: "agent event: finishing with errorObservation overloaded",
    input: { stream: "lifecycle", data: { phase: "finishing", error: "The AI service is temporarily overloaded. Please try again in a moment.", errorObservation: { provider: "fakea", model: "down", failoverReason: "overloaded", providerRuntimeFailureKind: "timeout" } } },
    category: "server_overload",
  },
  // source: research/e2e-probe/results/failures.txt (lifecycle error, chain exhausted)
  {
    name: "agent event: all models failed takes the first attempt's reason",
    input: { stream: "lifecycle", data: { phase: "error", error: "All models failed (2): fakea/ok: ⚠️ Rate limit reached for requests (fake). Please try again later.; Retry-After: 1 seconds (rate_limit) | fakeb/ok-2: LLM request timed out. (timeout)" } },
    category: "rate_limit",
    retryAfterMs: 1_000,
  },
  // source: research/openclaw-api.md §3.3 (fallback phase attempts[])
  { name: "agent event: fallback attempts carry reason and status", input: { stream: "lifecycle", data: { phase: "fallback", attempts: [{ provider: "google", model: "gemini-3-flash", error: "429 quota", reason: "billing", status: 429 }] } }, category: "quota_exhausted" },
  // source (every "agent_end" case below): research/e2e-harness.md §6 and e2e-probe/results/failures.txt (agent_end per fault)
  { name: "agent_end: 429 with Retry-After in the message", input: agentEnd({ errorMessage: "429 Rate limit reached for requests (fake). Please try again later.; Retry-After: 1 seconds", errorCode: "rate_limit_exceeded" }), category: "rate_limit", retryAfterMs: 1_000, status: 429 },
  { name: "agent_end: 503 service_unavailable", input: agentEnd({ errorMessage: "503 The server is overloaded or not ready yet (fake 503).", errorCode: "service_unavailable" }), category: "server_overload" },
  { name: "agent_end: 500 internal_error", input: agentEnd({ errorMessage: "500 Internal server error (fake 500).", errorCode: "internal_error" }), category: "server_error", status: 500 },
  { name: "agent_end: 401 invalid_api_key", input: agentEnd({ errorMessage: "401 Incorrect API key provided (fake 401).", errorCode: "invalid_api_key" }), category: "auth_failed" },
  { name: "agent_end: 402 insufficient_quota", input: agentEnd({ errorMessage: "402 Insufficient credits: your credit balance is too low (fake 402).", errorCode: "insufficient_quota" }), category: "quota_exhausted", status: 402 },
  { name: "agent_end: connection reset", input: agentEnd({ errorMessage: "Connection error.", errorCode: "ECONNRESET" }), category: "network_error" },
  { name: "agent_end: reset mid-stream ('terminated')", input: agentEnd({ errorMessage: "terminated", errorCode: "ECONNRESET" }), category: "network_error" },
  { name: "agent_end: stalled stream timed out", input: agentEnd({ errorMessage: "request timed out" }), category: "timeout" },
  { name: "agent_end: errorBody carries the provider JSON", input: agentEnd({ errorMessage: "400 status code (no body)", errorType: "invalid_request_error", errorBody: '{"error":{"message":"This model\'s maximum context length is 8192 tokens.","code":"context_length_exceeded"}}' }), category: "context_too_long" },
  // source (every "model_call_ended" case below): research/openclaw-api.md §3.2 and e2e-probe hook-samples.json
  { name: "model_call_ended: timeout", input: callEnded("timeout"), category: "timeout" },
  { name: "model_call_ended: connection_reset", input: callEnded("connection_reset"), category: "network_error" },
  { name: "model_call_ended: connection_closed", input: callEnded("connection_closed"), category: "network_error" },
  { name: "model_call_ended: terminated", input: callEnded("terminated"), category: "network_error" },
  { name: "model_call_ended: aborted", input: callEnded("aborted"), category: "aborted" },
  { name: "model_call_ended: an HTTP error says nothing more", input: callEnded(), category: "unknown" },
  // source (every "OpenClaw text" case below): research/openclaw-api.md §4.6 (user-facing strings) and e2e-harness.md §6
  { name: "OpenClaw text: rate limit copy", input: "⚠️ API rate limit reached. Please try again later.", category: "rate_limit" },
  { name: "OpenClaw text: overloaded copy", input: "The AI service is temporarily overloaded. Please try again in a moment.", category: "server_overload" },
  { name: "OpenClaw text: timed out copy", input: "LLM request timed out.", category: "timeout" },
  { name: "OpenClaw text: idle-timeout breaker", input: "Idle-timeout cost-runaway breaker tripped: 5 consecutive idle timeouts without completed model progress (cap=5). Halting further attempts to bound paid model calls. See issue #76293.", category: "timeout" },
  { name: "OpenClaw text: auth profile cooldown", input: 'Auth profile "openai:default" is temporarily unavailable for openai/gpt-4o.', category: "rate_limit" },
  { name: "OpenClaw text: context overflow copy", input: "Context overflow: prompt too large for the model. Try /reset (or /new) to start a fresh session, or use a larger-context model.", category: "context_too_long" },
  { name: "OpenClaw text: auth copy", input: "Authentication failed (provider returned HTTP 401). Your provider token may have expired — try the request again in a moment.", category: "auth_failed", status: 401 },
  { name: "OpenClaw text: billing copy", input: "⚠️ API provider returned a billing error — your API key has run out of credits or has an insufficient balance.", category: "quota_exhausted" },
  { name: "OpenClaw text: internal error copy", input: "LLM request failed: provider returned an internal error.", category: "server_error" },
  { name: "OpenClaw text: capacity copy", input: "⚠️ Selected model is at capacity. Try a different model, or wait and retry.", category: "server_overload" },
  { name: "OpenClaw text: network interrupted copy", input: "LLM request failed: network connection was interrupted.", category: "network_error" },
  { name: "OpenClaw text: model not found copy", input: "The selected model was not found by the provider. Check the model id or choose a different model.", category: "model_unavailable" },
  { name: "OpenClaw text: session expired copy", input: "The provider session expired. Start a new session and try again.", category: "invalid_request" },
  { name: "OpenClaw text: unknown error copy", input: "LLM request failed with an unknown error.", category: "unknown" },
  { name: "OpenClaw text: empty response copy", input: "The model returned an empty response. Please try again.", category: "unknown" },
  { name: "OpenClaw text: repeated internal retries", input: "Request failed after repeated internal retries.", category: "timeout" },
  // source (every "OpenClaw coordination" case below): research/openclaw-api.md §4.3 resolveModelFallbackError kinds
  { name: "OpenClaw coordination: gateway draining", input: errorWith("GatewayDrainingError", "Gateway is draining; new turns are not accepted"), category: "aborted" },
  { name: "OpenClaw coordination: active turn claim code", input: { code: "ActiveTurnClaim", message: "another turn holds this session" }, category: "aborted" },
  { name: "OpenClaw coordination: session write lock", input: "session file locked (write lock held by another process)", category: "aborted" },
  { name: "OpenClaw coordination: session takeover", input: "Session takeover: this session was taken over by another client", category: "aborted" },
  // source: WHATWG DOM AbortController.abort() default message
  { name: "User abort text", input: "This operation was aborted", category: "aborted" },
];
