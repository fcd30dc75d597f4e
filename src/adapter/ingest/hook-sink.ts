// What OpenClaw (real or simulated) feeds the plugin: raw typed-hook payloads and agent events.

/** before_model_resolve's result, as OpenClaw expects it. */
export interface ModelOverride {
  readonly providerOverride: string;
  readonly modelOverride: string;
}

/** before_agent_run's gate result (a block stops the run before any model request). */
export interface RunBlock {
  readonly outcome: "block";
  readonly reason: string;
  readonly message?: string;
}

export type HookResult = ModelOverride | RunBlock;

export interface HookSink {
  /**
   * One typed hook fired with its raw `(event, ctx)` payload, exactly as the gateway passes it.
   * Returns the hook result for modifying and gate hooks (before_model_resolve, before_agent_run), otherwise undefined.
   * Never throws and never awaits.
   */
  hook(name: string, event: unknown, ctx: unknown): HookResult | undefined;
  /** One event from `api.runtime.events.onAgentEvent` ({runId, seq, stream, ts, data, sessionKey?, agentId?}). */
  agentEvent(event: unknown): void;
}
