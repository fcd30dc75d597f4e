// Maps OpenClaw's raw hooks and agent events to domain events for the supervisor, and answers steering.
// Failed calls are decided in failure-correlation.ts; a handler that throws is counted in hook-errors.ts.
import type { Clock } from "../../domain/clock.js";
import type { DomainEvent } from "../../domain/events.js";
import type { Classification } from "../../domain/taxonomy.js";
import { classify as defaultClassify } from "../../domain/classifier/index.js";
import type { HookResult, HookSink, ModelOverride, RunBlock } from "./hook-sink.js";
import { rec, rawString, num, redactedText, modelRef, splitRef, type Rec } from "./payload.js";
import { RunTracker } from "./run-tracker.js";
import { StallWatch } from "./stall-watch.js";
import { FailureCorrelation } from "./failure-correlation.js";
import { HookErrors } from "./hook-errors.js";

export interface IngestTarget {
  observe(event: DomainEvent): void;
  route(agentId: string | undefined, candidate: string, runId?: string, trigger?: string): string | undefined;
  /** Why to block a run whose model (and whole chain) is routed around; undefined lets it run. */
  hold?(agentId: string | undefined, model: string): string | undefined;
}

export interface IngestOptions {
  readonly supervisor: IngestTarget;
  readonly clock: Clock;
  readonly classify?: (input: unknown, options?: { now?: number }) => Classification;
  /** Recognises the supervisor's own probe calls (they must not count as user traffic). */
  readonly isOwnProbe?: (event: Rec, ctx: Rec) => boolean;
  /** How long a failed call waits for agent_end's error text before it is reported anyway, ms. */
  readonly correlationMs?: number;
  /** Whether before_model_resolve may override (false = observe only). */
  readonly steering?: () => boolean;
  /** True when the user pinned this session to its model (then it is left alone). Only asked before an override. */
  readonly isUserPinned?: (sessionKey: string, agentId: string | undefined) => boolean;
  /** A user run was held back (every model of its agent down): task recovery may re-run it later. */
  readonly onHeld?: (held: { runId: string; sessionKey: string; agentId: string; model: string; trigger?: string; prompt?: string }) => void;
  /** model.stallSeconds in ms (0: learned from each model's recent calls). */
  readonly stallMs?: () => number | undefined;
  /** Where hook errors are counted per kind (the runtime's live counters, behind /self-heal/metrics). */
  readonly hookErrorCounts?: Map<string, number>;
  /** The first hook error of each kind is logged here (a warning). */
  readonly log?: (message: string) => void;
}

export interface Ingest extends HookSink {
  /** Reports every failed call still waiting for its error text. */
  flush(): void;
  pendingRuns(): number;
  /** Hook errors per kind since this ingest started (a hook name, agent_event, or a timer or callback's name). */
  hookErrors(): ReadonlyMap<string, number>;
}

