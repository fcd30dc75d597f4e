// Schedule math, pure: the delay before retry n of a strategy, with decorrelated jitter, provider hints and caps.
// Randomness arrives as `r` in [0, 1) so results replay exactly.
import type { Strategy } from "./types.js";

/** Upper bound for a provider hint (Retry-After, reset time), in ms: guards against absurd reset times. */
export const MAX_HINT_MS = 86_400_000;

function finite(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

function unit(r: number): number {
  if (!Number.isFinite(r) || r < 0) return 0;
  return r >= 1 ? 1 - Number.EPSILON : r;
}

/** The un-jittered delay before retry `attempt` (0-based), in ms. */
export function nominalDelayMs(strategy: Pick<Strategy, "type" | "intervals" | "maxRetries">, attempt: number): number {
  const n = Math.max(0, Math.floor(finite(attempt)));
  const iv = strategy.intervals;
  const first = finite(iv[0]);
  switch (strategy.type) {
    case "fixed":
      return first;
    case "exponential":
      // [base] or [base, cap]: doubling from base. More intervals (as resilience writes them): the listed waits
      // first, then doubling from the last one.
      if (iv.length > 2) return n < iv.length ? finite(iv[n]) : finite(iv[iv.length - 1]) * 2 ** Math.min(n - iv.length + 1, 64);
      return Math.min(capMs(strategy), first * 2 ** Math.min(n, 64));
    case "custom":
      return finite(iv[Math.min(n, iv.length - 1)]);
  }
}

/** The longest computed (non-hinted) delay of the strategy, in ms. */
export function capMs(strategy: Pick<Strategy, "type" | "intervals" | "maxRetries">): number {
  const iv = strategy.intervals;
  const first = finite(iv[0]);
  if (strategy.type === "fixed") return first;
  if (strategy.type === "exponential" && iv.length < 2) return first * 2 ** Math.max(0, Math.min(strategy.maxRetries - 1, 64));
  if (strategy.type === "exponential" && iv.length > 2) return Math.max(...iv.map(finite), finite(iv[iv.length - 1]) * 2 ** Math.max(0, Math.min(strategy.maxRetries - iv.length, 64)));
  return Math.max(first, ...iv.map(finite));
}

/** Sum of the nominal delays of every retry, in ms. */
export function nominalTotalMs(strategy: Pick<Strategy, "type" | "intervals" | "maxRetries">): number {
  let total = 0;
  for (let n = 0; n < strategy.maxRetries; n++) total += nominalDelayMs(strategy, n);
  return total;
}

/** Total-wait cap of the strategy, in ms (explicit, else twice the nominal schedule). */
export function totalWaitCapMs(strategy: Strategy): number {
  return strategy.maxTotalWaitMs !== undefined ? finite(strategy.maxTotalWaitMs) : 2 * nominalTotalMs(strategy);
}

export interface DelayInput {
  /** Retry number, 0-based (0 = the first retry after the first failure). */
  readonly attempt: number;
  /** The previous delay actually waited, in ms (0 before the first retry). */
  readonly prevMs: number;
  /** How long the provider asked to wait (Retry-After, reset), in ms. */
  readonly hintMs?: number;
  /** Time already spent waiting for this task, in ms. */
  readonly waitedMs?: number;
}

export type Decision =
  | { readonly kind: "retry"; readonly delayMs: number; readonly hinted: boolean }
  | { readonly kind: "give_up"; readonly why: "max_retries" | "total_wait" };

/**
 * Decorrelated jitter (AWS "decorrelated jitter", made monotone): the delay lies in
 * `[lo, hi]` with `lo = max(nominal(n), min(prev, cap))` and `hi = min(cap, max(lo, 3 × prev))`.
 * Without hints successive delays never shrink and never pass the cap; `fixed` has no jitter.
 * A provider hint longer than that wins (up to MAX_HINT_MS).
 */
export function jitteredDelayMs(strategy: Strategy, input: Omit<DelayInput, "waitedMs">, r: number): { delayMs: number; hinted: boolean } {
  const cap = capMs(strategy);
  const prev = Math.min(finite(input.prevMs), cap);
  const lo = Math.max(nominalDelayMs(strategy, input.attempt), prev);
  const hi = Math.max(lo, Math.min(cap, 3 * prev));
  const jittered = Math.round(lo + unit(r) * (hi - lo));
  const hint = Math.min(finite(input.hintMs), MAX_HINT_MS);
  return hint > jittered ? { delayMs: Math.ceil(hint), hinted: true } : { delayMs: jittered, hinted: false };
}

/** Retry (after how long) or give up: max retries spent, or the next wait would pass the total-wait cap. */
export function nextRetry(strategy: Strategy, input: DelayInput, r: number): Decision {
  if (input.attempt >= strategy.maxRetries) return { kind: "give_up", why: "max_retries" };
  const { delayMs, hinted } = jitteredDelayMs(strategy, input, r);
  if (finite(input.waitedMs) + delayMs > totalWaitCapMs(strategy)) return { kind: "give_up", why: "total_wait" };
  return { kind: "retry", delayMs, hinted };
}
