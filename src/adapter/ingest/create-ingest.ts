// Maps OpenClaw's raw hooks and agent events to domain events for the supervisor, and answers steering.
import type { Clock } from "../../domain/clock.js";
import type { DomainEvent } from "../../domain/events.js";
import type { Classification } from "../../domain/taxonomy.js";
import { classify as defaultClassify } from "../../domain/classifier/index.js";
import type { HookResult, HookSink, ModelOverride, RunBlock } from "./hook-sink.js";
import { rec, str, num, text, modelRef, splitRef, lastMessage, type Rec } from "./payload.js";
import { RunTracker, type PendingFailure } from "./run-tracker.js";
import { StallWatch } from "./stall-watch.js";

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
}

export interface Ingest extends HookSink {
  /** Reports every failed call still waiting for its error text. */
  flush(): void;
  pendingRuns(): number;
}

const FAILURE_KIND: Record<string, Classification> = {
  timeout: { category: "timeout", retryable: true, evidence: "model_call_ended failureKind=timeout" },
  connection_reset: { category: "network_error", retryable: true, evidence: "model_call_ended failureKind=connection_reset" },
  connection_closed: { category: "network_error", retryable: true, evidence: "model_call_ended failureKind=connection_closed" },
  terminated: { category: "network_error", retryable: true, evidence: "model_call_ended failureKind=terminated" },
  aborted: { category: "aborted", retryable: false, evidence: "model_call_ended failureKind=aborted" },
};

