// A steady load of user turns: arrivals every 60/turnsPerMinute s (±20 % seeded jitter), sessions in turn.
import type { Clock } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { LoadStep } from "./scenario-types.js";

export interface Arrival {
  readonly atMs: number;
  readonly session: string;
}

/** The gap before the next arrival. */
export function nextGapMs(load: LoadStep, r: number): number {
  const mean = 60_000 / load.turnsPerMinute;
  return Math.max(1, Math.round(mean * (0.8 + 0.4 * r)));
}

/**
 * Schedules the load lazily (one pending timer at a time) from `fromMs`: each arrival calls `onArrival`
 * and arms the next, until the load's `untilMs`.
 */
export function scheduleLoad(clock: Clock, load: LoadStep, fromMs: number, rng: Random, onArrival: (arrival: Arrival) => void): void {
  let n = 0;
  const arm = (atMs: number) => {
    if (atMs > load.untilMs) return;
    clock.setTimer(atMs, () => {
      const session = `${load.sessionPrefix}${(n % load.sessions) + 1}`;
      n++;
      onArrival({ atMs, session });
      arm(atMs + nextGapMs(load, rng()));
    });
  };
  arm(fromMs + Math.round((60_000 / load.turnsPerMinute) * rng()));
}
