// One agent turn the way OpenClaw 2026.9.6 runs it: hooks per candidate, same-model retry ladder, turn-local fallback.
import type { ModelOverride } from "../../adapter/ingest/hook-sink.js";
import { BREAKER_TEXT, type Fault } from "./faults.js";
import { nextLadderStep } from "./retry-policy.js";
import {
  RETRY_PREFIX, agentCtx, agentEnd, agentEvent, allModelsFailed, assistantMessage, errorObservation, llmOutput,
  modelCallCtx, modelCallEnded, modelCallStarted, userMessage, type CandidateFailure, type RunIdentity,
} from "./payloads.js";
import { sendRequest } from "./provider-request.js";
import { between, sleep, type SimContext } from "./sim-context.js";

export interface TurnPlan {
  readonly run: RunIdentity;
  readonly session: string;
  readonly prompt: string;
  /** Candidates in order: the requested model, then fallbacks (a strict session has one). */
  readonly chain: readonly string[];
  readonly arrivedAt: number;
}

export type TurnOutcome = "answered" | "failed" | "breaker" | "blocked" | "claimed";

export interface TurnRecord {
  readonly runId: string;
  readonly agentId: string;
  readonly session: string;
  readonly trigger: "user" | "cron";
  readonly jobId?: string | undefined;
  readonly arrivedAt: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly ok: boolean;
  readonly outcome: TurnOutcome;
  /** The model that answered. */
  readonly model?: string | undefined;
  readonly requested: string;
  /** Requests sent to providers during the turn. */
  readonly requests: number;
  readonly error?: string | undefined;
  /** A re-run of a recorded task (task recovery), not a new user turn. */
  readonly recovery?: boolean;
}

function overrideOf(result: unknown): string | undefined {
  const r = result as Partial<ModelOverride> | undefined;
  if (!r || typeof r.modelOverride !== "string" || r.modelOverride.length === 0) return undefined;
  if (typeof r.providerOverride === "string" && r.providerOverride.length > 0) return `${r.providerOverride}/${r.modelOverride}`;
  return r.modelOverride.includes("/") ? r.modelOverride : undefined;
}

/** before_agent_run's gate result `{outcome:"block", reason, message?}`. */
function blockOf(result: unknown): string | undefined {
  const r = result as { outcome?: unknown; reason?: unknown; message?: unknown } | undefined;
  if (!r || r.outcome !== "block") return undefined;
  return typeof r.message === "string" ? r.message : typeof r.reason === "string" ? r.reason : "blocked by a plugin";
}

/** before_agent_reply's claim `{handled:true, reply?}`. */
function claimOf(result: unknown): string | undefined {
  const r = result as { handled?: unknown; reply?: unknown } | undefined;
  if (!r || r.handled !== true) return undefined;
  return typeof r.reply === "string" ? r.reply : "";
}