export function createIngest(opts: IngestOptions): Ingest {
  const { supervisor, clock } = opts;
  const classify = opts.classify ?? defaultClassify;
  const runs = new RunTracker();
  const correlationMs = opts.correlationMs ?? 1500;
  // A call that streams bytes but no token past its deadline is reported as a timeout of its model (hung).
  const stalls = new StallWatch({
    clock,
    ...(opts.stallMs ? { stallMs: opts.stallMs } : {}),
    onStall: (c) => supervisor.observe({
      type: "call", ts: clock.now(), model: c.model, provider: c.provider, ok: false, runId: c.runId, durationMs: clock.now() - c.startedAt,
      classification: { category: "timeout", retryable: true, evidence: `stalled: no token for ${Math.round(c.silentMs / 1000)} s (bytes without tokens do not count)` },
      ...(c.sessionKey ? { sessionKey: c.sessionKey } : {}),
      ...(c.agentId ? { agentId: c.agentId } : {}),
      ...(c.trigger ? { trigger: c.trigger } : {}),
    }),
  });

  const emitFailure = (runId: string | undefined, p: PendingFailure, classification: Classification, rawMessage?: string, recovered?: boolean): void => {
    const errorMessage = text(rawMessage);
    supervisor.observe({
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
      ...(runId ? { runId } : {}),
      ...(p.agentId ? { agentId: p.agentId } : {}),
      ...(p.trigger ? { trigger: p.trigger } : {}),
      ...(p.probe ? { probe: true } : {}),
      ...(p.retryCount !== undefined ? { retryCount: p.retryCount } : {}),
      ...(recovered !== undefined ? { recovered } : {}),
    });
  };

  const settle = (runId: string, extra?: { message?: Rec; now: number; runOk?: boolean }): void => {
    const info = runs.get(runId);
    const p = info?.pending;
    if (!info || !p) return;
    info.pending = undefined;
    const msg = extra?.message;
    const input = msg
      ? { ...msg, ...(p.failoverReason ? { failoverReason: p.failoverReason } : {}) }
      : p.failoverReason
        ? { failoverReason: p.failoverReason, message: p.lifecycleError ?? "" }
        : (p.lifecycleError ?? { message: "model call failed (no error details)" });
    const classification = p.classification ?? classify(input, { now: extra?.now ?? clock.now() });
    emitFailure(runId, p, classification, str(msg?.errorMessage, 1_400) ?? p.lifecycleError, extra?.runOk);
  };

  const onModelCallEnded = (ev: Rec, ctx: Rec): void => {
    const model = modelRef(ev.provider, ev.model);
    if (!model) return;
    const provider = str(ev.provider) ?? model.split("/")[0] ?? model;
    const runId = str(ev.runId) ?? str(ctx.runId);
    const now = clock.now();
    const probe = opts.isOwnProbe?.(ev, ctx) ?? false;
    const agentId = str(ctx.agentId);
    const trigger = str(ctx.trigger);
    const sessionKey = str(ev.sessionKey) ?? str(ctx.sessionKey);
    const alreadyStalled = runId !== undefined && !probe && stalls.ended(runId, ev.outcome === "completed", num(ev.durationMs), model);
    if (alreadyStalled && ev.outcome !== "completed") return;
    // Which call of its run this is (the host orders a run's calls; retries and fallbacks included).
    const info = runId ? runs.touch(runId, now) : undefined;
    const retryCount = info ? (info.calls ?? 0) : undefined;
    if (info) info.calls = (info.calls ?? 0) + 1;
    if (ev.outcome === "completed") {
      const failedBefore = (info?.failedCalls ?? 0) > 0;
      if (runId && info) {
        info.lastOk = model;
        if (info.pending) settle(runId);
      }
      supervisor.observe({
        type: "call", ts: now, model, provider, ok: true,
        ...(num(ev.durationMs) !== undefined ? { durationMs: num(ev.durationMs) } : {}),
        ...(sessionKey ? { sessionKey } : {}),
        ...(str(ev.sessionId) ? { sessionId: str(ev.sessionId) } : {}),
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
    const pending: PendingFailure = { model, provider, ts: now, durationMs: num(ev.durationMs), sessionKey, sessionId: str(ev.sessionId), agentId, trigger, probe, retryCount };
    const kind = str(ev.failureKind);
    const known = kind && Object.hasOwn(FAILURE_KIND, kind) ? FAILURE_KIND[kind] : undefined;
    if (known || !runId) {
      emitFailure(runId, pending, known ?? classify(ev, { now }));
      return;
    }
    const run = runs.touch(runId, now);
    run.attempts++;
    if (run.pending) settle(runId);
    run.pending = pending;
    clock.setTimer(now + correlationMs, () => settle(runId));
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
    const runId = str(ev.runId) ?? str(ctx.runId);
    const agentId = str(ctx.agentId);
    const trigger = str(ctx.trigger);
    supervisor.observe({
      type: "call.usage", ts: clock.now(), model, provider: str(ev.provider) ?? model.split("/")[0] ?? model, tokens,
      ...(input !== undefined ? { input } : {}),
      ...(output !== undefined ? { output } : {}),
      ...(runId ? { runId } : {}),
      ...(agentId ? { agentId } : {}),
      ...(trigger ? { trigger } : {}),
    });
  };

  const onAgentEnd = (ev: Rec, ctx: Rec): void => {
    const runId = str(ev.runId) ?? str(ctx.runId);
    if (!runId) return;
    const info = runs.get(runId);
    if (!info?.pending) return;
    const msg = lastMessage(ev);
    if (msg && msg.stopReason === "error") settle(runId, { message: msg, now: clock.now() });
    else if (str(ev.error)) settle(runId, { message: { errorMessage: ev.error }, now: clock.now() });
  };

  const onBeforeModelResolve = (ctx: Rec): ModelOverride | undefined => {
    if (opts.steering && !opts.steering()) return undefined;
    const candidate = modelRef(ctx.modelProviderId, ctx.modelId);
    if (!candidate) return undefined;
    const runId = str(ctx.runId);
    const agentId = str(ctx.agentId);
    if (runId) {
      const info = runs.touch(runId, clock.now());
      info.agentId ??= agentId;
      info.sessionKey ??= str(ctx.sessionKey);
      info.trigger ??= str(ctx.trigger);
      info.requested ??= candidate;
    }
    const pick = supervisor.route(agentId, candidate, runId, str(ctx.trigger));
    const split = pick ? splitRef(pick) : undefined;
    const sessionKey = str(ctx.sessionKey);
    if (split && sessionKey && opts.isUserPinned) {
      try {
        if (opts.isUserPinned(sessionKey, agentId)) return undefined;
      } catch {
        // unknown pin state: steer as usual
      }
    }
    return split ? { providerOverride: split.provider, modelOverride: split.model } : undefined;
  };

  const onBeforeAgentRun = (ev: Rec, ctx: Rec): RunBlock | undefined => {
    if (!supervisor.hold || (opts.steering && !opts.steering())) return undefined;
    const model = modelRef(ctx.modelProviderId, ctx.modelId);
    const why = model ? supervisor.hold(str(ctx.agentId), model) : undefined;
    const runId = str(ctx.runId);
    const sessionKey = str(ctx.sessionKey);
    const agentId = str(ctx.agentId);
    if (why && model) {
      const trigger = str(ctx.trigger);
      supervisor.observe({ type: "turn.held", ts: clock.now(), model, ...(agentId ? { agentId } : {}), ...(runId ? { runId } : {}), ...(sessionKey ? { sessionKey } : {}), ...(trigger ? { trigger } : {}) });
    }
    if (why && model && opts.onHeld && runId && sessionKey && agentId) {
      try {
        const prompt = typeof ev.prompt === "string" ? ev.prompt : undefined;
        opts.onHeld({ runId, sessionKey, agentId, model, ...(str(ctx.trigger) ? { trigger: str(ctx.trigger) as string } : {}), ...(prompt ? { prompt } : {}) });
      } catch {
        // recording a task never changes the hold
      }
    }
    return why ? { outcome: "block", reason: "self_heal_all_models_down", message: why } : undefined;
  };

  const onCronChanged = (ev: Rec): void => {
    if (ev.action !== "finished") return;
    const jobId = str(ev.jobId);
    if (!jobId || (ev.status !== "ok" && ev.status !== "error")) return;
    const now = clock.now();
    const raw = str(ev.error, 1_400);
    const error = text(raw);
    const model = modelRef(ev.provider, ev.model);
    supervisor.observe({
      type: "cron.run", ts: now, jobId, ok: ev.status === "ok",
      ...(error ? { error, classification: classify(raw, { now }) } : {}),
      ...(model ? { model } : {}),
    });
  };

  const onLifecycle = (evt: Rec, data: Rec): void => {
    const runId = str(evt.runId);
    if (!runId) return;
    const phase = data.phase;
    const info = runs.get(runId);
    if (phase === "finishing" && info?.pending) {
      const obs = rec(data.errorObservation);
      const reason = str(obs?.failoverReason);
      if (reason) info.pending.failoverReason = reason;
      const error = str(data.error, 1_400);
      if (error) info.pending.lifecycleError = error;
      return;
    }
    if (phase !== "end" && phase !== "error") return;
    // A failure still waiting for its text when the run ends: its run's outcome is known now.
    if (info?.pending) settle(runId, { now: clock.now(), runOk: phase === "end" });
    const agentId = info?.agentId ?? str(evt.agentId);
    if (!agentId) {
      runs.delete(runId);
      return;
    }
    const now = clock.now();
    const ok = phase === "end";
    const error = str(data.error, 300);
    const sessionKey = info?.sessionKey ?? str(evt.sessionKey);
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
    const runId = str(ev.runId) ?? str(ctx.runId);
    if (!model || !runId || opts.isOwnProbe?.(ev, ctx)) return;
    stalls.started(runId, {
      model, provider: str(ev.provider) ?? model.split("/")[0] ?? model,
      sessionKey: str(ev.sessionKey) ?? str(ctx.sessionKey), agentId: str(ctx.agentId) ?? runs.get(runId)?.agentId, trigger: str(ctx.trigger) ?? runs.get(runId)?.trigger,
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
    gateway_stop: (ev) => supervisor.observe({ type: "gateway.stopping", ts: clock.now(), ...(text(ev.reason) ? { reason: text(ev.reason) } : {}) }),
    "self_heal.channel_status": (ev) => {
      const channel = str(ev.channel, 128);
      if (channel && typeof ev.connected === "boolean") {
        supervisor.observe({ type: "channel.observed", ts: clock.now(), channel, connected: ev.connected, ...(text(ev.detail) ? { detail: text(ev.detail) } : {}), ...(ev.hostRestarting === true && !ev.connected ? { hostRestarting: true } : {}) });
      }
    },
  };

  return {
    hook(name, event, ctx) {
      try {
        // Own keys only: a name like "constructor" or "toString" must not reach Object.prototype.
        const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
        if (!handler) return undefined;
        const result = handler(rec(event) ?? {}, rec(ctx) ?? {});
        return result ?? undefined;
      } catch {
        return undefined;
      }
    },
    agentEvent(event) {
      try {
        const evt = rec(event);
        const data = evt ? rec(evt.data) : undefined;
        if (evt && data && evt.stream === "lifecycle") onLifecycle(evt, data);
        // Anything the model produced (assistant text, thinking, tool calls) is progress; run bookkeeping is not.
        else if (evt && typeof evt.runId === "string" && evt.stream !== "run_status" && evt.stream !== "usage") stalls.progress(evt.runId);
      } catch {
        // never throw into the gateway
      }
    },
    flush() {
      for (const runId of runs.keys()) settle(runId);
    },
    pendingRuns: () => runs.size(),
  };
}
