// The `--json` summary of a rehearsal (DESIGN.md contract), plus the additive baseline and comparison objects.
import type { RehearsalRun } from "./run-rehearsal.js";
import type { RunMetrics } from "./metrics.js";
import type { StatusSnapshot } from "../runtime/view.js";
import { redactSecrets } from "../domain/classifier/redact.js";

const iso = (ms: number) => new Date(ms).toISOString();

export interface TurnLogEntry {
  readonly at: string;
  readonly session: string;
  readonly ok: boolean;
  readonly model: string | null;
  readonly latencyMs: number;
  readonly outcome: string;
  readonly requests: number;
  readonly error?: string;
}

export interface ActionEntry {
  readonly at: string;
  readonly action: string;
  readonly target: string;
  readonly reason: string;
  readonly outcome: "dry_run" | "refused" | "failed";
  readonly why?: string;
  readonly detail?: string;
}

export interface RunSummary {
  readonly turns: { readonly total: number; readonly ok: number; readonly failed: number };
  readonly turnLog: TurnLogEntry[];
  readonly metrics: RunMetrics;
}

export interface RehearsalSummary extends RunSummary {
  readonly scenario: { readonly name: string; readonly seed: number; readonly start: string; readonly end: string; readonly dryRun: true };
  readonly actions: ActionEntry[];
  readonly finalStatus: StatusSnapshot | null;
  readonly journal: string | null;
  readonly alerts: Array<{ readonly at: string; readonly severity: string; readonly title: string }>;
  readonly cronRuns: Array<{ readonly at: string; readonly jobId: string; readonly ok: boolean; readonly error?: string }>;
  /** Tasks recorded from failed or held user turns (as the gateway records them) and what became of each. */
  readonly tasks: Array<{ readonly id: string; readonly session: string; readonly category: string; readonly state: string; readonly attempts: number; readonly recordedAt: string }>;
  readonly baseline?: RunSummary;
  readonly comparison?: Comparison;
}

export type Pair = { readonly baseline: number | null; readonly supervised: number | null };

export interface Comparison {
  readonly turnsOk: Pair;
  readonly turnsFailed: Pair;
  readonly turnsAnsweredWithin1m: Pair;
  readonly latencyP50Ms: Pair;
  readonly latencyP95Ms: Pair;
  readonly requestsToSickModels: Pair;
  readonly probes: Pair;
  readonly recoveryToPreferredMs: Pair;
  readonly downtimeMs: Pair;
}

function runSummary(run: RehearsalRun): RunSummary {
  const user = run.host.turns.filter((t) => t.trigger === "user" && !t.recovery);
  return {
    turns: { total: run.metrics.turns.total, ok: run.metrics.turns.ok, failed: run.metrics.turns.failed },
    turnLog: user.map((t) => ({
      at: iso(t.arrivedAt), session: t.session, ok: t.ok, model: t.model ?? null, latencyMs: t.endedAt - t.arrivedAt,
      outcome: t.outcome, requests: t.requests, ...(t.ok || !t.error ? {} : { error: redactSecrets(t.error.slice(0, 1_000)).slice(0, 200) }),
    })),
    metrics: run.metrics,
  };
}

export function compare(baseline: RunMetrics, supervised: RunMetrics): Comparison {
  const pair = (f: (m: RunMetrics) => number | null): Pair => ({ baseline: f(baseline), supervised: f(supervised) });
  return {
    turnsOk: pair((m) => m.turns.ok),
    turnsFailed: pair((m) => m.turns.failed),
    turnsAnsweredWithin1m: pair((m) => m.turns.answeredWithin1m),
    latencyP50Ms: pair((m) => m.latencyMs.p50),
    latencyP95Ms: pair((m) => m.latencyMs.p95),
    requestsToSickModels: pair((m) => m.requests.toSickModels),
    probes: pair((m) => m.requests.probes),
    recoveryToPreferredMs: pair((m) => m.recoveryToPreferredMs),
    downtimeMs: pair((m) => m.downtimeMs),
  };
}

export function summarize(run: RehearsalRun, baseline?: RehearsalRun): RehearsalSummary {
  const summary: RehearsalSummary = {
    scenario: { name: run.scenario.name, seed: run.seed, start: iso(run.scenario.startMs), end: iso(run.endMs), dryRun: true },
    ...runSummary(run),
    actions: run.recorder.actions.map((a) => ({
      at: iso(a.atMs), action: a.action, target: a.target, reason: a.reason, outcome: a.outcome,
      ...(a.why ? { why: a.why } : {}), ...(a.detail ? { detail: a.detail } : {}),
    })),
    finalStatus: run.finalStatus ?? null,
    journal: run.dirs?.journalDir ?? null,
    alerts: run.host.alerts.map((a) => ({ at: iso(a.ts), severity: a.severity, title: a.title })),
    tasks: (run.tasks ?? []).map((t) => ({ id: t.id, session: t.sessionKey, category: t.category, state: t.state, attempts: t.attempts, recordedAt: iso(t.createdAt) })),
    cronRuns: run.host.cron.runs.map((r) => ({ at: iso(r.startedAt), jobId: r.jobId, ok: r.ok, ...(r.error && !r.ok ? { error: redactSecrets(r.error.slice(0, 1_000)).slice(0, 200) } : {}) })),
  };
  if (!baseline) return summary;
  return { ...summary, baseline: runSummary(baseline), comparison: compare(baseline.metrics, run.metrics) };
}
