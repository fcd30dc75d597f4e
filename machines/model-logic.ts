// Pure context updates and effect builders of the model machine: (context, event) → patch or Effect.
import {
  cooldownFor,
  countsAgainstModel,
  disablesModel,
  exponentialMs,
  nextRandom,
  scheduleDelay,
  type Category,
  type Effect,
} from "../src/domain/index.js";
import { DISABLED_RECHECK_CAP_MS } from "./model-options.js";
import type { ModelContext, ModelEvent, ModelFailure } from "./model-types.js";

export type ModelPatch = Partial<ModelContext>;

/** The failure an event reports, if it is a CALL_FAILED or PROBE_FAILED. */
export function failureOf(event: ModelEvent): ModelFailure | undefined {
  return event.type === "CALL_FAILED" || event.type === "PROBE_FAILED" ? event : undefined;
}

/** A failure that says nothing about the model's health (aborted, context_too_long, invalid_request). */
export function isNeutralFailure(event: ModelEvent): boolean {
  const failure = failureOf(event);
  return failure !== undefined && !countsAgainstModel(failure.category);
}

export function isDisablingFailure(event: ModelEvent): boolean {
  const failure = failureOf(event);
  return failure !== undefined && disablesModel(failure.category);
}

/** The provider's wait hint in ms: the longer of Retry-After and the reset time, if any. */
export function hintMs(failure: ModelFailure): number | undefined {
  const hints: number[] = [];
  if (failure.retryAfterMs !== undefined && Number.isFinite(failure.retryAfterMs)) hints.push(failure.retryAfterMs);
  if (failure.resetAtMs !== undefined && Number.isFinite(failure.resetAtMs)) hints.push(failure.resetAtMs - failure.now);
  return hints.length ? Math.max(0, ...hints) : undefined;
}

/** The hint capped at `maxHintMs`. */
function cappedHint(context: ModelContext, failure: ModelFailure): number | undefined {
  const hint = hintMs(failure);
  return hint === undefined ? undefined : Math.min(hint, context.options.maxHintMs);
}

/** True when the failure's hint reaches past the current deadline. */
/** A later hint moves the deadline only when it adds more than this (a reset time re-stated as a countdown does not). */
export const HINT_EXTENSION_TOLERANCE_MS = 5_000;

export function hintExtends(context: ModelContext, event: ModelEvent): boolean {
  const failure = failureOf(event);
  const hint = failure && cappedHint(context, failure);
  return hint !== undefined && failure !== undefined && failure.now + hint > (context.until ?? -Infinity) + HINT_EXTENSION_TOLERANCE_MS;
}

export function describeFailure(event: ModelEvent): string {
  const failure = failureOf(event);
  if (!failure) return event.type;
  const text = failure.evidence ? `${failure.category}: ${failure.evidence}` : failure.category;
  return event.type === "PROBE_FAILED" ? `probe failed: ${text}` : text;
}

export function recordFailure(context: ModelContext, event: ModelEvent): ModelPatch {
  const failure = failureOf(event);
  if (!failure) return {};
  return {
    failures: context.failures + 1,
    lastError: { category: failure.category, evidence: failure.evidence, at: failure.now, ...hintField(failure) },
  };
}

function hintField(failure: ModelFailure): { retryAfterMs?: number } {
  const hint = hintMs(failure);
  return hint === undefined ? {} : { retryAfterMs: hint };
}

export function recordSuccess(event: ModelEvent): ModelPatch {
  return { failures: 0, lastOkAt: event.now };
}

/** Ejections reset after `decayAfterMs` of sustained health (k8s-style backoff reset). */
export function decay(context: ModelContext, event: ModelEvent): ModelPatch {
  const since = context.healthySince;
  if (since === undefined || event.now - since < context.options.decayAfterMs) return {};
  return { ejections: 0, prevCooldownMs: 0 };
}

