// The output of a several-gateway rehearsal: the same gateways sharing health beside each on its own (--json and text).
import type { RunMetrics } from "./metrics.js";
import type { GatewaysRun } from "./run-gateways.js";
import type { TimelineEntry } from "./recorder.js";
import { formatDuration, formatOffset } from "./offsets.js";

const iso = (ms: number) => new Date(ms).toISOString();

export type PerGateway = RunMetrics & { readonly gateway: string };

function metricsWithGateways(run: GatewaysRun): RunMetrics & { readonly perGateway: PerGateway[] } {
  return { ...run.metrics, perGateway: run.gateways.map((g) => ({ gateway: g.name, ...g.metrics })) };
}

type Pair = { readonly separate: number | null; readonly shared: number | null };

function pairs(separate: RunMetrics, shared: RunMetrics): Record<string, Pair> {
  const pair = (f: (m: RunMetrics) => number | null): Pair => ({ separate: f(separate), shared: f(shared) });
  return {
    requestsToSickModels: pair((m) => m.requests.toSickModels),
    probes: pair((m) => m.requests.probes),
    probesToSickModels: pair((m) => m.requests.probesToSickModels),
    turnsOk: pair((m) => m.turns.ok),
    turnsFailed: pair((m) => m.turns.failed),
    latencyP95Ms: pair((m) => m.latencyMs.p95),
    recoveryToPreferredMs: pair((m) => m.recoveryToPreferredMs),
  };
}

/** `--json`: the sharing run in the usual summary shape (metrics summed, plus metrics.perGateway) and the comparison. */
export function summarizeGateways(shared: GatewaysRun, separate: GatewaysRun): Record<string, unknown> {
  const first = shared.gateways[0];
  const users = shared.gateways.flatMap((g) => g.host.turns.filter((t) => t.trigger === "user").map((t) => ({ g: g.name, t })));
  users.sort((a, b) => a.t.arrivedAt - b.t.arrivedAt);
  return {
    scenario: { name: shared.scenario.name, seed: shared.seed, start: iso(shared.scenario.startMs), end: iso(shared.endMs), dryRun: true, gateways: shared.gateways.length, sharedThrough: shared.sharedThrough },
    turns: { total: shared.metrics.turns.total, ok: shared.metrics.turns.ok, failed: shared.metrics.turns.failed },
    turnLog: users.map(({ g, t }) => ({ at: iso(t.arrivedAt), gateway: g, session: t.session, ok: t.ok, model: t.model ?? null, latencyMs: t.endedAt - t.arrivedAt, outcome: t.outcome, requests: t.requests })),
    metrics: metricsWithGateways(shared),
    actions: shared.gateways
      .flatMap((g) => g.recorder.actions.map((a) => ({ g: g.name, a })))
      .sort((x, y) => x.a.atMs - y.a.atMs)
      .map(({ g, a }) => ({ at: iso(a.atMs), gateway: g, action: a.action, target: a.target, reason: a.reason, outcome: a.outcome, ...(a.why ? { why: a.why } : {}), ...(a.detail ? { detail: a.detail } : {}) })),
    finalStatus: first?.finalStatus ?? null,
    journal: first?.dirs.journalDir ?? null,
    gateways: shared.gateways.map((g) => ({ name: g.name, journal: g.dirs.journalDir, health: g.finalStatus.health, learnedFromOthers: g.learned })),
    alerts: shared.gateways.flatMap((g) => g.host.alerts.map((a) => ({ at: iso(a.ts), gateway: g.name, severity: a.severity, title: a.title }))),
    cronRuns: (first?.host.cron.runs ?? []).map((r) => ({ at: iso(r.startedAt), jobId: r.jobId, ok: r.ok })),
    sharing: { shared: metricsWithGateways(shared), separate: metricsWithGateways(separate), comparison: pairs(separate.metrics, shared.metrics) },
  };
}

const ms = (v: number | null) => (v === null ? "—" : formatDuration(v));

