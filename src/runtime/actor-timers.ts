// One timer per actor, armed at the absolute deadline of its timed state (re-armable after a replay).
import type { AnyMachineSnapshot } from "xstate";
import type { Clock, TimerHandle } from "../domain/clock.js";
import { deadlineOf } from "./actor-kinds.js";

export interface TimedSlot {
  snapshot: AnyMachineSnapshot;
  timer?: TimerHandle | undefined;
  timerAt?: number | undefined;
}

export class DeadlineTimers<S extends TimedSlot> {
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDeadline: (slot: S, now: number) => void,
  ) {}

  /** Arms (or re-arms) the slot's timer for its snapshot's deadline; a no-op when unchanged. */
  arm(slot: S): void {
    if (this.stopped) return;
    const at = deadlineOf(slot.snapshot);
    if (at === slot.timerAt) return;
    this.disarm(slot);
    if (at === undefined) return;
    slot.timerAt = at;
    slot.timer = this.clock.setTimer(at, () => {
      slot.timer = undefined;
      slot.timerAt = undefined;
      if (!this.stopped) this.onDeadline(slot, Math.max(at, this.clock.now()));
    });
  }

  disarm(slot: TimedSlot): void {
    if (slot.timer) this.clock.clearTimer(slot.timer);
    slot.timer = undefined;
    slot.timerAt = undefined;
  }

  stop(): void {
    this.stopped = true;
  }
}