export function createIngest(opts: IngestOptions): Ingest {
  const { supervisor, clock } = opts;
  const classify = opts.classify ?? defaultClassify;
  const runs = new RunTracker();
  const errors = new HookErrors({ ...(opts.hookErrorCounts ? { counts: opts.hookErrorCounts } : {}), ...(opts.log ? { log: opts.log } : {}) });
  const failures = new FailureCorrelation({
    clock,
    classify,
    correlationMs: opts.correlationMs ?? 1500,
    report: (call) => supervisor.observe(call),
    guard: (kind, fn) => errors.guard(kind, fn),
  });
  // A call that streams bytes but no token past its deadline is reported as a timeout of its model (hung).
  const stalls = new StallWatch({
    clock,
    ...(opts.stallMs ? { stallMs: opts.stallMs } : {}),
    onStall: (c) => errors.guard("stall_timer", () => failures.stalled(c)),
  });

  const onModelCallEnded = (ev: Rec, ctx: Rec): void => {
    const model = modelRef(ev.provider, ev.model);
    if (!model) return;
    const provider = rawString(ev.provider) ?? model.split("/")[0] ?? model;
    const runId = rawString(ev.runId) ?? rawString(ctx.runId);
    const now = clock.now();
    const probe = opts.isOwnProbe?.(ev, ctx) ?? false;
    const agentId = rawString(ctx.agentId);
    const trigger = rawString(ctx.trigger);
    const sessionKey = rawString(ev.sessionKey) ?? rawString(ctx.sessionKey);
    const sessionId = rawString(ev.sessionId);
    const durationMs = num(ev.durationMs);
    const alreadyStalled = runId !== undefined && !probe && stalls.ended(runId, ev.outcome === "completed", durationMs, model);
    if (alreadyStalled && ev.outcome !== "completed") return;
    // Which call of its run this is (the host orders a run's calls; retries and fallbacks included).
    const info = runId ? runs.touch(runId, now) : undefined;
    const retryCount = info ? (info.calls ?? 0) : undefined;
    if (info) info.calls = (info.calls ?? 0) + 1;
    if (ev.outcome === "completed") {
      const failedBefore = (info?.failedCalls ?? 0) > 0;
      if (info) info.lastOk = model;
      if (runId) failures.callCompleted(runId);
      supervisor.observe({
        type: "call", ts: now, model, provider, ok: true,
        ...(durationMs !== undefined ? { durationMs } : {}),
        ...(sessionKey ? { sessionKey } : {}),
        ...(sessionId ? { sessionId } : {}),
        ...(runId ? { runId } : {}),
        ...(agentId ? { agentId } : {}),
        ...(trigger ? { trigger } : {}),
        ...(probe ? { probe: true } : {}),
        ...(retryCount !== undefined ? { retryCount } : {}),
        // This call answered after earlier failures of the same run: the run recovered here.
        ...(failedBefore ? { recovered: true } : {}),
      });
      return;
    }
    if (ev.outcome !== "error") return;
    if (info) info.failedCalls = (info.failedCalls ?? 0) + 1;
    failures.callFailed({ runId, model, provider, ts: now, durationMs, sessionKey, sessionId, agentId, trigger, probe, retryCount }, ev);
  };

  /** llm_output: one attempt's token usage (input + output), for the quota watch and the token rollups. */
  const onLlmOutput = (ev: Rec, ctx: Rec): void => {
    const usage = rec(ev.usage);
    const model = modelRef(ev.provider, ev.model);
    if (!usage || !model) return;
    const input = num(usage.input);
    const output = num(usage.output);
    const tokens = input !== undefined || output !== undefined ? (input ?? 0) + (output ?? 0) : (num(usage.total) ?? 0);
    if (!(tokens > 0)) return;
    const runId = rawString(ev.runId) ?? rawString(ctx.runId);
    const agentId = rawString(ctx.agentId);
    const trigger = rawString(ctx.trigger);
    supervisor.observe({
      type: "call.usage", ts: clock.now(), model, provider: rawString(ev.provider) ?? model.split("/")[0] ?? model, tokens,
      ...(input !== undefined ? { input } : {}),
      ...(output !== undefined ? { output } : {}),
      ...(runId ? { runId } : {}),
      ...(agentId ? { agentId } : {}),
      ...(trigger ? { trigger } : {}),
    });
  };

  const onAgentEnd = (ev: Rec, ctx: Rec): void => {
    const runId = rawString(ev.runId) ?? rawString(ctx.runId);
    if (runId) failures.attemptEnded(runId, ev);
  };

  const onBeforeModelResolve = (ctx: Rec): ModelOverride | undefined => {
    if (opts.steering && !opts.steering()) return undefined;
    const candidate = modelRef(ctx.modelProviderId, ctx.modelId);
    if (!candidate) return undefined;
    const runId = rawString(ctx.runId);
    const agentId = rawString(ctx.agentId);
    if (runId) {
      const info = runs.touch(runId, clock.now());
      info.agentId ??= agentId;
      info.sessionKey ??= rawString(ctx.sessionKey);
      info.trigger ??= rawString(ctx.trigger);
      info.requested ??= candidate;
    }
    const pick = supervisor.route(agentId, candidate, runId, rawString(ctx.trigger));
    const split = pick ? splitRef(pick) : undefined;
    const sessionKey = rawString(ctx.sessionKey);
    const isUserPinned = opts.isUserPinned;
    // Unknown pin state (the check failed): steer as usual.
    if (split && sessionKey && isUserPinned && errors.guard("pinned_session_check", () => isUserPinned(sessionKey, agentId))) return undefined;
    return split ? { providerOverride: split.provider, modelOverride: split.model } : undefined;
  };

  const onBeforeAgentRun = (ev: Rec, ctx: Rec): RunBlock | undefined => {
    if (!supervisor.hold || (opts.steering && !opts.steering())) return undefined;
    const model = modelRef(ctx.modelProviderId, ctx.modelId);
    const why = model ? supervisor.hold(rawString(ctx.agentId), model) : undefined;
    const runId = rawString(ctx.runId);
    const sessionKey = rawString(ctx.sessionKey);
    const agentId = rawString(ctx.agentId);
    const trigger = rawString(ctx.trigger);
    if (why && model) {
      supervisor.observe({ type: "turn.held", ts: clock.now(), model, ...(agentId ? { agentId } : {}), ...(runId ? { runId } : {}), ...(sessionKey ? { sessionKey } : {}), ...(trigger ? { trigger } : {}) });
    }
    const onHeld = opts.onHeld;
    if (why && model && onHeld && runId && sessionKey && agentId) {
      const prompt = typeof ev.prompt === "string" ? ev.prompt : undefined;
      // Recording a task never changes the hold.
      errors.guard("held_task_record", () => onHeld({ runId, sessionKey, agentId, model, ...(trigger ? { trigger } : {}), ...(prompt ? { prompt } : {}) }));
    }
    return why ? { outcome: "block", reason: "self_heal_all_models_down", message: why } : undefined;
  };

  const onCronChanged = (ev: Rec): void => {
    if (ev.action !== "finished") return;
    const jobId = rawString(ev.jobId);
    if (!jobId || (ev.status !== "ok" && ev.status !== "error")) return;
    const now = clock.now();
    const raw = rawString(ev.error, 1_400);
    const error = redactedText(raw);
    const model = modelRef(ev.provider, ev.model);
    supervisor.observe({
      type: "cron.run", ts: now, jobId, ok: ev.status === "ok",
      ...(error ? { error, classification: classify(raw, { now }) } : {}),
      ...(model ? { model } : {}),
    });
  };

  const onLifecycle = (evt: Rec, data: Rec): void => {
    const runId = rawString(evt.runId);
    if (!runId) return;
    const phase = data.phase;
    if (phase === "finishing") {
      failures.finishing(runId, data);
      return;
    }
    if (phase !== "end" && phase !== "error") return;
    const ok = phase === "end";
    // A failure still waiting for its text when the run ends: its run's outcome is known now.
    failures.runEnded(runId, ok);
    const info = runs.get(runId);
    const agentId = info?.agentId ?? rawString(evt.agentId);
    if (!agentId) {
      runs.delete(runId);
      return;
    }
    const now = clock.now();
    // Only the classifier reads the run's error (its evidence is redacted); the turn keeps no text.
    const error = rawString(data.error, 300);
    const sessionKey = info?.sessionKey ?? rawString(evt.sessionKey);
    supervisor.observe({
      type: "turn", ts: now, agentId, ok, runId,
      ...(sessionKey ? { sessionKey } : {}),
      ...(info?.lastOk && ok ? { model: info.lastOk } : {}),
      ...(info?.requested ? { requested: info.requested } : {}),
      ...(info?.lastOk && info.requested && ok ? { fallbackUsed: info.lastOk !== info.requested } : {}),
      ...(info ? { durationMs: now - info.startedAt } : {}),
      ...(info?.trigger ? { trigger: info.trigger } : {}),
      ...(!ok && error ? { classification: classify(error, { now }) } : {}),
      // The run's failed model calls (their call records carry this runId and their retryCount) and whether it recovered.
      ...(info?.failedCalls ? { failedCalls: info.failedCalls, recovered: ok } : {}),
    });
    runs.delete(runId);
  };

  const onModelCallStarted = (ev: Rec, ctx: Rec): void => {
    const model = modelRef(ev.provider, ev.model);
    const runId = rawString(ev.runId) ?? rawString(ctx.runId);
    if (!model || !runId || opts.isOwnProbe?.(ev, ctx)) return;
    stalls.started(runId, {
      model, provider: rawString(ev.provider) ?? model.split("/")[0] ?? model,
      sessionKey: rawString(ev.sessionKey) ?? rawString(ctx.sessionKey), agentId: rawString(ctx.agentId) ?? runs.get(runId)?.agentId, trigger: rawString(ctx.trigger) ?? runs.get(runId)?.trigger,
    });
  };

  const handlers: Record<string, (ev: Rec, ctx: Rec) => HookResult | undefined | void> = {
    model_call_started: onModelCallStarted,
    model_call_ended: onModelCallEnded,
    llm_output: onLlmOutput,
    agent_end: onAgentEnd,
    before_model_resolve: (_ev, ctx) => onBeforeModelResolve(ctx),
    before_agent_run: (ev, ctx) => onBeforeAgentRun(ev, ctx),
    cron_changed: (ev) => onCronChanged(ev),
    gateway_start: () => supervisor.observe({ type: "gateway.started", ts: clock.now() }),
    gateway_stop: (ev) => {
      const reason = redactedText(ev.reason);
      supervisor.observe({ type: "gateway.stopping", ts: clock.now(), ...(reason ? { reason } : {}) });
    },
    "self_heal.channel_status": (ev) => {
      const channel = rawString(ev.channel, 128);
      const detail = redactedText(ev.detail);
      if (channel && typeof ev.connected === "boolean") {
        supervisor.observe({ type: "channel.observed", ts: clock.now(), channel, connected: ev.connected, ...(detail ? { detail } : {}), ...(ev.hostRestarting === true && !ev.connected ? { hostRestarting: true } : {}) });
      }
    },
  };

  return {
    hook(name, event, ctx) {
      // Own keys only: a name like "constructor" or "toString" must not reach Object.prototype.
      const handler = typeof name === "string" && Object.hasOwn(handlers, name) ? handlers[name] : undefined;
      if (!handler) return undefined;
      return errors.guard(name, () => handler(rec(event) ?? {}, rec(ctx) ?? {})) ?? undefined;
    },
    agentEvent(event) {
      errors.guard("agent_event", () => {
        const evt = rec(event);
        const data = evt ? rec(evt.data) : undefined;
        if (evt && data && evt.stream === "lifecycle") onLifecycle(evt, data);
        // Anything the model produced (assistant text, thinking, tool calls) is progress; run bookkeeping is not.
        else if (evt && typeof evt.runId === "string" && evt.stream !== "run_status" && evt.stream !== "usage") stalls.progress(evt.runId);
      });
    },
    flush: () => errors.guard("flush", () => failures.flush()),
    pendingRuns: () => runs.size(),
    hookErrors: () => errors.counts,
  };
}
