// What a sick provider answers, per error category, as OpenClaw 2026.9.6 reports it (research/e2e-harness.md §6).
import type { Category } from "../../domain/taxonomy.js";

/** How OpenClaw's runner treats a failed attempt before it moves on (research/openclaw-api.md §4.5). */
export type RetryClass = "rate_limit" | "transient" | "hang" | "none";

export interface Fault {
  /** http: an error response; stall: headers then silence; hang: no headers at all; reset: connection reset. */
  readonly kind: "http" | "stall" | "hang" | "reset" | "abort";
  readonly category: Category;
  readonly status?: number;
  /** agent_end's last assistant message `errorMessage` (starts with the HTTP status for http faults). */
  readonly errorMessage: string;
  readonly errorCode?: string;
  readonly errorType?: string;
  /** OpenClaw's FailoverReason spelling (lifecycle `errorObservation.failoverReason`). */
  readonly failoverReason: string;
  readonly runtimeKind: string;
  /** The user-facing text of lifecycle `finishing.error`. */
  readonly userText: string;
  readonly retry: RetryClass;
  /** Whether OpenClaw moves on to the next fallback candidate after this failure. */
  readonly advances: boolean;
  /** model_call_ended `failureKind` (only timeouts, resets and aborts carry one). */
  readonly failureKind?: "timeout" | "connection_reset" | "aborted";
  /** Seconds the provider asks to wait (Retry-After), if any. */
  readonly retryAfterS?: number;
}

export interface FaultInput {
  readonly category: Category;
  readonly model: string;
  readonly status?: number | undefined;
  readonly retryAfterS?: number | undefined;
}

function suffix(retryAfterS: number | undefined): string {
  return retryAfterS === undefined ? "" : `; Retry-After: ${retryAfterS} seconds`;
}

function http(status: number, text: string, rest: Omit<Fault, "kind" | "status" | "errorMessage">): Fault {
  return { kind: "http", status, errorMessage: `${status} ${text}${suffix(rest.retryAfterS)}`, ...rest };
}