function rows(m: RunMetrics): Array<[string, string]> {
  return [
    ["user turns answered / failed", `${m.turns.ok} / ${m.turns.failed}`],
    ["turn latency p50 / p95", `${ms(m.latencyMs.p50)} / ${ms(m.latencyMs.p95)}`],
    ["requests sent to sick models", `${m.requests.toSickModels} of ${m.requests.total}`],
    ["health probes (to sick models)", `${m.requests.probes} (${m.requests.probesToSickModels})`],
    [`recovery → first ${m.preferredModel} turn`, ms(m.recoveryToPreferredMs)],
  ];
}

function timelineOf(run: GatewaysRun): string[] {
  const start = run.scenario.startMs;
  const entries: Array<{ g: string; e: TimelineEntry; i: number }> = [];
  for (const g of run.gateways) g.recorder.timeline.forEach((e, i) => entries.push({ g: g.name, e, i }));
  entries.sort((a, b) => a.e.atMs - b.e.atMs || a.g.localeCompare(b.g) || a.i - b.i);
  const width = Math.max(9, formatOffset(run.scenario.untilMs - start).length);
  const seenWorld = new Set<string>();
  const out: string[] = [];
  for (const { g, e } of entries) {
    // World changes reach every gateway: shown once.
    const who = e.actor === "world" ? "world" : `${g} ${e.actor}`;
    if (e.actor === "world") {
      const key = `${e.atMs}|${e.event}`;
      if (seenWorld.has(key)) continue;
      seenWorld.add(key);
    }
    if (e.actor.startsWith("turn ") && !e.outcome && !/fail|error/i.test(e.event)) continue; // answered turns: in the figures
    const when = formatOffset(e.atMs - start).padStart(width);
    const event = e.outcome ? `${e.event}  [${e.outcome}]` : e.event;
    const repeats = e.repeats && e.repeats > 1 ? `  ×${e.repeats}` : "";
    out.push(`${when}  ${who.slice(0, 40).padEnd(40)}  ${event}${repeats}${e.why ? `  — ${e.why.slice(0, 120)}` : ""}`);
  }
  return out;
}

export function formatGateways(shared: GatewaysRun, separate: GatewaysRun): string {
  const s = shared.scenario;
  const n = shared.gateways.length;
  const out: string[] = [];
  out.push(`self-heal rehearse: ${s.name} (seed ${shared.seed}) — ${n} simulated gateways, virtual ${iso(s.startMs)} → ${formatOffset(s.untilMs - s.startMs)}, dry-run: nothing real is touched`);
  if (s.description) out.push(`  ${s.description}`);
  out.push(`  sharing health through: ${shared.sharedThrough}`);
  out.push("");
  out.push(`timeline of the ${n} gateways sharing health:`);
  out.push(...timelineOf(shared));
  out.push("");
  const left = rows(separate.metrics);
  const right = rows(shared.metrics);
  out.push(`  ${`all ${n} gateways together`.padEnd(46)} ${"each on its own".padEnd(26)} sharing health`);
  left.forEach(([k, v], i) => out.push(`  ${k.padEnd(46)} ${v.padEnd(26)} ${right[i]?.[1] ?? "—"}`));
  out.push("");
  out.push(`  ${"per gateway: sick-model requests / probes".padEnd(46)} ${"each on its own".padEnd(26)} sharing health`);
  shared.gateways.forEach((g, i) => {
    const alone = separate.gateways[i]?.metrics.requests;
    const mine = g.metrics.requests;
    out.push(`  ${g.name.padEnd(46)} ${(alone ? `${alone.toSickModels} / ${alone.probes}` : "—").padEnd(26)} ${mine.toSickModels} / ${mine.probes}  (learned ${g.learned} from the others)`);
  });
  out.push("");
  out.push(`journals: ${shared.stateDir} (sharing), ${separate.stateDir} (each on its own); one per gateway, e.g. self-heal replay --state-dir ${shared.gateways[0]?.dirs.stateDir ?? shared.stateDir}`);
  return `${out.join("\n")}\n`;
}
