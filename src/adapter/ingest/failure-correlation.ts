// Failure correlation: which of OpenClaw's reports decide a failed model call's failure, its class and its evidence.
// The one place in the ingest where a failed call is classified; each failed call is reported exactly once.
//
// OpenClaw 2026.9.6 reports one failed provider request in up to four pieces, in this order (research/e2e-harness.md
// §6; test/adapter/ingest/failure-correlation.test.ts replays each ordering the host produces):
//   1. model_call_ended {outcome:"error", failureKind?}: model and timing; a kind only for timeouts and resets.
//   2. agent event lifecycle "finishing" {error, errorObservation.failoverReason}: OpenClaw's reason (provider errors).
//   3. agent_end: the attempt's last message (stopReason "error" with the provider's text, "429 …") or an `error`.
//   4. agent event lifecycle "end" or "error": the run is over, answered or not.
// A known failureKind, or a call without a runId, is decided at once from model_call_ended alone. Any other failed
// call waits for agent_end's text, and is decided from what it has when first of these comes: agent_end with an
// error, the run's next model call ends, the run ends, correlationMs pass, too many calls wait, or flush().
// A hung call (bytes but no token) is decided by the stall watch, and its later model_call_ended is not reported.
import type { Clock, TimerHandle } from "../../domain/clock.js";
import type { CallObserved } from "../../domain/events.js";
import type { Classification } from "../../domain/taxonomy.js";
import { lastMessage, rawString, rec, redactedText, type Rec } from "./payload.js";
import type { StalledCall } from "./stall-watch.js";

export type Classify = (input: unknown, options?: { now?: number }) => Classification;

/** What model_call_ended says about one failed call (no status, no text). */
export interface FailedCall {
  readonly runId?: string | undefined;
  readonly model: string;
  readonly provider: string;
  /** When model_call_ended arrived (the call record's ts). */
  readonly ts: number;
  readonly durationMs?: number | undefined;
  readonly sessionKey?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly trigger?: string | undefined;
  readonly probe: boolean;
  /** Which model call of its run this was (0: the first), as the host's runId orders them. */
  readonly retryCount?: number | undefined;
}

/** failureKinds that decide a call on their own (model_call_ended sets them for timeouts and resets only). */
export const FAILURE_KIND: Readonly<Record<string, Classification>> = {
  timeout: { category: "timeout", retryable: true, evidence: "model_call_ended failureKind=timeout" },
  connection_reset: { category: "network_error", retryable: true, evidence: "model_call_ended failureKind=connection_reset" },
  connection_closed: { category: "network_error", retryable: true, evidence: "model_call_ended failureKind=connection_closed" },
  terminated: { category: "network_error", retryable: true, evidence: "model_call_ended failureKind=terminated" },
  aborted: { category: "aborted", retryable: false, evidence: "model_call_ended failureKind=aborted" },
};

export interface FailureCorrelationOptions {
  readonly clock: Clock;
  readonly classify: Classify;
  /** How long a failed call waits for agent_end's text before it is decided without it, ms. */
  readonly correlationMs: number;
  /** Where each decided failure goes (the supervisor's observe). */
  readonly report: (call: CallObserved) => void;
  /** Runs a timer's work (the ingest counts what it throws as a hook error); default: errors are swallowed. */
  readonly guard?: (kind: string, fn: () => void) => void;
  /** Failed calls waiting at once (one per run); the oldest is decided without its text when one more arrives. */
  readonly maxWaiting?: number;
}

interface Waiting {
  readonly call: FailedCall;
  failoverReason?: string;
  lifecycleError?: string;
  timer?: TimerHandle;
}

const NO_DETAILS = { message: "model call failed (no error details)" };

