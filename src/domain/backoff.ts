// Backoff math as pure values (cockatiel-style): cooldowns, exponential rechecks and jittered spacing.
// Randomness arrives as `r` in [0, 1); callers draw it with `nextRandom` so results replay exactly.

/** The largest exponent used for doubling; beyond it every realistic cap has long been reached. */
const MAX_EXPONENT = 64;

export interface CooldownInput {
  /** How many times the target was ejected before this ejection (0 for the first). */
  readonly ejections: number;
  /** Cooldown of the first ejection, in milliseconds. */
  readonly baseMs: number;
  /** Upper bound of the computed (non-hinted) cooldown, in milliseconds. */
  readonly maxMs: number;
  /** Share of the larger of (exponential, previous cooldown) added as random jitter, 0..1. */
  readonly jitterRatio: number;
  /** The previous cooldown, in milliseconds (0 when there was none): decorrelates the jitter. */
  readonly prevMs: number;
  /** How long the provider asked us to wait (Retry-After, reset time), in milliseconds. */
  readonly hintMs?: number;
  /** Upper bound for a provider hint, in milliseconds (guards against absurd reset times). */
  readonly maxHintMs: number;
}

/** A non-negative finite number, or 0. */
function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** `r` clamped into [0, 1). */
function unit(r: number): number {
  if (!Number.isFinite(r) || r < 0) return 0;
  return r >= 1 ? 1 - Number.EPSILON : r;
}

/** `min(maxMs, baseMs × 2^attempt)`: the doubling floor, in milliseconds. */
export function exponentialMs(baseMs: number, attempt: number, maxMs: number): number {
  const base = nonNegative(baseMs);
  const max = nonNegative(maxMs);
  const exponent = Math.min(MAX_EXPONENT, Math.floor(nonNegative(attempt)));
  return Math.min(max, base * 2 ** exponent);
}

/**
 * The cooldown for one ejection, in milliseconds:
 * `max(min(hintMs, maxHintMs), min(maxMs, exp + r × jitterRatio × max(exp, prevMs)))`
 * with `exp = min(maxMs, baseMs × 2^ejections)` (Envoy's growing ejection time, cockatiel's
 * decorrelated jitter). Never below the exponential floor, never above `maxMs` unless the
 * provider's hint is longer, and the same for the same `r`. Integer inputs give integer results.
 */
export function cooldownFor(input: CooldownInput, r: number): number {
  const maxMs = nonNegative(input.maxMs);
  const exp = exponentialMs(input.baseMs, input.ejections, maxMs);
  const spread = unit(r) * Math.min(1, nonNegative(input.jitterRatio)) * Math.max(exp, nonNegative(input.prevMs));
  const jittered = Math.max(exp, Math.min(maxMs, Math.round(exp + spread)));
  const hint = input.hintMs === undefined ? 0 : Math.min(nonNegative(input.hintMs), nonNegative(input.maxHintMs));
  return Math.max(hint, jittered);
}

export interface SpacingInput {
  /** The nominal delay, in milliseconds. */
  readonly baseMs: number;
  /** Share of `baseMs` added as random jitter, 0..1. */
  readonly jitterRatio: number;
}

/** A delay of `baseMs` plus up to `jitterRatio × baseMs` of jitter (e.g. spacing between probes). */
export function scheduleDelay(input: SpacingInput, r: number): number {
  const base = nonNegative(input.baseMs);
  return Math.round(base + unit(r) * Math.min(1, nonNegative(input.jitterRatio)) * base);
}