/**
 * Ejects the model: a jittered, growing cooldown that honours the provider's hint. The hint only
 * lengthens this cooldown; the remembered `prevCooldownMs` (which decorrelates the next jitter) is
 * the computed one, so one long Retry-After does not inflate every later cooldown.
 */
export function cool(context: ModelContext, event: ModelEvent, reason: string): ModelPatch {
  const failure = failureOf(event);
  const [r, rng] = nextRandom(context.rng);
  const o = context.options;
  const input = {
    ejections: context.ejections,
    baseMs: o.baseCooldownMs,
    maxMs: o.maxCooldownMs,
    jitterRatio: o.jitterRatio,
    prevMs: context.prevCooldownMs,
    maxHintMs: o.maxHintMs,
  };
  const computed = cooldownFor(input, r);
  const [r2, rng2] = nextRandom(rng);
  const hint = failure ? hintMs(failure) : undefined;
  const wait = hint !== undefined ? hintedWaitMs(hint, o.maxHintMs, o.jitterRatio, r2) : cappedByProbeGap(computed, o.maxProbeGapMs, o.jitterRatio, r2);
  return {
    rng: rng2,
    until: event.now + wait,
    prevCooldownMs: computed,
    ejections: context.ejections + 1,
    probeSuccesses: 0,
    probePhase: undefined,
    disabledBy: undefined,
    reason,
  };
}

/** Shortest wait an explicit provider hint can ask for ("retry in 0 s" must not become a probe storm). */
export const HINT_FLOOR_MS = 1_000;
/** Most jitter added to an explicit provider hint. */
export const HINT_JITTER_CAP_MS = 2_000;

/**
 * An explicit provider hint (Retry-After, reset time) decides the wait, shorter or longer than the computed
 * cooldown: the hint (at least HINT_FLOOR_MS, at most maxHintMs) plus a small jitter (≤ jitterRatio × hint, ≤ 2 s).
 */
export function hintedWaitMs(hint: number, maxHintMs: number, jitterRatio: number, r: number): number {
  const base = Math.max(HINT_FLOOR_MS, Math.min(hint, maxHintMs));
  return Math.round(base + r * Math.min(HINT_JITTER_CAP_MS, Math.max(0, jitterRatio) * base));
}

/** The computed cooldown, cut to `maxProbeGapMs` jittered down by up to `jitterRatio` (0 = no cap). */
export function cappedByProbeGap(computed: number, gapMs: number, jitterRatio: number, r: number): number {
  if (!(gapMs > 0)) return computed;
  const gap = Math.round(gapMs * (1 - Math.min(1, Math.max(0, jitterRatio)) * r));
  return Math.min(computed, Math.max(1, gap));
}

/** A later failure with a longer hint pushes the deadline out. */
export function extend(context: ModelContext, event: ModelEvent): ModelPatch {
  const failure = failureOf(event);
  const hint = failure && cappedHint(context, failure);
  if (!failure || hint === undefined) return {};
  return { until: failure.now + hint, reason: `longer retry hint: ${describeFailure(event)}` };
}

/** How long a disabled model waits before its next recheck when the provider gave no hint. */
export function recheckDelayMs(context: ModelContext, category: Category, rechecks: number): number {
  const base = category === "quota_exhausted" ? context.options.quotaDisableMs : context.options.authRecheckMs;
  return exponentialMs(base, rechecks, Math.max(base, DISABLED_RECHECK_CAP_MS));
}

/**
 * Disables the model until a reset hint, or a (growing) recheck delay. `recheck` marks a failed
 * or unanswered recheck of the same disabling category: the delay doubles and the owner is not
 * alerted again. A DEADLINE (unanswered recheck) keeps the category the model was disabled for.
 */
