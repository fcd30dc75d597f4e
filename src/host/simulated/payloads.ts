// Raw hook and agent-event payloads in the shapes the real gateway emits (research/e2e-probe/results/hook-samples.json).
import type { Fault } from "./faults.js";

export const RETRY_PREFIX = "[Retry after the previous model attempt failed or timed out]\n\n";
export const WORKSPACE_DIR = "/home/user/.openclaw/workspace";
export const GATEWAY_PORT = 18789;

/** Who a run is for: the fields every agent-hook ctx carries. */
export interface RunIdentity {
  readonly runId: string;
  readonly agentId: string;
  readonly sessionId: string;
  readonly sessionKey: string;
  readonly trigger: "user" | "cron";
  readonly jobId?: string | undefined;
}

export function splitModel(ref: string): { provider: string; model: string } {
  const i = ref.indexOf("/");
  return i > 0 ? { provider: ref.slice(0, i), model: ref.slice(i + 1) } : { provider: ref, model: ref };
}

function apiOf(provider: string): string {
  if (provider === "google" || provider === "gemini") return "google-generative-ai";
  if (provider === "anthropic") return "anthropic-messages";
  return "openai-completions";
}

/** ctx of before_model_resolve / before_agent_run / agent_end (PluginHookAgentContext). */
export function agentCtx(run: RunIdentity, model: string): Record<string, unknown> {
  const { provider, model: modelId } = splitModel(model);
  return {
    agentId: run.agentId, sessionKey: run.sessionKey, sessionId: run.sessionId, runId: run.runId,
    modelProviderId: provider, modelId, trigger: run.trigger, workspaceDir: WORKSPACE_DIR,
    ...(run.jobId ? { jobId: run.jobId } : {}),
  };
}

/** ctx of model_call_started / model_call_ended (no agentId there, as in the real gateway). */
export function modelCallCtx(run: RunIdentity, model: string): Record<string, unknown> {
  const { provider, model: modelId } = splitModel(model);
  return {
    contextTokenBudget: 128000, contextWindowSource: "modelsConfig", modelId, modelProviderId: provider,
    runId: run.runId, sessionId: run.sessionId, sessionKey: run.sessionKey, trace: { traceId: run.runId },
  };
}

export function modelCallStarted(run: RunIdentity, model: string): Record<string, unknown> {
  const { provider, model: modelId } = splitModel(model);
  return {
    runId: run.runId, callId: `${run.runId}:model:1`, sessionKey: run.sessionKey, sessionId: run.sessionId,
    provider, model: modelId, api: apiOf(provider), transport: "auto", contextTokenBudget: 128000, contextWindowSource: "modelsConfig",
  };
}

export interface CallEnd {
  readonly durationMs: number;
  readonly fault?: Fault | undefined;
  readonly timeToFirstByteMs?: number | undefined;
}

export function modelCallEnded(run: RunIdentity, model: string, end: CallEnd): Record<string, unknown> {
  const f = end.fault;
  const base = {
    ...modelCallStarted(run, model),
    durationMs: end.durationMs,
    outcome: f ? "error" : "completed",
    requestPayloadBytes: 146_110,
    responseStreamBytes: f ? (f.kind === "hang" ? 0 : 600) : 583,
    ...(end.timeToFirstByteMs !== undefined ? { timeToFirstByteMs: end.timeToFirstByteMs } : {}),
  };
  if (!f) return base;
  return {
    ...base,
    errorCategory: "Error",
    ...(f.failureKind ? { failureKind: f.failureKind } : {}),
    ...(f.failureKind === "timeout" || f.failureKind === "connection_reset"
      ? { memory: { rssBytes: 1_300_000_000, heapTotalBytes: 720_000_000, heapUsedBytes: 480_000_000, externalBytes: 44_000_000, arrayBuffersBytes: 5_000_000 } }
      : {}),
  };
}

const ZERO_USAGE = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } };

export function userMessage(prompt: string, ts: number): Record<string, unknown> {
  return { role: "user", content: [{ type: "text", text: prompt }], timestamp: ts };
}

/** The assistant message of one attempt: an answer, or `stopReason:"error"` with the provider's text. */
export function assistantMessage(model: string, ts: number, fault: Fault | undefined, n: number): Record<string, unknown> {
  const { provider, model: modelId } = splitModel(model);
  const common = { api: apiOf(provider), provider, model: modelId, timestamp: ts };
  if (!fault) {
    return {
      role: "assistant", content: [{ type: "text", text: `(simulated answer ${n} from ${model})` }], ...common,
      usage: { ...ZERO_USAGE, input: 11, output: 7, totalTokens: 18 }, stopReason: "stop", responseId: `chatcmpl-sim-${ts}-${n}`,
    };
  }
  const body = fault.errorCode || fault.errorType
    ? { error: { message: fault.errorMessage.replace(/^\d{3} /, "").replace(/; Retry-After: \d+ seconds$/, ""), type: fault.errorType, code: fault.errorCode } }
    : undefined;
  return {
    role: "assistant", content: [], ...common, usage: ZERO_USAGE, stopReason: "error", errorMessage: fault.errorMessage,
    ...(fault.errorCode ? { errorCode: fault.errorCode } : {}),
    ...(fault.errorType ? { errorType: fault.errorType } : {}),
    ...(body ? { errorBody: JSON.stringify(body) } : {}),
  };
}

/** agent_end of one attempt. A hang ends without an assistant message and with success:false. */
export function agentEnd(run: RunIdentity, messages: unknown[], success: boolean, durationMs: number): Record<string, unknown> {
  return { messages, success, durationMs, runId: run.runId };
}

export function llmOutput(run: RunIdentity, model: string, assistant: Record<string, unknown> | undefined): Record<string, unknown> {
  const { provider, model: modelId } = splitModel(model);
  const texts = assistant && assistant.stopReason === "stop" ? [`(simulated answer from ${model})`] : [];
  return {
    runId: run.runId, sessionId: run.sessionId, provider, model: modelId, contextTokenBudget: 128000, contextWindowSource: "modelsConfig",
    resolvedRef: model, harnessId: "openclaw", assistantTexts: texts, ...(assistant ? { lastAssistant: assistant } : {}),
  };
}

/** An agent event as `api.runtime.events.onAgentEvent` delivers it. */
export function agentEvent(run: RunIdentity, seq: number, ts: number, stream: string, data: Record<string, unknown>): Record<string, unknown> {
  return { runId: run.runId, seq, stream, ts, data, sessionKey: run.sessionKey, agentId: run.agentId };
}

export function errorObservation(model: string, fault: Fault): Record<string, unknown> {
  const { provider, model: modelId } = splitModel(model);
  return { provider, model: modelId, failoverReason: fault.failoverReason, providerRuntimeFailureKind: fault.runtimeKind };
}

export interface CandidateFailure {
  readonly model: string;
  readonly fault: Fault;
}

/** `All models failed (n): p/m: text (reason) | …` — OpenClaw's exhausted-chain error. */
export function allModelsFailed(failures: readonly CandidateFailure[]): string {
  const parts = failures.map((f) => `${f.model}: ${f.fault.userText} (${f.fault.failoverReason})`);
  return `All models failed (${failures.length}): ${parts.join(" | ")}`;
}

export function cronChanged(fields: Record<string, unknown>): Record<string, unknown> {
  return { sessionTarget: "isolated", agentId: "main", ...fields };
}

export function gatewayCtx(): Record<string, unknown> {
  return { port: GATEWAY_PORT, workspaceDir: WORKSPACE_DIR };
}
