// Moves a ManualClock forward, letting promises (executor outcomes) settle after every timer that fires.
import type { ManualClock } from "../../src/domain/clock.js";

export async function settlePromises(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

export async function advanceVirtual(clock: ManualClock, ms: number, settle: () => Promise<void> = settlePromises): Promise<void> {
  const target = clock.now() + ms;
  for (;;) {
    await settle();
    const next = clock.nextDeadline();
    if (next === undefined || next > target) break;
    clock.advanceTo(next);
  }
  clock.advanceTo(target);
  await settle();
}