/** The provider's answer to one request while `category` is in force. */
export function faultFor(input: FaultInput): Fault {
  const { category, model } = input;
  const ra = input.retryAfterS;
  const hint = ra === undefined ? {} : { retryAfterS: ra };
  const slash = model.indexOf("/");
  const provider = slash > 0 ? model.slice(0, slash) : model;
  const modelId = slash > 0 ? model.slice(slash + 1) : model;
  switch (category) {
    case "rate_limit": {
      const text = "Rate limit reached for requests. Please try again later.";
      return http(input.status ?? 429, text, {
        category, errorCode: "rate_limit_exceeded", errorType: "rate_limit_error", failoverReason: "rate_limit",
        runtimeKind: "rate_limit", userText: `⚠️ ${text}${suffix(ra)}`, retry: "rate_limit", advances: true, ...hint,
      });
    }
    case "quota_exhausted": {
      const status = input.status ?? 429;
      const text = status === 402
        ? "Insufficient credits: your credit balance is too low."
        : "You exceeded your current quota, please check your plan and billing details.";
      return http(status, text, {
        category, errorCode: "insufficient_quota", errorType: "insufficient_quota", failoverReason: "billing", runtimeKind: "unclassified",
        userText: `⚠️ ${provider} (${modelId}) returned a billing error — your API key has run out of credits or has an insufficient balance. Check your provider's billing dashboard and top up or switch to a different API key.`,
        retry: "none", advances: true, ...hint,
      });
    }
    case "server_overload": {
      const status = input.status ?? 503;
      const text = status === 529 ? "Overloaded" : "The server is overloaded or not ready yet.";
      return http(status, text, {
        category, errorCode: status === 529 ? "overloaded_error" : "service_unavailable", errorType: "server_error", failoverReason: "overloaded",
        runtimeKind: "timeout", userText: "The AI service is temporarily overloaded. Please try again in a moment.", retry: "transient", advances: true, ...hint,
      });
    }
    case "server_error": {
      const status = input.status ?? 500;
      const text = status === 502 ? "Bad gateway." : status === 504 ? "Gateway timeout." : "Internal server error.";
      return http(status, text, {
        category, errorCode: "internal_error", errorType: "server_error", failoverReason: status === 504 ? "timeout" : "server_error", runtimeKind: "timeout",
        userText: `⚠️ ${model} request failed (provider internal error, HTTP ${status}). This is usually temporary — try again shortly.`,
        retry: "transient", advances: true, ...hint,
      });
    }
    case "timeout":
      return {
        kind: "stall", category, errorMessage: "request timed out", failoverReason: "timeout", runtimeKind: "timeout",
        userText: "LLM request timed out.", retry: "transient", advances: true, failureKind: "timeout",
      };
    case "network_error":
      return {
        kind: "reset", category, errorMessage: "Connection error.", errorCode: "ECONNRESET", failoverReason: "timeout", runtimeKind: "timeout",
        userText: "LLM request failed: network connection was interrupted.", retry: "transient", advances: true, failureKind: "connection_reset",
      };
    case "auth_failed": {
      const status = input.status ?? 401;
      const text = status === 403 ? "Permission denied: this API key is not allowed to use this model." : "Incorrect API key provided.";
      return http(status, text, {
        category, errorCode: status === 403 ? "permission_denied" : "invalid_api_key", errorType: status === 403 ? "permission_error" : "invalid_request_error",
        failoverReason: "auth", runtimeKind: "auth_invalid_token",
        userText: `Authentication failed (provider returned HTTP ${status}). Your provider token may have expired — try the request again in a moment. If the failure persists, re-authenticate this provider.`,
        retry: "none", advances: true,
      });
    }
    case "model_unavailable":
      return http(input.status ?? 404, `The model \`${modelId}\` does not exist or you do not have access to it.`, {
        category, errorCode: "model_not_found", errorType: "invalid_request_error", failoverReason: "model_not_found", runtimeKind: "unclassified",
        userText: "The selected model was not found by the provider. Check the model id or choose a different model.", retry: "none", advances: true,
      });
    case "context_too_long":
      return http(input.status ?? 400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens.", {
        category, errorCode: "context_length_exceeded", errorType: "invalid_request_error", failoverReason: "context_overflow", runtimeKind: "unclassified",
        userText: "Context overflow: prompt too large for the model. Try /reset (or /new) to start a fresh session, or use a larger-context model.",
        retry: "none", advances: false,
      });
    case "invalid_request":
      return http(input.status ?? 400, 'Invalid request: messages: roles must alternate between "user" and "assistant".', {
        category, errorCode: "invalid_request_error", errorType: "invalid_request_error", failoverReason: "format", runtimeKind: "unclassified",
        userText: "LLM request failed.", retry: "none", advances: true,
      });
    case "aborted":
      return {
        kind: "abort", category, errorMessage: "Request was aborted.", failoverReason: "unknown", runtimeKind: "unclassified",
        userText: "Request was aborted.", retry: "none", advances: false, failureKind: "aborted",
      };
    case "unknown":
      return {
        kind: "http", category, errorMessage: "An unknown error occurred", failoverReason: "unknown", runtimeKind: "unclassified",
        userText: "LLM request failed with an unknown error.", retry: "none", advances: true,
      };
  }
}

/** A hung provider: no response headers until OpenClaw's idle timeout. */
export function hangFault(): Fault {
  return {
    kind: "hang", category: "timeout", errorMessage: "request timed out", failoverReason: "timeout", runtimeKind: "timeout",
    userText: "LLM request timed out.", retry: "hang", advances: true, failureKind: "timeout",
  };
}

export const BREAKER_TEXT =
  "Idle-timeout cost-runaway breaker tripped: 5 consecutive idle timeouts without completed model progress (cap=5). Halting further attempts to bound paid model calls. See issue #76293.";
