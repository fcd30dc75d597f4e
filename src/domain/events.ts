// Domain events: past-tense facts the supervisor consumes. The adapter (real gateway) and the
// simulated host (rehearsal) both produce exactly these. Each carries its own time `ts` (epoch ms).
import type { Category, Classification } from "./taxonomy.js";
import type { OperatorRequested } from "./operator.js";

export type ModelRef = string; // "provider/model"

/** One model request finished (the journal's per-call record). */
export interface CallObserved {
  readonly type: "call";
  readonly ts: number;
  readonly model: ModelRef;
  readonly provider: string;
  readonly ok: boolean;
  readonly classification?: Classification;
  readonly durationMs?: number;
  readonly errorMessage?: string;
  readonly sessionId?: string;
  readonly sessionKey?: string;
  readonly runId?: string;
  readonly agentId?: string;
  readonly trigger?: string;
  readonly retryCount?: number;
  /** True when this call belongs to a turn that still ended answered (by this or another model). */
  readonly recovered?: boolean;
  /** True when the call was our own health probe. */
  readonly probe?: boolean;
  readonly tokens?: number;
}

/** OpenClaw reported the token usage of one model attempt (llm_output); the quota watch counts it. */
export interface UsageObserved {
  readonly type: "call.usage";
  readonly ts: number;
  readonly model: ModelRef;
  readonly provider: string;
  /** input + output (cache reads and writes are not counted). */
  readonly tokens: number;
  readonly input?: number;
  readonly output?: number;
  readonly runId?: string;
  readonly agentId?: string;
  readonly trigger?: string;
}

/** A whole agent turn ended (after OpenClaw's own retries and fallbacks). */
export interface TurnObserved {
  readonly type: "turn";
  readonly ts: number;
  readonly agentId: string;
  readonly sessionKey?: string;
  readonly runId?: string;
  readonly ok: boolean;
  /** The model that answered, when one did. */
  readonly model?: ModelRef;
  readonly requested?: ModelRef;
  readonly fallbackUsed?: boolean;
  readonly durationMs?: number;
  readonly classification?: Classification;
  readonly trigger?: string;
  /** Reference to the user's message (never its content). */
  readonly messageRef?: string;
  /** Model calls of this run that failed, and (when any did) whether the run still ended answered. */
  readonly failedCalls?: number;
  readonly recovered?: boolean;
}

/**
 * The supervisor held a turn back (before_agent_run) because every model of its agent was routed around.
 * With the last failures of each candidate, it starts the agent's outage (no probe of a fallback needed).
 */
export interface TurnHeld {
  readonly type: "turn.held";
  readonly ts: number;
  /** The agent; when OpenClaw gave none, the first agent whose chain holds `model`. */
  readonly agentId?: string;
  readonly model: ModelRef;
  readonly runId?: string;
  readonly sessionKey?: string;
  readonly trigger?: string;
}

export interface ChannelObserved {
  readonly type: "channel.observed";
  readonly ts: number;
  readonly channel: string;
  readonly connected: boolean;
  readonly detail?: string;
  /** OpenClaw itself has a restart of this channel pending (its reading's `restartPending`). */
  readonly hostRestarting?: boolean;
}

export interface CronRunObserved {
  readonly type: "cron.run";
  readonly ts: number;
  readonly jobId: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly classification?: Classification;
  readonly model?: ModelRef;
}

export interface ProbeObserved {
  readonly type: "probe.result";
  readonly ts: number;
  readonly model: ModelRef;
  readonly ok: boolean;
  readonly classification?: Classification;
  readonly durationMs?: number;
}

export interface GatewayObserved {
  readonly type: "gateway.started" | "gateway.stopping";
  readonly ts: number;
  readonly reason?: string;
}

/** An operator asked to clear a disabled/cooled actor (CLI, tool, RPC). */
export interface ClearRequested {
  readonly type: "actor.cleared";
  readonly ts: number;
  readonly target: string;
  readonly by?: string;
}

/**
 * Another gateway sharing health through Redis (src/shared-health) reported a model's cooldown, disable or probe
 * result; this gateway learned it. Journaled as its own record, so a replay never reads Redis.
 */
export interface PeerHealthLearned {
  readonly type: "peer.health";
  readonly ts: number;
  readonly model: ModelRef;
  /** The reporting gateway's name (never a secret). */
  readonly gateway: string;
  readonly kind: "cooldown" | "disabled" | "probe";
  /** Probe results only. */
  readonly ok?: boolean;
  readonly category?: Category;
  readonly evidence?: string;
  /** Cooldown/disable deadline on the reporting gateway, epoch ms. */
  readonly until?: number;
  /** The provider's retry hint the reporting gateway saw, ms. */
  readonly retryAfterMs?: number;
}

export type DomainEvent =
  | PeerHealthLearned
  | CallObserved
  | UsageObserved
  | TurnObserved
  | TurnHeld
  | ChannelObserved
  | CronRunObserved
  | ProbeObserved
  | GatewayObserved
  | ClearRequested
  | OperatorRequested;

export type DomainEventType = DomainEvent["type"];

export function providerOf(model: ModelRef): string {
  const slash = model.indexOf("/");
  return slash > 0 ? model.slice(0, slash) : model;
}
