// OTP-style restart intensity: at most `max` restarts within any sliding window of `windowMs`.

/** The restart times (epoch ms) that still count at `now`: those less than `windowMs` old (or in the future). */
export function restartsWithin(restarts: readonly number[], now: number, windowMs: number): number[] {
  return restarts.filter((t) => now - t < windowMs);
}

/** True when one more restart at `now` keeps every window at or below `max` restarts. */
export function budgetAllows(restarts: readonly number[], now: number, windowMs: number, max: number): boolean {
  return restartsWithin(restarts, now, windowMs).length < max;
}

/** The moment the oldest counting restart leaves the window (when the budget frees up), epoch ms. */
export function budgetFreesAt(restarts: readonly number[], now: number, windowMs: number): number {
  const counting = restartsWithin(restarts, now, windowMs);
  return counting.length ? Math.min(...counting) + windowMs : now + windowMs;
}
