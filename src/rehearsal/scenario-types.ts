// A validated rehearsal scenario (../shared/DESIGN.md "Rehearsal scenarios"), with every time resolved to epoch ms.
import type { AgentChain } from "../config/topology.js";
import type { SelfHealConfig } from "../config/types.js";
import type { CronSetup, WorldChange } from "../host/simulated/world.js";

export interface TurnStep {
  readonly session: string;
  readonly agentId?: string | undefined;
  /** A model the user pinned (strict, no fallback). */
  readonly model?: string | undefined;
  readonly prompt?: string | undefined;
}

export interface LoadStep {
  readonly turnsPerMinute: number;
  readonly sessions: number;
  readonly untilMs: number;
  readonly agentId?: string | undefined;
  readonly sessionPrefix: string;
}

interface StepBase {
  /** Position in the file's `steps` (for messages). */
  readonly index: number;
  readonly atMs: number;
}

export type ScenarioStep =
  | (StepBase & { readonly kind: "world"; readonly change: WorldChange })
  | (StepBase & { readonly kind: "turn"; readonly turn: TurnStep })
  | (StepBase & { readonly kind: "load"; readonly load: LoadStep })
  | (StepBase & { readonly kind: "hook"; readonly name: string; readonly event: unknown; readonly ctx: unknown })
  | (StepBase & { readonly kind: "agentEvent"; readonly event: unknown });

export interface ScenarioOpenClaw {
  readonly agents: readonly AgentChain[];
  readonly channels: readonly string[];
  readonly cron: readonly CronSetup[];
  readonly configValid: boolean;
  /** Provider request timeout in seconds (stalls and hangs end after it). */
  readonly timeoutSeconds: number;
  /**
   * plugins.entries.self-heal.subagent.allowModelOverride (default false, as in OpenClaw): without it the gateway
   * refuses a probe that names a model other than the agent's primary, so a fallback is never probed.
   */
  readonly allowModelOverride: boolean;
}

export interface Scenario {
  readonly name: string;
  readonly description?: string | undefined;
  readonly startMs: number;
  readonly untilMs: number;
  /** The plugin config as parsed (defaults applied); a rehearsal always runs it dry. */
  readonly config: SelfHealConfig;
  readonly openclaw: ScenarioOpenClaw;
  readonly steps: readonly ScenarioStep[];
  /** Simulated gateways (1–8; default 1). Above 1 the rehearsal runs them sharing health and each on its own. */
  readonly gateways?: number;
}

export type ScenarioResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: string[] };
