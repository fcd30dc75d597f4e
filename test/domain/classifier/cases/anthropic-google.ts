// Anthropic and Google (Gemini API, Vertex AI) error shapes.
import { errorWith, headersLike, type ClassifierCase } from "./case.js";

const anthropic = (status: number, type: string, message: string, extra: Record<string, unknown> = {}): unknown =>
  errorWith("APIError", `${status} ${JSON.stringify({ type: "error", error: { type, message } })}`, {
    status,
    error: { type: "error", error: { type, message }, request_id: "req_011CTest" },
    ...extra,
  });

const gemini = (code: number, status: string, message: string, details?: unknown[]): unknown => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});

export const anthropicGoogleCases: readonly ClassifierCase[] = [
  // source: docs.anthropic.com/en/api/errors (529 overloaded_error)
  { name: "Anthropic: 529 overloaded_error", input: anthropic(529, "overloaded_error", "Overloaded"), category: "server_overload", status: 529 },
  // source: docs.anthropic.com/en/api/rate-limits (429 rate_limit_error + retry-after header)
  {
    name: "Anthropic: 429 rate_limit_error with retry-after",
    input: anthropic(429, "rate_limit_error", "This request would exceed the rate limit for your organization of 50 requests per minute.", {
      headers: headersLike({ "retry-after": "12", "anthropic-ratelimit-requests-remaining": "0", "anthropic-ratelimit-requests-reset": "2026-07-02T17:00:40Z" }),
    }),
    category: "rate_limit",
    retryAfterMs: 12_000,
  },
  // source: docs.anthropic.com/en/api/errors (400 invalid_request_error "prompt is too long")
  { name: "Anthropic: prompt is too long", input: { type: "error", error: { type: "invalid_request_error", message: "prompt is too long: 208423 tokens > 200000 maximum" } }, category: "context_too_long" },
  // source: anthropic-sdk-typescript issues ("Your credit balance is too low to access the Anthropic API")
  { name: "Anthropic: 400 credit balance too low", input: anthropic(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."), category: "quota_exhausted" },
  // source: docs.anthropic.com/en/api/errors (401 authentication_error)
  { name: "Anthropic: 401 authentication_error", input: anthropic(401, "authentication_error", "invalid x-api-key"), category: "auth_failed" },
  // source: docs.anthropic.com/en/api/errors (403 permission_error)
  { name: "Anthropic: 403 permission_error", input: anthropic(403, "permission_error", "Your API key does not have permission to use the specified resource."), category: "auth_failed" },
  // source: docs.anthropic.com/en/api/errors (404 not_found_error "model: …")
  { name: "Anthropic: 404 not_found_error for a model", input: anthropic(404, "not_found_error", "model: claude-3-opus-2024"), category: "model_unavailable" },
  // source: docs.anthropic.com/en/api/errors (413 request_too_large)
  { name: "Anthropic: 413 request_too_large", input: anthropic(413, "request_too_large", "Request exceeds the maximum allowed number of bytes."), category: "context_too_long" },
  // source: docs.anthropic.com/en/api/errors (500 api_error)
  { name: "Anthropic: 500 api_error", input: anthropic(500, "api_error", "Internal server error"), category: "server_error" },
  // source: docs.anthropic.com/en/api/messages-streaming (error event inside an SSE stream)
  { name: "Anthropic: overloaded error event in an SSE stream", input: 'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}', category: "server_overload" },
  // source: docs.anthropic.com/en/api/rate-limits (anthropic-ratelimit-tokens-reset is RFC 3339)
  {
    name: "Anthropic: exhausted token bucket reset time from headers",
    input: { status: 429, headers: { "anthropic-ratelimit-tokens-remaining": "0", "anthropic-ratelimit-tokens-reset": "2026-07-02T17:00:30Z", "anthropic-ratelimit-requests-remaining": "40", "anthropic-ratelimit-requests-reset": "2026-07-02T17:00:01Z" }, error: { type: "error", error: { type: "rate_limit_error", message: "This request would exceed the rate limit for your organization of 80,000 input tokens per minute." } } },
    category: "rate_limit",
    retryAfterMs: 30_000,
    resetAt: "2026-07-02T17:00:30.000Z",
  },
  // source: docs.anthropic.com/en/api/errors ("You have reached your specified API usage limits")
  { name: "Anthropic: workspace usage limit reached", input: anthropic(400, "invalid_request_error", "You have reached your specified API usage limits. You will regain access on 2026-08-01 at 00:00 UTC."), category: "quota_exhausted" },
  // source: openclaw failover corpus (#57010, Anthropic api_error serialised in a message)
  { name: "Anthropic: serialised api_error string", input: '{"type":"error","error":{"type":"api_error","message":"An unexpected error occurred while processing the response"}}', category: "server_error" },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (429 RESOURCE_EXHAUSTED) + google.rpc.RetryInfo/QuotaFailure
  {
    name: "Gemini: 429 per-minute quota with RetryInfo",
    input: gemini(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.", [
      { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests", quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", quotaDimensions: { model: "gemini-2.0-flash" }, quotaValue: "15" }] },
      { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "37s" },
    ]),
    category: "rate_limit",
    retryAfterMs: 37_000,
    status: 429,
  },
  // source: ai.google.dev/gemini-api/docs/rate-limits (free tier per-day quota exhausted)
  {
    name: "Gemini: 429 per-day free-tier quota exhausted",
    input: gemini(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 50, model: gemini-2.5-pro\nPlease retry in 17.5s.", [
      { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }] },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "17.5s" },
    ]),
    category: "quota_exhausted",
    retryAfterMs: 17_500,
  },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (400 API key not valid, ErrorInfo reason API_KEY_INVALID)
  {
    name: "Gemini: 400 API_KEY_INVALID",
    input: gemini(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } }]),
    category: "auth_failed",
  },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (503 UNAVAILABLE "The model is overloaded")
  { name: "Gemini: 503 UNAVAILABLE", input: gemini(503, "UNAVAILABLE", "The model is overloaded. Please try again later."), category: "server_overload" },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (500 INTERNAL)
  { name: "Gemini: 500 INTERNAL", input: gemini(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"), category: "server_error" },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (404 NOT_FOUND model)
  { name: "Gemini: 404 NOT_FOUND model", input: gemini(404, "NOT_FOUND", "models/gemini-1.0-pro is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."), category: "model_unavailable" },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (400 INVALID_ARGUMENT input token count)
  { name: "Gemini: 400 input token count exceeds the maximum", input: gemini(400, "INVALID_ARGUMENT", "The input token count (1290821) exceeds the maximum number of tokens allowed (1048576)."), category: "context_too_long" },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (400 FAILED_PRECONDITION "User location is not supported")
  { name: "Gemini: 400 user location not supported", input: gemini(400, "FAILED_PRECONDITION", "User location is not supported for the API use."), category: "auth_failed" },
  // source: cloud.google.com/apis/design/errors (403 PERMISSION_DENIED)
  { name: "Gemini: 403 PERMISSION_DENIED", input: gemini(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."), category: "auth_failed" },
  // source: ai.google.dev/gemini-api/docs/troubleshooting (504 DEADLINE_EXCEEDED)
  { name: "Gemini: 504 DEADLINE_EXCEEDED", input: gemini(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."), category: "timeout" },
  // source: googleapis/js-genai src/errors.ts (ApiError: status + JSON message)
  {
    name: "@google/genai: ApiError with a JSON message",
    input: errorWith("ApiError", '{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}', { status: 429 }),
    category: "rate_limit",
  },
  // source: ai.google.dev/api/generate-content (promptFeedback.blockReason SAFETY)
  { name: "Gemini: prompt blocked for SAFETY", input: { promptFeedback: { blockReason: "SAFETY", safetyRatings: [] } }, category: "invalid_request" },
  // source: cloud.google.com/vertex-ai/generative-ai/docs/error-code-429
  { name: "Vertex AI: 429 per-minute base model quota", input: gemini(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-1.5-pro. Please submit a quota increase request."), category: "rate_limit" },
  // source: openclaw failover corpus ("HTTP 404: INVALID_ARGUMENT: input exceeds the maximum number of tokens", Vertex)
  { name: "Vertex AI: 404 that is really a context overflow", input: "HTTP 404: INVALID_ARGUMENT: input exceeds the maximum number of tokens", category: "context_too_long" },
  // source: google.rpc.RetryInfo protobuf-JSON form {seconds, nanos}
  { name: "Google: RetryInfo as seconds and nanos", input: { error: { code: 429, status: "RESOURCE_EXHAUSTED", message: "Resource exhausted", details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: { seconds: 3, nanos: 500_000_000 } }] } }, category: "rate_limit", retryAfterMs: 3_500 },
];
