// OpenClaw 2026.9.6's same-model retry ladder, as measured (research/e2e-harness.md §6). Pure.
import type { Fault } from "./faults.js";

/** Rate limits: up to 10 attempts. */
export const RATE_LIMIT_MAX_ATTEMPTS = 10;
/** Other transient failures: up to 8 attempts within a 90 s window. */
export const TRANSIENT_MAX_ATTEMPTS = 8;
export const TRANSIENT_WINDOW_MS = 90_000;
/** A Retry-After beyond `retry.provider.maxRetryDelayMs` (60 s) goes straight to the next candidate. */
export const MAX_RETRY_DELAY_MS = 60_000;
/** The idle-timeout cost-runaway breaker: consecutive idle timeouts in one run. */
export const IDLE_TIMEOUT_CAP = 5;
const BACKOFF_BASE_MS = 1_500;
const BACKOFF_CAP_MS = 30_000;

export interface LadderState {
  /** Attempts made on this candidate so far (≥ 1 after the first failure). */
  readonly attempts: number;
  /** When the first attempt on this candidate started, epoch ms. */
  readonly firstStartMs: number;
  /** Consecutive idle timeouts (hangs) in the whole run. */
  readonly idleTimeouts: number;
}

export type LadderStep =
  | { readonly kind: "retry"; readonly delayMs: number; readonly maxAttempts: number }
  | { readonly kind: "next"; readonly why: string }
  | { readonly kind: "stop"; readonly why: "breaker" | "not_advancing" };

/** Jittered exponential backoff: 1.5 s doubling, capped at 30 s, scaled by 0.75–1.0. */
export function backoffMs(attempts: number, r: number): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + 0.25 * r));
}

/** What OpenClaw does after a failed attempt, at time `now`, with `r` in [0,1) for the jitter. */
export function nextLadderStep(fault: Fault, state: LadderState, now: number, r: number): LadderStep {
  if (fault.retry === "hang") {
    if (state.idleTimeouts >= IDLE_TIMEOUT_CAP) return { kind: "stop", why: "breaker" };
    return { kind: "retry", delayMs: backoffMs(state.attempts, r), maxAttempts: IDLE_TIMEOUT_CAP };
  }
  if (!fault.advances) return { kind: "stop", why: "not_advancing" };
  switch (fault.retry) {
    case "none":
      return { kind: "next", why: `${fault.failoverReason} skips same-model retries` };
    case "rate_limit": {
      const hintMs = fault.retryAfterS === undefined ? 0 : fault.retryAfterS * 1000;
      if (hintMs > MAX_RETRY_DELAY_MS) return { kind: "next", why: "Retry-After beyond maxRetryDelayMs" };
      if (state.attempts >= RATE_LIMIT_MAX_ATTEMPTS) return { kind: "next", why: "rate-limit retries exhausted" };
      return { kind: "retry", delayMs: Math.max(hintMs, backoffMs(state.attempts, r)), maxAttempts: RATE_LIMIT_MAX_ATTEMPTS };
    }
    case "transient": {
      if (state.attempts >= TRANSIENT_MAX_ATTEMPTS) return { kind: "next", why: "transient retries exhausted" };
      const delayMs = backoffMs(state.attempts, r);
      if (now - state.firstStartMs + delayMs > TRANSIENT_WINDOW_MS) return { kind: "next", why: "transient retry window spent" };
      return { kind: "retry", delayMs, maxAttempts: TRANSIENT_MAX_ATTEMPTS };
    }
  }
}
