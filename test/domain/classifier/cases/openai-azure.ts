// OpenAI and Azure OpenAI error shapes (API bodies, openai-node SDK errors, Python SDK strings).
import { errorWith, headersLike, type ClassifierCase } from "./case.js";

export const openaiAzureCases: readonly ClassifierCase[] = [
  // source: platform.openai.com/docs/guides/error-codes (401 Invalid Authentication); openai-node AuthenticationError fields
  {
    name: "OpenAI: 401 invalid_api_key",
    input: errorWith("AuthenticationError", "401 Incorrect API key provided: sk-abc123****************************wxyz.", {
      status: 401,
      error: { message: "Incorrect API key provided: sk-abc123****************************wxyz. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", param: null, code: "invalid_api_key" },
      code: "invalid_api_key",
    }),
    category: "auth_failed",
    status: 401,
  },
  // source: platform.openai.com/docs/guides/rate-limits (429 body + x-ratelimit-* and retry-after headers)
  {
    name: "OpenAI: 429 requests-per-minute limit with retry-after header",
    input: {
      status: 429,
      headers: { "retry-after": "20", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "20s" },
      error: { message: "Rate limit reached for gpt-4o in organization org-xyz on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits to learn more.", type: "requests", param: null, code: "rate_limit_exceeded" },
    },
    category: "rate_limit",
    retryAfterMs: 20_000,
    status: 429,
  },
  // source: platform.openai.com/docs/guides/rate-limits ("Please try again in 6ms" TPM message, no headers)
  {
    name: "OpenAI: 429 tokens-per-minute limit with a millisecond hint in the text",
    input: { status: 429, error: { message: "Rate limit reached for gpt-4 in organization org-x on tokens per min (TPM): Limit 10000, Used 9000, Requested 2000. Please try again in 6ms.", type: "tokens", code: "rate_limit_exceeded" } },
    category: "rate_limit",
    retryAfterMs: 6,
  },
  // source: platform.openai.com/docs/guides/error-codes (429 "You exceeded your current quota")
  {
    name: "OpenAI: 429 insufficient_quota",
    input: { status: 429, error: { message: "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.", type: "insufficient_quota", param: null, code: "insufficient_quota" } },
    category: "quota_exhausted",
  },
  // source: openai-python issue threads quoting "This model's maximum context length is … tokens" (code context_length_exceeded)
  {
    name: "OpenAI: 400 context_length_exceeded",
    input: { status: 400, error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.", type: "invalid_request_error", param: "messages", code: "context_length_exceeded" } },
    category: "context_too_long",
  },
  // source: platform.openai.com/docs/guides/error-codes (404 model does not exist)
  {
    name: "OpenAI: 404 model_not_found",
    input: { status: 404, error: { message: "The model `gpt-5-turbo` does not exist or you do not have access to it.", type: "invalid_request_error", param: null, code: "model_not_found" } },
    category: "model_unavailable",
  },
  // source: platform.openai.com/docs/guides/error-codes (500 "The server had an error while processing your request")
  {
    name: "OpenAI: 500 server_error",
    input: { status: 500, error: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", param: null, code: null } },
    category: "server_error",
  },
  // source: platform.openai.com/docs/guides/error-codes (503 "The engine is currently overloaded")
  {
    name: "OpenAI: 503 engine overloaded",
    input: { status: 503, error: { message: "The engine is currently overloaded, please try again later.", type: "server_error" } },
    category: "server_overload",
  },
  // source: platform.openai.com/docs/guides/error-codes (content_policy_violation, images/moderation)
  {
    name: "OpenAI: 400 content_policy_violation",
    input: { status: 400, error: { message: "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.", type: "invalid_request_error", code: "content_policy_violation" } },
    category: "invalid_request",
  },
  // source: platform.openai.com/docs/guides/error-codes (403 Country, region, or territory not supported)
  {
    name: "OpenAI: 403 unsupported_country_region_territory",
    input: { status: 403, error: { code: "unsupported_country_region_territory", message: "Country, region, or territory not supported", param: null, type: "request_forbidden" } },
    category: "auth_failed",
  },
  // source: openai-node src/core/error.ts (APIConnectionError "Connection error." wrapping undici's fetch failed)
  {
    name: "openai-node: APIConnectionError caused by ECONNRESET",
    input: errorWith("APIConnectionError", "Connection error.", { cause: errorWith("TypeError", "fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" }) }) }),
    category: "network_error",
  },
  // source: openai-node src/core/error.ts (APIConnectionTimeoutError "Request timed out.")
  {
    name: "openai-node: APIConnectionTimeoutError",
    input: errorWith("APIConnectionTimeoutError", "Request timed out."),
    category: "timeout",
  },
  // source: openai-node src/core/error.ts (APIUserAbortError "Request was aborted.") — the caller cancelled
  {
    name: "openai-node: APIUserAbortError is a cancel",
    input: errorWith("APIUserAbortError", "Request was aborted."),
    category: "aborted",
  },
  // source: openai-python README "Handling errors" (str(e) of RateLimitError: "Error code: 429 - {...}")
  {
    name: "openai-python: string form of an insufficient_quota RateLimitError",
    input: "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}",
    category: "quota_exhausted",
    status: 429,
  },
  // source: openai-node retry logic (retry-after-ms beats retry-after), Headers object from fetch
  {
    name: "OpenAI: retry-after-ms header on a Headers object wins over retry-after",
    input: { status: 429, headers: headersLike({ "Retry-After-Ms": "1500", "Retry-After": "2" }), error: { code: "rate_limit_exceeded", message: "Rate limit reached" } },
    category: "rate_limit",
    retryAfterMs: 1_500,
  },
  // source: platform.openai.com/docs/api-reference/responses-streaming (error event)
  {
    name: "OpenAI Responses: streamed error event with a rate limit",
    input: { type: "error", code: "rate_limit_exceeded", message: "Rate limit reached for gpt-4.1 on tokens per min (TPM). Please try again in 1.2s.", param: null, sequence_number: 1 },
    category: "rate_limit",
    retryAfterMs: 1_200,
  },
  // source: platform.openai.com/docs/api-reference/responses-streaming (response.failed with server_error)
  {
    name: "OpenAI Responses: response.failed with server_error",
    input: { type: "response.failed", response: { status: "failed", error: { code: "server_error", message: "An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists." } } },
    category: "server_error",
  },
  // source: platform.openai.com/docs/guides/error-codes (images: billing_hard_limit_reached)
  {
    name: "OpenAI: billing_hard_limit_reached",
    input: { status: 400, error: { code: "billing_hard_limit_reached", message: "Billing hard limit has been reached", type: "invalid_request_error" } },
    category: "quota_exhausted",
  },
  // source: platform.openai.com/docs/guides/rate-limits (x-ratelimit-reset-tokens "6m0s" when tokens are exhausted)
  {
    name: "OpenAI: exhausted token window reset from x-ratelimit headers",
    input: { status: 429, headers: { "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "6m0s", "x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s" }, error: { code: "rate_limit_exceeded" } },
    category: "rate_limit",
    retryAfterMs: 360_000,
  },
  // source: Cloudflare-fronted api.openai.com 502 page seen in openai-node issues
  {
    name: "OpenAI: 502 Cloudflare HTML page",
    input: { status: 502, headers: { "content-type": "text/html" }, body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>" },
    category: "server_error",
  },
  // source: learn.microsoft.com/azure/ai-services/openai/quotas-limits (429 "Please retry after N seconds")
  {
    name: "Azure OpenAI: 429 call rate limit with retry text",
    input: { error: { code: "429", message: "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-02-01 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit." } },
    category: "rate_limit",
    retryAfterMs: 6_000,
    status: 429,
  },
  // source: learn.microsoft.com/azure/ai-services/openai/reference (retry-after-ms response header)
  {
    name: "Azure OpenAI: retry-after-ms header",
    input: { status: 429, headers: { "retry-after-ms": "5500", "retry-after": "6" }, error: { code: "429", message: "Rate limit is exceeded. Try again in 6 seconds." } },
    category: "rate_limit",
    retryAfterMs: 5_500,
  },
  // source: learn.microsoft.com/azure/ai-services/openai/how-to/working-with-models (DeploymentNotFound)
  {
    name: "Azure OpenAI: DeploymentNotFound",
    input: { status: 404, error: { code: "DeploymentNotFound", message: "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again." } },
    category: "model_unavailable",
  },
  // source: learn.microsoft.com/azure/ai-services/openai/concepts/content-filter (400 content_filter, innererror)
  {
    name: "Azure OpenAI: 400 content_filter",
    input: { status: 400, error: { message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.", type: null, param: "prompt", code: "content_filter", status: 400, innererror: { code: "ResponsibleAIPolicyViolation", content_filter_result: { hate: { filtered: true, severity: "high" } } } } },
    category: "invalid_request",
  },
  // source: learn.microsoft.com/azure/ai-services/openai (401 "Access denied due to invalid subscription key")
  {
    name: "Azure OpenAI: 401 invalid subscription key",
    input: { error: { code: "401", message: "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource." } },
    category: "auth_failed",
  },
  // source: Azure OpenAI context_length_exceeded (same body as OpenAI)
  {
    name: "Azure OpenAI: 400 context_length_exceeded",
    input: { status: 400, error: { code: "context_length_exceeded", message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens." } },
    category: "context_too_long",
  },
  // source: learn.microsoft.com/azure/ai-services/openai (OperationNotSupported 400)
  {
    name: "Azure OpenAI: OperationNotSupported is a bad request",
    input: { status: 400, error: { code: "OperationNotSupported", message: "The chatCompletion operation does not work with the specified model, text-embedding-ada-002. Please choose different model and try again." } },
    category: "invalid_request",
  },
  // source: Azure OpenAI 500 body (openai-python issues)
  {
    name: "Azure OpenAI: 500 internal error",
    input: { status: 500, error: { code: "InternalServerError", message: "The server had an error processing your request." } },
    category: "server_error",
  },
];
