// AWS Bedrock (SDK v3 service exceptions), Groq, Mistral, OpenRouter and DeepSeek error shapes.
import { NOW, errorWith, type ClassifierCase } from "./case.js";

/** An AWS SDK v3 ServiceException: name, $fault, $metadata.httpStatusCode, message. */
const aws = (name: string, httpStatusCode: number, message: string): unknown =>
  errorWith(name, message, { $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode, requestId: "4c7f0000-0000", attempts: 1, totalRetryDelay: 0 } });

export const bedrockGroqMistralOpenRouterCases: readonly ClassifierCase[] = [
  // source: docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html#API_runtime_InvokeModel_Errors
  { name: "Bedrock: ThrottlingException", input: aws("ThrottlingException", 429, "Too many requests, please wait before trying again."), category: "rate_limit", status: 429 },
  // source: same page (ServiceQuotaExceededException)
  { name: "Bedrock: ServiceQuotaExceededException", input: aws("ServiceQuotaExceededException", 400, "Your request exceeds the service quota for your account. You can view your quotas at Viewing service quotas. You can resubmit your request later."), category: "quota_exhausted" },
  // source: same page (ModelNotReadyException, 429)
  { name: "Bedrock: ModelNotReadyException", input: aws("ModelNotReadyException", 429, "Model is not ready for inference. Wait and try your request again."), category: "model_unavailable" },
  // source: same page (ModelTimeoutException, 408)
  { name: "Bedrock: ModelTimeoutException", input: aws("ModelTimeoutException", 408, "The request took too long to process. Processing time exceeded the model timeout length."), category: "timeout" },
  // source: same page (ValidationException "Input is too long for requested model")
  { name: "Bedrock: ValidationException for an over-long input", input: aws("ValidationException", 400, "Input is too long for requested model."), category: "context_too_long" },
  // source: same page (ValidationException for a bad model id)
  { name: "Bedrock: ValidationException for an invalid model identifier", input: aws("ValidationException", 400, "The provided model identifier is invalid."), category: "model_unavailable" },
  // source: same page (ValidationException, other)
  { name: "Bedrock: ValidationException for a malformed request", input: aws("ValidationException", 400, "Malformed input request: #: required key [messages] not found, please reformat your input and try again."), category: "invalid_request" },
  // source: same page (AccessDeniedException, 403)
  { name: "Bedrock: AccessDeniedException", input: aws("AccessDeniedException", 403, "You don't have access to the model with the specified model ID."), category: "auth_failed" },
  // source: same page (ServiceUnavailableException, 503)
  { name: "Bedrock: ServiceUnavailableException", input: aws("ServiceUnavailableException", 503, "Service is unavailable. Try again later."), category: "server_overload" },
  // source: same page (InternalServerException, 500)
  { name: "Bedrock: InternalServerException", input: aws("InternalServerException", 500, "The server encountered an internal error while processing the request."), category: "server_error" },
  // source: same page (ModelErrorException, 424)
  { name: "Bedrock: ModelErrorException", input: aws("ModelErrorException", 424, "The request failed due to an error while processing the model."), category: "server_error" },
  // source: same page (ResourceNotFoundException, 404)
  { name: "Bedrock: ResourceNotFoundException", input: aws("ResourceNotFoundException", 404, "Could not resolve the foundation model from the provided model identifier."), category: "model_unavailable" },
  // source: docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html (ModelStreamErrorException)
  { name: "Bedrock: ModelStreamErrorException for an over-long input", input: aws("ModelStreamErrorException", 424, "Input is too long for this model"), category: "context_too_long" },
  // source: docs.aws.amazon.com/STS common errors (UnrecognizedClientException, 403)
  { name: "Bedrock: UnrecognizedClientException", input: aws("UnrecognizedClientException", 403, "The security token included in the request is invalid."), category: "auth_failed" },
  // source: openclaw failover corpus (Bedrock error serialised as "ThrottlingException: …")
  { name: "Bedrock: serialised token throttle", input: "ThrottlingException: Too many tokens, please wait before trying again.", category: "rate_limit" },
  // source: console.groq.com/docs/rate-limits (429 + retry-after + x-ratelimit-reset-* duration headers)
  {
    name: "Groq: 429 TPM with retry-after and reset headers",
    input: { status: 429, headers: { "retry-after": "2", "x-ratelimit-reset-requests": "2m59.56s", "x-ratelimit-reset-tokens": "7.66s" }, error: { message: "Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5873, Requested 1450. Please try again in 13.23s. Visit https://console.groq.com/docs/rate-limits for more information.", type: "tokens", code: "rate_limit_exceeded" } },
    category: "rate_limit",
    retryAfterMs: 2_000,
  },
  // source: console.groq.com/docs/errors ("Please try again in 2.5s")
  { name: "Groq: try-again hint in the message", input: { error: { message: "Rate limit reached for model `llama3-8b-8192` on requests per minute (RPM): Limit 30, Used 30, Requested 1. Please try again in 2.5s.", type: "requests", code: "rate_limit_exceeded" } }, category: "rate_limit", retryAfterMs: 2_500 },
  // source: console.groq.com/docs/rate-limits (x-ratelimit-remaining-requests: 0 → requests reset decides)
  { name: "Groq: exhausted requests window decides the reset", input: { status: 429, headers: { "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "2m59.56s", "x-ratelimit-remaining-tokens": "5000", "x-ratelimit-reset-tokens": "7.66s" } }, category: "rate_limit", retryAfterMs: 179_560 },
  // source: console.groq.com/docs/rate-limits (TPD limit with an upgrade link that mentions billing)
  { name: "Groq: tokens-per-day limit stays a rate limit", input: { status: 429, error: { message: "Rate limit reached for model `llama-3.1-8b-instant` in organization `org_01` service tier `on_demand` on tokens per day (TPD): Limit 100000, Used 99626, Requested 1021. Please try again in 9m17.28s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing", type: "tokens", code: "rate_limit_exceeded" } }, category: "rate_limit", retryAfterMs: 557_280 },
  // source: console.groq.com/docs/deprecations (model_decommissioned)
  { name: "Groq: model_decommissioned", input: { status: 400, error: { message: "The model `mixtral-8x7b-32768` has been decommissioned and is no longer supported. Please refer to https://console.groq.com/docs/deprecations for a recommendation on which model to use instead.", type: "invalid_request_error", code: "model_decommissioned" } }, category: "model_unavailable" },
  // source: console.groq.com/docs/errors (503 Service Unavailable)
  { name: "Groq: 503 service unavailable", input: "503 Service Unavailable: The server is temporarily unable to handle the request due to overloading or maintenance.", category: "server_overload", status: 503 },
  // source: console.groq.com/docs/errors (498 Flex Tier Capacity Exceeded)
  { name: "Groq: 498 flex tier capacity exceeded", input: { status: 498, error: { message: "Flex tier capacity exceeded. This is a known issue and we're working on a fix. Please try again later.", type: "capacity_exceeded" } }, category: "server_overload" },
  // source: docs.mistral.ai/api (429 {"object":"error","type":"rate_limited"})
  { name: "Mistral: 429 rate_limited", input: { status: 429, body: { object: "error", message: "Requests rate limit exceeded", type: "rate_limited", param: null, code: "1300" } }, category: "rate_limit" },
  // source: mistralai/client-ts SDKError ("API error occurred: Status 429\nBody: …")
  { name: "Mistral SDK: SDKError with status and body text", input: errorWith("SDKError", 'API error occurred: Status 429\nBody: {"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}', { statusCode: 429 }), category: "rate_limit", status: 429 },
  // source: docs.mistral.ai (401 {"message":"Unauthorized"})
  { name: "Mistral: 401 Unauthorized", input: { status: 401, body: { message: "Unauthorized", request_id: "abc" } }, category: "auth_failed" },
  // source: mistral-common issues ("too large for model with 32768 maximum context length")
  { name: "Mistral: prompt too large for the context", input: { status: 400, body: { object: "error", message: "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length", type: "invalid_request_error" } }, category: "context_too_long" },
  // source: docs.mistral.ai (422 validation error with a structured message)
  { name: "Mistral: 422 validation detail", input: { status: 422, body: { object: "error", message: { detail: [{ type: "missing", loc: ["body", "messages"], msg: "Field required", input: null }] }, type: "invalid_request_error", param: null, code: null } }, category: "invalid_request" },
  // source: openrouter.ai/docs/api-reference/errors (402 insufficient credits)
  { name: "OpenRouter: 402 requires more credits", input: { error: { code: 402, message: "This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, but can only afford 1000. To increase, visit https://openrouter.ai/settings/credits and upgrade to a paid account" } }, category: "quota_exhausted", status: 402 },
  // source: openrouter.ai/docs/api-reference/errors (upstream 429 in metadata.raw)
  { name: "OpenRouter: upstream provider rate-limited", input: { error: { code: 429, message: "Provider returned error", metadata: { raw: "google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations", provider_name: "Google AI Studio" } } }, category: "rate_limit" },
  // source: openrouter.ai/docs/api-reference/errors (502 provider down, raw JSON from the provider)
  { name: "OpenRouter: 502 provider returned error", input: { error: { code: 502, message: "Provider returned error", metadata: { raw: '{"error":{"message":"upstream connect error or disconnect/reset before headers"}}', provider_name: "DeepInfra" } } }, category: "server_error" },
  // source: openrouter.ai/docs/api-reference/errors (503 no available provider)
  { name: "OpenRouter: 503 no instances available", input: { error: { code: 503, message: "No instances available" } }, category: "server_overload" },
  // source: openrouter.ai/docs/api-reference/limits (X-RateLimit-Reset epoch milliseconds)
  {
    name: "OpenRouter: daily free-model limit with an epoch-ms reset",
    input: { error: { code: 429, message: "Rate limit exceeded: free-models-per-day. Add 10 credits to unlock 1000 free model requests per day", metadata: { headers: { "X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(NOW + 7 * 3_600_000) } } } },
    category: "rate_limit",
    retryAfterMs: 7 * 3_600_000,
  },
  // source: openrouter.ai/docs/api-reference/errors (400 invalid model id)
  { name: "OpenRouter: invalid model id", input: { error: { code: 400, message: "openai/gpt-9 is not a valid model ID" } }, category: "model_unavailable" },
  // source: openrouter.ai/docs/api-reference/errors (403 moderation flagged input)
  { name: "OpenRouter: 403 input flagged by moderation", input: { error: { code: 403, message: "Your chosen model requires moderation and your input was flagged", metadata: { reasons: ["violence"], flagged_input: "..." } } }, category: "invalid_request" },
  // source: openrouter.ai/docs/api-reference/errors (404 no endpoints)
  { name: "OpenRouter: no endpoints found", input: { error: { code: 404, message: "No endpoints found for meta-llama/llama-3-8b-instruct:free." } }, category: "model_unavailable" },
  // source: openrouter.ai/docs/api-reference/errors (408 timed out)
  { name: "OpenRouter: 408 request timed out", input: { error: { code: 408, message: "Request timed out" } }, category: "timeout" },
  // source: api-docs.deepseek.com/quick_start/error_codes (402 Insufficient Balance)
  { name: "DeepSeek: 402 insufficient balance", input: { status: 402, error: { message: "Insufficient Balance", type: "unknown_error", param: null, code: "invalid_request_error" } }, category: "quota_exhausted" },
  // source: api-docs.deepseek.com/quick_start/error_codes (401 Authentication Fails)
  { name: "DeepSeek: 401 authentication fails", input: { error: { message: "Authentication Fails, Your api key: ****abcd is invalid", type: "authentication_error", param: null, code: "invalid_request_error" } }, category: "auth_failed" },
  // source: api-docs.deepseek.com/quick_start/error_codes (422 Invalid Parameters)
  { name: "DeepSeek: 422 invalid parameters", input: "422 Invalid Parameters: max_tokens must be less than or equal to 8192", category: "invalid_request" },
  // source: api-docs.deepseek.com/quick_start/error_codes (429 Rate Limit Reached)
  { name: "DeepSeek: 429 rate limit reached", input: { status: 429, error: { message: "Rate Limit Reached" } }, category: "rate_limit" },
  // source: api-docs.deepseek.com/quick_start/error_codes (503 Server Overloaded)
  { name: "DeepSeek: 503 server overloaded", input: "503 Server Overloaded: The server is overloaded due to high traffic.", category: "server_overload" },
  // source: api-docs.deepseek.com/quick_start/error_codes (500 Server Error)
  { name: "DeepSeek: 500 server error", input: { status: 500, error: { message: "Server Error: Our server encounters an issue." } }, category: "server_error" },
  // source: DeepSeek context overflow body (invalid_request_error, maximum context length)
  { name: "DeepSeek: maximum context length", input: { error: { message: "This model's maximum context length is 65536 tokens. However, you requested 70000 tokens (60000 in the messages, 10000 in the completion). Please reduce the length of the messages or completion.", type: "invalid_request_error", param: null, code: "invalid_request_error" } }, category: "context_too_long" },
];
