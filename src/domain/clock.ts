// Time is injected: pure code takes `now` as data; the runtime takes a Clock that also owns timers.

export interface Clock {
  now(): number;
  /** Calls `fn` once at absolute time `atMs` (or as soon as possible when already past). */
  setTimer(atMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export type TimerHandle = { readonly id: number };

/** The real clock. Timers are unref()'ed so they never keep a process alive. */
export function systemClock(): Clock {
  let nextId = 1;
  const live = new Map<number, ReturnType<typeof setTimeout>>();
  return {
    now: () => Date.now(),
    setTimer(atMs, fn) {
      const id = nextId++;
      const delay = Math.max(0, Math.min(atMs - Date.now(), 2_147_483_647));
      const t = setTimeout(() => {
        live.delete(id);
        fn();
      }, delay);
      t.unref?.();
      live.set(id, t);
      return { id };
    },
    clearTimer(handle) {
      const t = live.get(handle.id);
      if (t) clearTimeout(t);
      live.delete(handle.id);
    },
  };
}

/** A virtual clock: time moves only when told to; due timers run in deadline order. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; seq: number; fn: () => void }>();

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(atMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: Math.max(atMs, this.current), seq: id, fn });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** The earliest pending deadline, if any. */
  nextDeadline(): number | undefined {
    let best: number | undefined;
    for (const t of this.timers.values()) if (best === undefined || t.at < best) best = t.at;
    return best;
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward to `targetMs`, running every timer that falls due on the way, in order. */
  advanceTo(targetMs: number): void {
    for (;;) {
      let dueId: number | undefined;
      let due: { at: number; seq: number; fn: () => void } | undefined;
      for (const [id, t] of this.timers) {
        if (t.at > targetMs) continue;
        if (!due || t.at < due.at || (t.at === due.at && t.seq < due.seq)) {
          due = t;
          dueId = id;
        }
      }
      if (!due || dueId === undefined) break;
      this.timers.delete(dueId);
      if (due.at > this.current) this.current = due.at;
      due.fn();
    }
    if (targetMs > this.current) this.current = targetMs;
  }

  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }
}
