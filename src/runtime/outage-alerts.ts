// The alerts raised when an agent's whole chain is down, and when it comes back.
import type { Effect } from "../domain/effects.js";

export interface CandidateReport {
  readonly model: string;
  readonly state: string;
  readonly category?: string | undefined;
  readonly evidence?: string | undefined;
}

export function outageAlert(agentId: string, candidates: readonly CandidateReport[]): Effect {
  const lines = [
    `All models of agent "${agentId}" are failing.`,
    ...candidates.map((c) => `- ${c.model}: ${c.state}${c.category ? `, ${c.category}` : ""}${c.evidence ? ` (${c.evidence})` : ""}`),
    // True at every config: OpenClaw lets a plugin probe an agent's own primary, a fallback only with the override.
    "Self-heal keeps testing them: the agent's primary with a probe (with jitter); a fallback with a probe only where",
    "plugins.entries.self-heal.subagent.allowModelOverride is true, otherwise with the next real turn.",
    "It switches back as soon as one answers.",
  ];
  return {
    action: "alert",
    target: "owner",
    reason: "all models down",
    params: { severity: "critical", key: `outage|${agentId}`, title: `[self-heal] outage: every model of agent ${agentId} is down`, lines, agentId },
  };
}

export function recoveryAlert(agentId: string): Effect {
  return {
    action: "alert",
    target: "owner",
    reason: "outage over",
    params: { severity: "info", key: `recovered|${agentId}`, title: `[self-heal] recovered: agent ${agentId} is answering again`, lines: [`Agent "${agentId}" has a working model again.`], agentId },
  };
}
