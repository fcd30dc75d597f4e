// The error taxonomy shared by the classifier, the machines, the journal and the CLI (../shared/DESIGN.md).

export const CATEGORIES = [
  "rate_limit",
  "quota_exhausted",
  "server_overload",
  "server_error",
  "timeout",
  "network_error",
  "auth_failed",
  "model_unavailable",
  "context_too_long",
  "invalid_request",
  "aborted",
  "unknown",
] as const;

export type Category = (typeof CATEGORIES)[number];

const RETRYABLE: ReadonlySet<Category> = new Set<Category>([
  "rate_limit",
  "quota_exhausted",
  "server_overload",
  "server_error",
  "timeout",
  "network_error",
  "model_unavailable",
]);

/** Failures that say nothing about the model's health: they never cool a model down. */
const HEALTH_NEUTRAL: ReadonlySet<Category> = new Set<Category>(["aborted", "context_too_long", "invalid_request"]);

/** Failures that disable a model until a reset time or a manual clear, rather than cooling it down. */
const DISABLING: ReadonlySet<Category> = new Set<Category>(["auth_failed", "quota_exhausted"]);

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && (CATEGORIES as readonly string[]).includes(value);
}

export function isRetryable(category: Category): boolean {
  return RETRYABLE.has(category);
}

export function countsAgainstModel(category: Category): boolean {
  return !HEALTH_NEUTRAL.has(category);
}

export function disablesModel(category: Category): boolean {
  return DISABLING.has(category);
}

/** What a classifier returns for any error-like value. */
export interface Classification {
  readonly category: Category;
  readonly retryable: boolean;
  /** How long the provider asked us to wait, in ms (never negative). */
  readonly retryAfterMs?: number;
  /** When the provider says the limit resets, ISO-8601. */
  readonly resetAt?: string;
  /** Short human-readable explanation of which evidence decided the category. */
  readonly evidence: string;
  /** HTTP status, when one was found. */
  readonly status?: number;
}