export class FailureCorrelation {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly opts: FailureCorrelationOptions) {}

  /** model_call_ended with outcome "error" (`event` is its raw payload). */
  callFailed(call: FailedCall, event: Rec): void {
    const runId = call.runId;
    // A new call of the run ended: an earlier failed call of the run gets no more text.
    if (runId) this.decide(runId);
    const kind = rawString(event.failureKind);
    const known = kind && Object.hasOwn(FAILURE_KIND, kind) ? FAILURE_KIND[kind] : undefined;
    if (known || !runId) {
      this.emit(call, known ?? this.opts.classify(event, { now: call.ts }));
      return;
    }
    if (this.waiting.size >= (this.opts.maxWaiting ?? 2000)) {
      const oldest = this.waiting.keys().next().value;
      if (oldest !== undefined) this.decide(oldest);
    }
    const w: Waiting = { call };
    this.waiting.set(runId, w);
    w.timer = this.opts.clock.setTimer(call.ts + this.opts.correlationMs, () => {
      w.timer = undefined;
      this.guard("correlation_timer", () => {
        if (this.waiting.get(runId) === w) this.decide(runId);
      });
    });
  }

  /** Lifecycle "finishing": OpenClaw's failover reason and its own wording of the error, kept for the decision. */
  finishing(runId: string, data: Rec): void {
    const w = this.waiting.get(runId);
    if (!w) return;
    const reason = rawString(rec(data.errorObservation)?.failoverReason);
    if (reason) w.failoverReason = reason;
    const error = rawString(data.error, 1_400);
    if (error) w.lifecycleError = error;
  }

  /** agent_end of one attempt: its last message with stopReason "error", or its `error`, decides the waiting call. */
  attemptEnded(runId: string, event: Rec): void {
    if (!this.waiting.has(runId)) return;
    const msg = lastMessage(event);
    if (msg && msg.stopReason === "error") this.decide(runId, { message: msg });
    else if (rawString(event.error)) this.decide(runId, { message: { errorMessage: event.error } });
  }

  /** A later call of the run answered: the waiting call gets no more text. */
  callCompleted(runId: string): void {
    this.decide(runId);
  }

  /** Lifecycle "end" or "error": the waiting call is decided, with the run's outcome (`recovered`). */
  runEnded(runId: string, ok: boolean): void {
    this.decide(runId, { runOk: ok });
  }

  /** The stall watch found the run's call hung: a timeout of its model, with the silence as evidence. */
  stalled(c: StalledCall): void {
    const now = this.opts.clock.now();
    this.opts.report({
      type: "call", ts: now, model: c.model, provider: c.provider, ok: false, runId: c.runId, durationMs: now - c.startedAt,
      classification: { category: "timeout", retryable: true, evidence: `stalled: no token for ${Math.round(c.silentMs / 1000)} s (bytes without tokens do not count)` },
      ...(c.sessionKey ? { sessionKey: c.sessionKey } : {}),
      ...(c.agentId ? { agentId: c.agentId } : {}),
      ...(c.trigger ? { trigger: c.trigger } : {}),
    });
  }

  /** Decides every waiting call now, without more text. */
  flush(): void {
    for (const runId of [...this.waiting.keys()]) this.decide(runId);
  }

  isWaiting(runId: string): boolean {
    return this.waiting.has(runId);
  }

  size(): number {
    return this.waiting.size;
  }

  private decide(runId: string, extra?: { message?: Rec; runOk?: boolean }): void {
    const w = this.waiting.get(runId);
    if (!w) return;
    this.waiting.delete(runId);
    if (w.timer) this.opts.clock.clearTimer(w.timer);
    const msg = extra?.message;
    const input = msg
      ? { ...msg, ...(w.failoverReason ? { failoverReason: w.failoverReason } : {}) }
      : w.failoverReason
        ? { failoverReason: w.failoverReason, message: w.lifecycleError ?? "" }
        : (w.lifecycleError ?? NO_DETAILS);
    const classification = this.opts.classify(input, { now: this.opts.clock.now() });
    this.emit(w.call, classification, rawString(msg?.errorMessage, 1_400) ?? w.lifecycleError, extra?.runOk);
  }

  private emit(p: FailedCall, classification: Classification, rawMessage?: string, recovered?: boolean): void {
    // Provider text is kept only redacted (the classification's evidence is redacted by the classifier).
    const errorMessage = redactedText(rawMessage);
    this.opts.report({
      type: "call",
      ts: p.ts,
      model: p.model,
      provider: p.provider,
      ok: false,
      classification,
      ...(errorMessage ? { errorMessage } : {}),
      ...(p.durationMs !== undefined ? { durationMs: p.durationMs } : {}),
      ...(p.sessionKey ? { sessionKey: p.sessionKey } : {}),
      ...(p.sessionId ? { sessionId: p.sessionId } : {}),
      ...(p.runId ? { runId: p.runId } : {}),
      ...(p.agentId ? { agentId: p.agentId } : {}),
      ...(p.trigger ? { trigger: p.trigger } : {}),
      ...(p.probe ? { probe: true } : {}),
      ...(p.retryCount !== undefined ? { retryCount: p.retryCount } : {}),
      ...(recovered !== undefined ? { recovered } : {}),
    });
  }

  private guard(kind: string, fn: () => void): void {
    if (this.opts.guard) {
      this.opts.guard(kind, fn);
      return;
    }
    try {
      fn();
    } catch {
      // never thrown from a timer into the gateway
    }
  }
}
