// Transport failures (Node/undici, DOMException aborts, TLS), Ollama, and raw HTTP responses including CDN pages.
import { errorWith, headersLike, type ClassifierCase } from "./case.js";

const sysErr = (code: string, message: string, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { code, ...extra });

const domException = (name: string, message: string): unknown => {
  // Node's DOMException keeps `name` on the prototype; mirror that with a plain Error subclass instance.
  const e = new Error(message);
  Object.defineProperty(e, "name", { value: name });
  return e;
};

export const networkHttpCases: readonly ClassifierCase[] = [
  // source: github.com/ollama/ollama docs/api.md (404 {"error":"model … not found, try pulling it first"})
  { name: "Ollama: 404 model not found", input: { status: 404, body: { error: 'model "llama3:70b" not found, try pulling it first' } }, category: "model_unavailable" },
  // source: ollama CLI/server text
  { name: "Ollama: model not found as text", input: "model 'llama3' not found", category: "model_unavailable" },
  // source: nodejs undici: fetch failed with cause connect ECONNREFUSED (ollama not running)
  { name: "Ollama: connection refused through fetch", input: errorWith("TypeError", "fetch failed", { cause: sysErr("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:11434", { errno: -111, syscall: "connect", address: "127.0.0.1", port: 11434 }) }), category: "network_error" },
  // source: ollama issues ("llama runner process has terminated")
  { name: "Ollama: 500 runner terminated", input: { status: 500, body: '{"error":"llama runner process has terminated: signal: killed"}' }, category: "server_error" },
  // source: undici errors (HeadersTimeoutError code UND_ERR_HEADERS_TIMEOUT)
  { name: "undici: headers timeout", input: errorWith("TypeError", "fetch failed", { cause: Object.assign(errorWith("HeadersTimeoutError", "Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }) }), category: "timeout" },
  // source: undici errors (SocketError code UND_ERR_SOCKET "other side closed")
  { name: "undici: socket closed by the other side", input: errorWith("TypeError", "fetch failed", { cause: Object.assign(errorWith("SocketError", "other side closed"), { code: "UND_ERR_SOCKET" }) }), category: "network_error" },
  // source: undici ConnectTimeoutError
  { name: "undici: connect timeout", input: errorWith("TypeError", "fetch failed", { cause: Object.assign(errorWith("ConnectTimeoutError", "Connect Timeout Error (attempted address: api.openai.com:443, timeout: 10000ms)"), { code: "UND_ERR_CONNECT_TIMEOUT" }) }), category: "timeout" },
  // source: Node dns errors (getaddrinfo ENOTFOUND)
  { name: "Node: DNS lookup failed", input: sysErr("ENOTFOUND", "getaddrinfo ENOTFOUND api.anthropic.com", { errno: -3008, syscall: "getaddrinfo", hostname: "api.anthropic.com" }), category: "network_error" },
  // source: Node dns errors (EAI_AGAIN) in text form
  { name: "Node: temporary DNS failure in text", input: "Error: getaddrinfo EAI_AGAIN generativelanguage.googleapis.com", category: "network_error" },
  // source: Node net (autoSelectFamily AggregateError of ECONNREFUSED)
  { name: "Node: AggregateError of refused connections", input: Object.assign(new AggregateError([sysErr("ECONNREFUSED", "connect ECONNREFUSED ::1:8080"), sysErr("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:8080")], ""), { code: "ECONNREFUSED" }), category: "network_error" },
  // source: WHATWG DOM AbortSignal.timeout() → DOMException TimeoutError
  { name: "DOMException: TimeoutError from AbortSignal.timeout", input: domException("TimeoutError", "The operation was aborted due to timeout"), category: "timeout" },
  // source: WHATWG DOM AbortController.abort() → DOMException AbortError
  { name: "DOMException: AbortError from a user cancel", input: domException("AbortError", "This operation was aborted"), category: "aborted" },
  // source: fetch abort whose reason is a TimeoutError
  { name: "AbortError caused by a TimeoutError", input: Object.assign(domException("AbortError", "This operation was aborted") as object, { cause: domException("TimeoutError", "signal timed out") }), category: "timeout" },
  // source: openclaw src/agents/failover/error.ts (AbortError "Request was aborted" is a timeout)
  { name: "AbortError whose message says the request was aborted", input: domException("AbortError", "Request was aborted."), category: "timeout" },
  // source: Node streams (ERR_STREAM_PREMATURE_CLOSE, node-fetch FetchError)
  { name: "node-fetch: premature close", input: errorWith("FetchError", "Invalid response body while trying to fetch https://api.example.com/v1/chat/completions: Premature close", { type: "system", code: "ERR_STREAM_PREMATURE_CLOSE", errno: "ERR_STREAM_PREMATURE_CLOSE" }), category: "network_error" },
  // source: Node tls (CERT_HAS_EXPIRED)
  { name: "Node: expired TLS certificate", input: sysErr("CERT_HAS_EXPIRED", "certificate has expired"), category: "network_error" },
  // source: Node http ("socket hang up", ECONNRESET)
  { name: "Node: socket hang up", input: sysErr("ECONNRESET", "socket hang up"), category: "network_error" },
  // source: axios (ECONNABORTED "timeout of 60000ms exceeded")
  { name: "axios: ECONNABORTED timeout", input: errorWith("AxiosError", "timeout of 60000ms exceeded", { code: "ECONNABORTED" }), category: "timeout" },
  // source: developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors (520)
  { name: "Cloudflare: 520 unknown origin error", input: { status: 520, body: "<!DOCTYPE html><html><head><title>api.example.com | 520: Web server is returning an unknown error</title></head><body>Cloudflare</body></html>" }, category: "server_error" },
  // source: same (522 connection timed out)
  { name: "Cloudflare: 522 connection timed out", input: { status: 522, body: "<html><title>522: Connection timed out</title></html>" }, category: "timeout" },
  // source: same (524 a timeout occurred), page only without a status field
  { name: "Cloudflare: 524 page without a status field", input: '<!DOCTYPE html><html lang="en-US"><head><title>api.example.com | 524: A timeout occurred</title></head><body>Error code 524</body></html>', category: "timeout", status: 524 },
  // source: nginx 503 page
  { name: "nginx: 503 page", input: { status: 503, body: "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>" }, category: "server_overload" },
  // source: nginx 504 page
  { name: "nginx: 504 gateway time-out", input: { status: 504, body: "<html><head><title>504 Gateway Time-out</title></head><body></body></html>" }, category: "timeout" },
  // source: RFC 9110 §10.2.3 (Retry-After as an HTTP-date), fetch Headers
  { name: "HTTP: 503 with an HTTP-date Retry-After", input: { status: 503, headers: headersLike({ "Retry-After": "Thu, 02 Jul 2026 17:02:00 GMT" }) }, category: "server_overload", retryAfterMs: 120_000, resetAt: "2026-07-02T17:02:00.000Z" },
  // source: DESIGN.md done-when check
  { name: "HTTP: 429 with Retry-After seconds", input: { status: 429, headers: { "retry-after": "17" } }, category: "rate_limit", retryAfterMs: 17_000 },
  // source: RFC 9110 (header names are case-insensitive; array values from Node's IncomingHttpHeaders)
  { name: "HTTP: mixed-case header names and array values", input: { statusCode: 429, headers: { "RETRY-AFTER": ["3"] }, body: "Too Many Requests" }, category: "rate_limit", retryAfterMs: 3_000 },
  // source: HTTP 401 with a string body
  { name: "HTTP: 401 with a plain body", input: { status: 401, body: "Unauthorized" }, category: "auth_failed" },
  // source: HTTP 402
  { name: "HTTP: 402 payment required", input: { status: 402, body: { message: "Payment Required" } }, category: "quota_exhausted" },
  // source: HTTP 413 from a proxy
  { name: "HTTP: 413 from a proxy", input: { status: 413, body: "<html><head><title>413 Request Entity Too Large</title></head></html>" }, category: "context_too_long" },
  // source: HTTP 400 without a body
  { name: "HTTP: 400 without a body", input: { status: 400 }, category: "invalid_request" },
];
