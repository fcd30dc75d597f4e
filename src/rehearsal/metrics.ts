// The figures a rehearsal is judged by: turns, latency, requests sent to sick models, time back to the preferred model.
import type { RequestRecord } from "../host/simulated/sim-context.js";
import type { TurnRecord } from "../host/simulated/turn-engine.js";
import type { Scenario } from "./scenario-types.js";

export interface RunMetrics {
  readonly turns: { readonly total: number; readonly ok: number; readonly failed: number; readonly unfinished: number; readonly answeredWithin1m: number };
  /** User-turn latency (arrival → answer or final error), nearest-rank percentiles. */
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly max: number | null };
  readonly requests: { readonly total: number; readonly toSickModels: number; readonly probes: number; readonly probesToSickModels: number };
  /** The model the agent prefers (the chain's first). */
  readonly preferredModel: string;
  /** When the world last brought the preferred model back (ISO), if it ever was sick and recovered. */
  readonly preferredRecoveredAt: string | null;
  /** From that recovery to the end of the first user turn (or task re-run) the preferred model answered. */
  readonly recoveryToPreferredMs: number | null;
  /**
   * The crash-prevention plan's downtime: from the arrival of the first failed user turn to the end of the
   * first user turn answered after the last failed one arrived. null when no user turn failed, or when none
   * was answered after the last failure (`downtimeOpen` is then true if a turn failed).
   */
  readonly downtimeMs: number | null;
  readonly downtimeOpen: boolean;
  /** Re-runs of recorded tasks (task recovery) that answered / failed. */
  readonly reruns: { readonly ok: number; readonly failed: number };
  readonly alerts: number;
  readonly cronRuns: { readonly total: number; readonly ok: number; readonly failed: number };
}

/** First failed user turn → first answered user turn after the last failure (see RunMetrics.downtimeMs). */
export function downtimeOf(user: readonly TurnRecord[]): { ms: number | null; open: boolean } {
  const failed = user.filter((t) => !t.ok);
  if (failed.length === 0) return { ms: null, open: false };
  const first = Math.min(...failed.map((t) => t.arrivedAt));
  const lastFailedArrival = Math.max(...failed.map((t) => t.arrivedAt));
  const answered = user.filter((t) => t.ok && t.arrivedAt > lastFailedArrival).sort((a, b) => a.endedAt - b.endedAt)[0];
  return answered ? { ms: answered.endedAt - first, open: false } : { ms: null, open: true };
}

/** Nearest-rank percentile of `values` (p in 0..100), or null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The preferred model: the supervisor's modelOrder head, else the first agent's primary. */
export function preferredModelOf(scenario: Scenario): string {
  return scenario.config.modelOrder?.[0] ?? scenario.openclaw.agents[0]?.chain[0] ?? "";
}

/** The last moment a world step made `model` healthy after it had been sick, if any. */
export function recoveryOf(scenario: Scenario, model: string): number | undefined {
  let sick = false;
  let recoveredAt: number | undefined;
  const changes = scenario.steps
    .filter((s) => s.kind === "world" && s.change.kind === "model" && s.change.model === model)
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  for (const step of changes) {
    if (step.kind !== "world" || step.change.kind !== "model") continue;
    const nowSick = step.change.fails !== null || step.change.hangs;
    if (sick && !nowSick) recoveredAt = step.atMs;
    sick = nowSick;
  }
  return sick ? undefined : recoveredAt;
}

export interface MetricsInput {
  readonly scenario: Scenario;
  readonly turns: readonly TurnRecord[];
  readonly requests: readonly RequestRecord[];
  readonly alerts: number;
  readonly cronRuns: ReadonlyArray<{ readonly ok: boolean }>;
  readonly unfinished: number;
}

export function computeMetrics(input: MetricsInput): RunMetrics {
  const user = input.turns.filter((t) => t.trigger === "user" && !t.recovery);
  const reruns = input.turns.filter((t) => t.recovery);
  const ok = user.filter((t) => t.ok).length;
  const latencies = user.map((t) => t.endedAt - t.arrivedAt);
  const preferred = preferredModelOf(input.scenario);
  const recoveredAt = recoveryOf(input.scenario, preferred);
  // Fail-back speed: the first turn the preferred model answered after its recovery, a task re-run included.
  const served = recoveredAt === undefined ? undefined : input.turns.filter((t) => t.trigger === "user").filter((t) => t.ok && t.model === preferred && t.endedAt >= recoveredAt).sort((a, b) => a.endedAt - b.endedAt)[0];
  const userReqs = input.requests.filter((r) => !r.probe);
  const probes = input.requests.filter((r) => r.probe);
  const downtime = downtimeOf(user);
  return {
    turns: { total: user.length, ok, failed: user.length - ok, unfinished: input.unfinished, answeredWithin1m: user.filter((t) => t.ok && t.endedAt - t.arrivedAt <= 60_000).length },
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.length ? Math.max(...latencies) : null },
    requests: {
      total: userReqs.length,
      toSickModels: userReqs.filter((r) => r.sick).length,
      probes: probes.length,
      probesToSickModels: probes.filter((r) => r.sick).length,
    },
    preferredModel: preferred,
    preferredRecoveredAt: recoveredAt === undefined ? null : new Date(recoveredAt).toISOString(),
    recoveryToPreferredMs: served && recoveredAt !== undefined ? served.endedAt - recoveredAt : null,
    downtimeMs: downtime.ms,
    downtimeOpen: downtime.open,
    reruns: { ok: reruns.filter((t) => t.ok).length, failed: reruns.filter((t) => !t.ok).length },
    alerts: input.alerts,
    cronRuns: { total: input.cronRuns.length, ok: input.cronRuns.filter((r) => r.ok).length, failed: input.cronRuns.filter((r) => !r.ok).length },
  };
}