export async function runTurn(sim: SimContext, plan: TurnPlan): Promise<TurnRecord> {
  const { run, prompt, chain } = plan;
  const { clock, sink } = sim;
  const startedAt = clock.now();
  const requested = chain[0] ?? "";
  let requests = 0;
  const lifecycle = (data: Record<string, unknown>, stream = "lifecycle") => sink.agentEvent(agentEvent(run, sim.nextSeq(), clock.now(), stream, data));
  const finish = (outcome: TurnOutcome, extra: { model?: string; error?: string } = {}): TurnRecord => ({
    runId: run.runId, agentId: run.agentId, session: plan.session, trigger: run.trigger, ...(run.jobId ? { jobId: run.jobId } : {}),
    arrivedAt: plan.arrivedAt, startedAt, endedAt: clock.now(), ok: outcome === "answered", outcome, requested, requests, ...extra,
  });

  const claim = claimOf(sink.hook("before_agent_reply", { cleanedBody: prompt }, agentCtx(run, requested)));
  if (claim !== undefined) return finish("claimed", { error: claim || "reply claimed by a plugin" });
  lifecycle({ phase: "start", startedAt });

  const failures: CandidateFailure[] = [];
  let idleTimeouts = 0;
  for (let i = 0; i < chain.length; i++) {
    const candidate = chain[i] as string;
    const attemptPrompt = i === 0 ? prompt : RETRY_PREFIX + prompt;
    if (i > 0) lifecycle({ phase: "model", provider: null });
    const model = overrideOf(sink.hook("before_model_resolve", { prompt: attemptPrompt }, agentCtx(run, candidate))) ?? candidate;
    const blocked = blockOf(sink.hook("before_agent_run", { prompt: attemptPrompt, messages: [], systemPrompt: "You are a personal assistant running inside OpenClaw." }, agentCtx(run, model)));
    if (blocked !== undefined) {
      lifecycle({ phase: "error", error: blocked });
      return finish("blocked", { error: blocked });
    }
    let attempts = 0;
    let firstStartMs = clock.now();
    for (;;) {
      await sleep(clock, between(sim.rng, 150, 500));
      attempts++;
      requests++;
      if (attempts === 1) firstStartMs = clock.now();
      const attemptStart = clock.now();
      sink.hook("model_call_started", modelCallStarted(run, model), modelCallCtx(run, model));
      const result = await sendRequest(sim, model, { probe: false, runId: run.runId });
      const fault = result.fault;
      sink.hook("model_call_ended", modelCallEnded(run, model, result), modelCallCtx(run, model));
      const user = userMessage(attemptPrompt, attemptStart);
      if (!fault) {
        const answer = assistantMessage(model, clock.now(), undefined, requests);
        sink.hook("agent_end", agentEnd(run, [user, answer], true, clock.now() - attemptStart), agentCtx(run, model));
        sink.hook("llm_output", llmOutput(run, model, answer), agentCtx(run, model));
        lifecycle({ phase: "end", stopReason: "stop", endedAt: clock.now() });
        return finish("answered", { model });
      }
      idleTimeouts = fault.kind === "hang" ? idleTimeouts + 1 : 0;
      emitAttemptFailure(sim, run, model, fault, user, clock.now() - attemptStart, lifecycle);
      const step = nextLadderStep(fault, { attempts, firstStartMs, idleTimeouts }, clock.now(), sim.rng());
      if (step.kind === "retry") {
        lifecycle({ phase: "retrying", message: `Retrying… ${attempts + 1}/${step.maxAttempts}`, attempt: attempts + 1, maxAttempts: step.maxAttempts, delayMs: step.delayMs, reason: fault.failoverReason }, "run_status");
        await sleep(clock, step.delayMs);
        continue;
      }
      if (step.kind === "stop") {
        const error = step.why === "breaker" ? BREAKER_TEXT : fault.userText;
        lifecycle({ phase: "error", error, errorObservation: errorObservation(model, fault) });
        return finish(step.why === "breaker" ? "breaker" : "failed", { error });
      }
      failures.push({ model, fault });
      break;
    }
  }
  const last = failures[failures.length - 1];
  const error = chain.length > 1 || failures.length > 1 ? allModelsFailed(failures) : (last?.fault.userText ?? "no model to run");
  lifecycle({ phase: "error", error, ...(last ? { errorObservation: errorObservation(last.model, last.fault) } : {}), ...(chain.length > 1 ? { fallbackExhaustedFailure: true } : {}) });
  return finish("failed", { error });
}

/** finishing (for provider errors), agent_end and llm_output of one failed attempt, in the gateway's order. */
function emitAttemptFailure(
  sim: SimContext, run: RunIdentity, model: string, fault: Fault, user: Record<string, unknown>, durationMs: number,
  lifecycle: (data: Record<string, unknown>) => void,
): void {
  const { sink, clock } = sim;
  if (fault.kind === "hang" || fault.kind === "abort") {
    sink.hook("agent_end", agentEnd(run, [user], false, durationMs), agentCtx(run, model));
    sink.hook("llm_output", llmOutput(run, model, undefined), agentCtx(run, model));
    return;
  }
  lifecycle({ phase: "finishing", error: fault.userText, errorObservation: errorObservation(model, fault) });
  const assistant = assistantMessage(model, clock.now(), fault, 0);
  sink.hook("agent_end", agentEnd(run, [user, assistant], true, durationMs), agentCtx(run, model));
  sink.hook("llm_output", llmOutput(run, model, assistant), agentCtx(run, model));
}
