// Retry strategies: named schedules that say when, how often and for which failures to retry.
import type { Category } from "../domain/taxonomy.js";

export const STRATEGY_TYPES = ["fixed", "exponential", "custom"] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

export interface Strategy {
  /** Unique name, e.g. `default-exponential`. */
  readonly name: string;
  /**
   * `fixed`: every retry waits `intervals[0]`. `exponential`: `intervals[0] × 2^n`, capped at the last
   * interval. `custom`: retry n waits `intervals[n]` (the last one repeats).
   */
  readonly type: StrategyType;
  /** Retries after the first failure. Count. */
  readonly maxRetries: number;
  /** Intervals in milliseconds (see `type`); never decreasing. */
  readonly intervals: readonly number[];
  /** Failure categories this strategy retries. */
  readonly retryOn: readonly Category[];
  /** Cooldown of a named model after a failure of one of `retryOn`, in ms (only with `models`). */
  readonly cooldownMs?: number;
  /** Models (`provider/model`, or `provider/*`) the strategy is limited to; absent: every model. */
  readonly models?: readonly string[];
  /** Total wait (sum of delays) after which the task is handed on or given up, in ms. Default: 2 × the nominal schedule. */
  readonly maxTotalWaitMs?: number;
}

/** The lowdb document `<stateDir>/strategies.json`. */
export interface StrategyDocument {
  readonly version: 1;
  readonly strategies: readonly Strategy[];
}

export type DefaultStrategyType = StrategyType;
