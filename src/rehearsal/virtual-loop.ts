// Drives a ManualClock timer by timer up to a deadline, letting promises settle after every firing.
import type { ManualClock } from "../domain/clock.js";

/** Runs every pending microtask (promise continuations) before returning. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class RunawayError extends Error {
  override readonly name = "RunawayError";
}

/**
 * Advances `clock` to `untilMs`, one deadline at a time; after each deadline's timers ran, settles promises so
 * that async work they resumed (turns, probes, executor calls) can arm the next timers. Returns the number of
 * deadlines visited. `maxSteps` bounds a runaway (a timer re-arming itself at the same instant forever).
 */
export async function runUntil(clock: ManualClock, untilMs: number, maxSteps = 5_000_000): Promise<number> {
  let steps = 0;
  for (;;) {
    await settle();
    const next = clock.nextDeadline();
    if (next === undefined || next > untilMs) break;
    if (++steps > maxSteps) throw new RunawayError(`rehearsal did not finish within ${maxSteps} timer steps (a timer re-arms itself?)`);
    clock.advanceTo(next);
  }
  clock.advanceTo(untilMs);
  await settle();
  return steps;
}
