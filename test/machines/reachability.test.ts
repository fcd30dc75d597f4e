import { describe, expect, it } from "vitest";
import type { AnyMachineSnapshot, AnyStateMachine } from "xstate";
import { getShortestPaths } from "xstate/graph";
import {
  CHANNEL_STATES,
  channelMachine,
  CRON_JOB_STATES,
  cronJobMachine,
  GATEWAY_STATES,
  gatewayMachine,
  MODEL_STATES,
  modelMachine,
  stateName,
} from "../../machines/index.js";

const T0 = Date.UTC(2026, 1, 12, 13, 0, 0);

/** Time for the next sample event: the current deadline, so DEADLINEs are due and time never runs backwards. */
function nowOf(snap: AnyMachineSnapshot): number {
  const until = (snap.context as { until?: number }).until;
  return until ?? T0;
}

function reachable(machine: AnyStateMachine, input: unknown, events: (snap: AnyMachineSnapshot) => unknown[], key: (snap: AnyMachineSnapshot) => string) {
  const paths = getShortestPaths(machine, {
    input,
    events: events as never,
    serializeState: ((snap: AnyMachineSnapshot) => key(snap)) as never,
    limit: 10_000,
  });
  return new Set(paths.map((p) => stateName(p.state as AnyMachineSnapshot)));
}

describe("every state is reachable (xstate/graph shortest paths)", () => {
  it("model: healthy, cooldown, probing, recovered, disabled", () => {
    const failure = (now: number, category: string, type = "CALL_FAILED") => ({ type, now, category, evidence: "sample" });
    const states = reachable(
      modelMachine,
      { id: "p/m", seed: 1, now: T0, options: { successesToRecover: 2 } },
      (snap) => {
        const now = nowOf(snap);
        return [
          { type: "CALL_SUCCEEDED", now },
          { type: "PROBE_SUCCEEDED", now },
          failure(now, "server_overload"),
          failure(now, "auth_failed"),
          failure(now, "aborted"),
          failure(now, "server_error", "PROBE_FAILED"),
          failure(now, "quota_exhausted", "PROBE_FAILED"),
          { type: "DEADLINE", now },
          { type: "CLEARED", now },
          { type: "OPTIONS_UPDATED", now, options: { failureThreshold: 1 } },
        ];
      },
      (snap) => {
        const c = snap.context as { probePhase?: string; disabledBy?: string; probeSuccesses: number };
        return `${stateName(snap)}|${c.probePhase ?? ""}|${c.disabledBy ?? ""}|${c.probeSuccesses}`;
      },
    );
    expect([...states].sort()).toEqual([...MODEL_STATES].sort());
  });

  it("channel: connected, disconnected, restarting, startup_grace, given_up", () => {
    const states = reachable(
      channelMachine,
      { id: "whatsapp", now: T0, options: { disconnectThreshold: 2, restartBudgetMax: 1 } },
      (snap) => {
        const now = nowOf(snap);
        return [
          { type: "OBSERVED", now, connected: false, detail: "socket closed" },
          { type: "OBSERVED", now, connected: true },
          { type: "RESTART_DONE", now, ok: true },
          { type: "RESTART_DONE", now, ok: false, error: "exit 1" },
          { type: "DEADLINE", now },
          { type: "CLEARED", now },
          { type: "OPTIONS_UPDATED", now, options: {} },
        ];
      },
      (snap) => {
        const c = snap.context as { streak: number; restarts: number[] };
        return `${stateName(snap)}|${c.streak}|${c.restarts.length}`;
      },
    );
    expect([...states].sort()).toEqual([...CHANNEL_STATES].sort());
  });

  it("cron job: ok, failing, disabled", () => {
    const states = reachable(
      cronJobMachine,
      { id: "daily", now: T0 },
      () => [
        { type: "RUN_FINISHED", now: T0, ok: false, error: "exit 1", category: "timeout" },
        { type: "RUN_FINISHED", now: T0, ok: true },
        { type: "CLEARED", now: T0 },
        { type: "OPTIONS_UPDATED", now: T0, options: { failureThreshold: 3 } },
      ],
      (snap) => `${stateName(snap)}|${Math.min(4, (snap.context as { consecutiveFailures: number }).consecutiveFailures)}`,
    );
    expect([...states].sort()).toEqual([...CRON_JOB_STATES].sort());
  });

  it("gateway: running, restarting, escalated", () => {
    const states = reachable(
      gatewayMachine,
      { now: T0, options: { restartBudgetMax: 1 } },
      (snap) => {
        const now = nowOf(snap);
        return [
          { type: "RESTART_REQUESTED", now, reason: "all models down" },
          { type: "STARTED", now },
          { type: "DEADLINE", now },
          { type: "CLEARED", now },
        ];
      },
      (snap) => `${stateName(snap)}|${(snap.context as { restarts: number[] }).restarts.length}`,
    );
    expect([...states].sort()).toEqual([...GATEWAY_STATES].sort());
  });
});
