// The built-in strategy set, written to strategies.json on first start and by `reset`.
import type { Strategy, StrategyDocument } from "./types.js";

const S = 1000;
const M = 60 * S;
const H = 60 * M;

export const DEFAULT_STRATEGIES: readonly Strategy[] = Object.freeze([
  { name: "default-exponential", type: "exponential", maxRetries: 5, intervals: [1 * M, 15 * M], retryOn: ["rate_limit", "server_overload", "timeout", "network_error"] },
  { name: "rate-limit-fixed", type: "fixed", maxRetries: 3, intervals: [30 * S], retryOn: ["rate_limit"] },
  { name: "model-backoff", type: "custom", maxRetries: 6, intervals: [1 * M, 5 * M, 15 * M, 30 * M, 1 * H, 2 * H], retryOn: ["server_overload", "model_unavailable"] },
  { name: "network-retry", type: "exponential", maxRetries: 4, intervals: [5 * S, 1 * M], retryOn: ["network_error"] },
] satisfies Strategy[]);

export function defaultDocument(): StrategyDocument {
  return { version: 1, strategies: DEFAULT_STRATEGIES.map((s) => ({ ...s, intervals: [...s.intervals], retryOn: [...s.retryOn] })) };
}
