// HTTP status → category, refined by the response body's wording; and statuses spelled inside text.
import type { Category } from "../taxonomy.js";
import { collapseWhitespace } from "./redact.js";
import type { TextFamily, TextProfile } from "./text-rules.js";

export interface StatusVerdict {
  readonly category: Category;
  /** The body wording that refined the status, when one did. */
  readonly refinedBy?: TextFamily;
}

const refined = (category: Category, refinedBy: TextFamily): StatusVerdict => ({ category, refinedBy });
const plain = (category: Category): StatusVerdict => ({ category });

/** The first family of `families` present in the body, mapped to its category. */
function firstOf(text: TextProfile, families: readonly (readonly [TextFamily, Category])[]): StatusVerdict | undefined {
  for (const [family, category] of families) {
    const hit = family === "quota" ? text.quotaExhausted() : text.has(family);
    if (hit) return refined(category, family);
  }
  return undefined;
}

const BAD_REQUEST_REFINEMENTS: readonly (readonly [TextFamily, Category])[] = [
  ["context", "context_too_long"],
  ["contentFilter", "invalid_request"],
  ["quota", "quota_exhausted"],
  ["auth", "auth_failed"],
  ["modelMissing", "model_unavailable"],
  ["rate", "rate_limit"],
];

/**
 * Category for an error status (4xx/5xx), or undefined for statuses that are not errors.
 * Cloudflare's 52x pages: 522/524 are origin timeouts, 520/521/523/525/526 origin failures.
 */
export function categoryForStatus(status: number, text: TextProfile): StatusVerdict | undefined {
  if (!Number.isInteger(status) || status < 400 || status > 599) return undefined;
  switch (status) {
    case 400:
    case 422:
      return firstOf(text, BAD_REQUEST_REFINEMENTS) ?? plain("invalid_request");
    case 401:
      return firstOf(text, [["quota", "quota_exhausted"]]) ?? plain("auth_failed");
    case 402:
      return plain("quota_exhausted");
    case 403:
      return (
        firstOf(text, [
          ["quota", "quota_exhausted"],
          ["modelMissing", "model_unavailable"],
          ["contentFilter", "invalid_request"],
        ]) ?? (text.has("rate") && !text.has("auth") ? refined(text.refineRateLimit(), "rate") : plain("auth_failed"))
      );
    case 404:
      return firstOf(text, [["context", "context_too_long"], ["session", "invalid_request"]]) ?? plain("model_unavailable");
    case 408:
    case 499:
    case 504:
    case 522:
    case 524:
    case 598:
    case 599:
      return plain("timeout");
    case 409:
      return plain("server_error");
    case 410:
      return firstOf(text, [["session", "invalid_request"]]) ?? plain("model_unavailable");
    case 413:
      return plain("context_too_long");
    case 429:
      return text.quotaExhausted() ? refined("quota_exhausted", "quota") : plain("rate_limit");
    case 503:
    case 529:
      return plain("server_overload");
    default:
      break;
  }
  if (status >= 500) {
    return firstOf(text, [["context", "context_too_long"], ["overload", "server_overload"]]) ?? plain("server_error");
  }
  return (
    firstOf(text, [
      ["context", "context_too_long"],
      ["overload", "server_overload"],
    ]) ?? (text.has("rate") ? refined(text.refineRateLimit(), "rate") : plain("invalid_request"))
  );
}

const TEXT_STATUS_RES: readonly RegExp[] = [
  // "429 Rate limit reached…" (OpenClaw's errorMessage prefix), "Error: 503 Service Unavailable".
  /^[⚠️\s]*(?:error:? ?)?([45]\d\d)\b(?![\d.,:]\d)(?!\s*(?:tokens?|ms|s|sec|seconds?|minutes?|requests?|records?|bytes|chars?|characters|items|rpm|tpm)\b)/i,
  // "HTTP 429", "status code 400", "status: 503", "Error code: 429", `"code": 429`, "response code=500".
  /\b(?:https?|http[ _-]?status|status(?:[ _-]?code)?|response[ _-]?code|error[ _-]?code)\b["']? ?(?:[:=#] ?)?["']?([1-5]\d\d)\b(?![\d.])/i,
  /["'](?:status|code|statusCode|status_code)["']\s*:\s*["']?([45]\d\d)\b(?![\d.])/,
  // "HTTP/1.1 503 Service Unavailable".
  /\bHTTP\/\d(?:\.\d)?\s+([1-5]\d\d)\b/i,
  // "API error (429):", "returned 402", "failed with 500", "got a 503".
  /\b(?:error|failed|returned|got|received|with)\s*(?:a\s+|status\s+)?\(?([45]\d\d)\)?(?=[\s:.,)]|$)(?!\s*(?:tokens?|records?|bytes|items|ms|seconds?)\b)/i,
  // A status followed by its reason phrase anywhere: "[429 Too Many Requests]", "HTTPError: 503 Server Error".
  /\b([45]\d\d)\s+(?:Client Error|Server Error|Too Many Requests|Bad Request|Unauthorized|Forbidden|Not Found|Payment Required|Request Timeout|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out|Request Entity Too Large|Payload Too Large|Unprocessable Entity|Conflict|Gone)\b/i,
  // HTML error pages: "<title>502 Bad Gateway</title>", Cloudflare's "Error code 524".
  /<title>[^<]{0,40}?\b([45]\d\d)\b/i,
];

/** An HTTP status spelled in text, or undefined. */
export function statusFromText(text: string): number | undefined {
  const head = collapseWhitespace(text.length > 4_096 ? text.slice(0, 4_096) : text);
  for (const re of TEXT_STATUS_RES) {
    const m = re.exec(head);
    if (m?.[1]) {
      const status = Number(m[1]);
      if (status >= 400 && status <= 599) return status;
    }
  }
  return undefined;
}
