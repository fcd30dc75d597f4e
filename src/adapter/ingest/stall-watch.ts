// Stalled streams: a model call that sends bytes (keep-alives, empty deltas) but no token for N seconds is hung,
// even while OpenClaw's idle watchdog stays quiet (openclaw#145203). O(1) per hook call and per agent event.
import type { Clock, TimerHandle } from "../../domain/clock.js";

/** No history yet: this long without a token is a stall. */
export const STALL_DEFAULT_MS = 120_000;
/** Learned bounds: never shorter than this… */
export const STALL_MIN_MS = 30_000;
/** …nor longer than this. */
export const STALL_MAX_MS = 300_000;
/** A learned deadline is this many times the slowest recent successful call of the model. */
export const STALL_FACTOR = 3;
const HISTORY = 20;

export interface StalledCall {
  readonly runId: string;
  readonly model: string;
  readonly provider: string;
  readonly startedAt: number;
  /** Since the call started or its last token, ms. */
  readonly silentMs: number;
  readonly sessionKey?: string | undefined;
  readonly agentId?: string | undefined;
  readonly trigger?: string | undefined;
}

interface Watched {
  readonly model: string;
  readonly provider: string;
  readonly startedAt: number;
  readonly sessionKey?: string | undefined;
  readonly agentId?: string | undefined;
  readonly trigger?: string | undefined;
  lastProgress: number;
  timer: TimerHandle | undefined;
  stalled: boolean;
}

export interface StallWatchOptions {
  readonly clock: Clock;
  /** Configured deadline in ms; 0 or undefined: learned from the model's own recent calls. */
  readonly stallMs?: () => number | undefined;
  readonly onStall: (call: StalledCall) => void;
  /** Calls watched at once (oldest forgotten first). */
  readonly maxCalls?: number;
}

export class StallWatch {
  private readonly calls = new Map<string, Watched>();
  private readonly slowest = new Map<string, number[]>();

  constructor(private readonly opts: StallWatchOptions) {}

  /** The deadline for `model`: configured, or STALL_FACTOR × its slowest recent successful call (bounded). */
  deadlineMs(model: string): number {
    const configured = this.opts.stallMs?.();
    if (configured !== undefined && configured > 0) return configured;
    const seen = this.slowest.get(model);
    if (!seen || seen.length === 0) return STALL_DEFAULT_MS;
    return Math.min(STALL_MAX_MS, Math.max(STALL_MIN_MS, STALL_FACTOR * Math.max(...seen)));
  }

  /** model_call_started: watch the run's call. */
  started(runId: string, call: { model: string; provider: string; sessionKey?: string | undefined; agentId?: string | undefined; trigger?: string | undefined }): void {
    this.forget(runId);
    if (this.calls.size >= (this.opts.maxCalls ?? 1000)) this.forget(this.calls.keys().next().value as string);
    const now = this.opts.clock.now();
    const watched: Watched = { ...call, startedAt: now, lastProgress: now, timer: undefined, stalled: false };
    this.calls.set(runId, watched);
    this.arm(runId, watched, now + this.deadlineMs(call.model));
  }

  /** A token-bearing agent event of the run (assistant text, thinking, tool call). */
  progress(runId: string): void {
    const w = this.calls.get(runId);
    if (w) w.lastProgress = this.opts.clock.now();
  }

  /**
   * model_call_ended: stop watching; a successful call's duration teaches the model's deadline. Returns true
   * when this call was already reported as stalled (its failure is then not reported twice).
   */
  ended(runId: string, ok: boolean, durationMs: number | undefined, model: string): boolean {
    const w = this.calls.get(runId);
    if (ok && durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0) {
      const list = this.slowest.get(model) ?? [];
      list.push(durationMs);
      if (list.length > HISTORY) list.shift();
      this.slowest.set(model, list);
    }
    if (!w || w.model !== model) return false;
    this.forget(runId);
    return w.stalled;
  }

  watching(): number {
    return this.calls.size;
  }

  private forget(runId: string): void {
    const w = this.calls.get(runId);
    if (!w) return;
    if (w.timer) this.opts.clock.clearTimer(w.timer);
    this.calls.delete(runId);
  }

  private arm(runId: string, w: Watched, at: number): void {
    w.timer = this.opts.clock.setTimer(at, () => {
      w.timer = undefined;
      if (this.calls.get(runId) !== w || w.stalled) return;
      const now = this.opts.clock.now();
      const deadline = this.deadlineMs(w.model);
      if (now - w.lastProgress < deadline) {
        this.arm(runId, w, w.lastProgress + deadline);
        return;
      }
      w.stalled = true;
      this.opts.onStall({ runId, model: w.model, provider: w.provider, startedAt: w.startedAt, silentMs: now - w.lastProgress, sessionKey: w.sessionKey, agentId: w.agentId, trigger: w.trigger });
    });
  }
}