export function disable(context: ModelContext, event: ModelEvent, recheck: boolean): ModelPatch {
  const failure = failureOf(event);
  const category = failure?.category ?? context.disabledBy;
  if (category === undefined) return {};
  const rechecks = recheck ? context.authRechecks + 1 : 0;
  const hint = failure && cappedHint(context, failure);
  // A hint is honoured but never shorter than the base cooldown: "retry in 0 s" must not become a probe storm.
  const wait = hint !== undefined ? Math.max(hint, context.options.baseCooldownMs) : recheckDelayMs(context, category, rechecks);
  const why = failure ? describeFailure(event) : "probe timed out";
  return {
    until: event.now + wait,
    authRechecks: rechecks,
    disabledBy: category,
    probeSuccesses: 0,
    probePhase: undefined,
    reason: recheck ? `recheck failed: ${why}` : why,
  };
}

/** Sends (another) probe and waits up to `probeTimeoutMs` for its answer. */
export function startProbe(context: ModelContext, event: ModelEvent, reason: string): ModelPatch {
  return { probePhase: "testing", until: event.now + context.options.probeTimeoutMs, reason };
}

export function countProbeSuccess(context: ModelContext, event: ModelEvent): ModelPatch {
  const probeSuccesses = context.probeSuccesses + 1;
  const how = event.type === "CALL_SUCCEEDED" ? "call succeeded" : "probe succeeded";
  return { probeSuccesses, failures: 0, lastOkAt: event.now, reason: `${how} (${probeSuccesses}/${context.options.successesToRecover})` };
}

/** True when one more success closes the breaker. */
export function enoughSuccesses(context: ModelContext): boolean {
  return context.probeSuccesses + 1 >= context.options.successesToRecover;
}

/** Pauses (jittered `probeSpacingMs`) before the next probe. */
export function waitBeforeProbe(context: ModelContext, event: ModelEvent): ModelPatch {
  const [r, rng] = nextRandom(context.rng);
  const ms = scheduleDelay({ baseMs: context.options.probeSpacingMs, jitterRatio: context.options.jitterRatio }, r);
  return { rng, probePhase: "waiting", until: event.now + ms };
}

export function probeTimedOut(context: ModelContext, event: ModelEvent): ModelPatch {
  return {
    failures: context.failures + 1,
    lastError: { category: "timeout", evidence: "probe timed out", at: event.now },
  };
}

/** Recovered: traffic fails back; the episode's disable bookkeeping is forgotten. */
export function recover(context: ModelContext, event: ModelEvent): ModelPatch {
  return {
    until: event.now + context.options.recoveredHoldMs,
    probePhase: undefined,
    disabledBy: undefined,
    alertedFor: undefined,
    authRechecks: 0,
  };
}

export function becomeHealthy(event: ModelEvent, reason: string): ModelPatch {
  return { until: undefined, healthySince: event.now, probeSuccesses: 0, probePhase: undefined, reason };
}

/** An operator cleared the model: healthy with every counter reset. */
export function clear(event: ModelEvent): ModelPatch {
  return {
    ...becomeHealthy(event, "cleared by operator"),
    failures: 0,
    ejections: 0,
    prevCooldownMs: 0,
    authRechecks: 0,
    disabledBy: undefined,
    alertedFor: undefined,
  };
}

export function routeAroundEffect(context: ModelContext): Effect {
  const params = context.until === undefined ? undefined : { until: context.until };
  return { action: "route_around", target: context.id, reason: context.reason, ...(params ? { params } : {}) };
}

export function probeEffect(context: ModelContext): Effect {
  return { action: "probe_model", target: context.id, reason: context.reason };
}

export function failBackEffect(context: ModelContext): Effect {
  return { action: "fail_back", target: context.id, reason: context.reason };
}

export function disabledAlertEffect(context: ModelContext): Effect {
  const category = context.disabledBy ?? context.lastError?.category ?? "unknown";
  return {
    action: "alert",
    target: "owner",
    reason: context.reason,
    params: {
      severity: category === "auth_failed" ? "critical" : "warning",
      model: context.id,
      category,
      evidence: context.lastError?.evidence ?? "",
      ...(context.until === undefined ? {} : { until: context.until }),
    },
  };
}
