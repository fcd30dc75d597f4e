// The human-readable rehearsal: a timeline in virtual time (actor, transition or action, why) and the figures.
import type { RehearsalRun } from "./run-rehearsal.js";
import type { TimelineEntry } from "./recorder.js";
import type { RunMetrics } from "./metrics.js";
import { formatDuration, formatOffset } from "./offsets.js";
import { foldBursts, foldTimeline } from "./fold-timeline.js";

export interface FormatOptions {
  /** Every line; by default runs of ≥ 3 identical cycles of a model fold into one line. */
  readonly verbose?: boolean;
  /** OpenClaw alone's figures, for the downtime line when no full baseline is shown. */
  readonly aloneDowntime?: Pick<RunMetrics, "downtimeMs" | "downtimeOpen">;
}

function downtimeText(m: Pick<RunMetrics, "downtimeMs" | "downtimeOpen">): string {
  return m.downtimeMs !== null ? formatDuration(m.downtimeMs) : m.downtimeOpen ? "not answered again by the end" : "none";
}

const ACTOR_WIDTH = 34;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function line(startMs: number, e: TimelineEntry, width = 9): string {
  const when = formatOffset(e.atMs - startMs).padStart(width);
  let event = e.outcome ? `${e.event}  [${e.outcome}]` : e.event;
  if (e.repeats && e.repeats > 1) event += `  ×${e.repeats} until ${formatOffset((e.lastAtMs ?? e.atMs) - startMs)}`;
  const why = e.why ? `  — ${clip(e.why, 140)}` : "";
  return `${when}  ${clip(e.actor, ACTOR_WIDTH).padEnd(ACTOR_WIDTH)}  ${event}${why}`;
}

/** Timeline entries in time order (stable: same-instant entries keep the order they happened in). */
export function orderedTimeline(run: RehearsalRun): TimelineEntry[] {
  return run.recorder.timeline.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i).map((x) => x.e);
}

const ms = (v: number | null) => (v === null ? "—" : formatDuration(v));

function figures(m: RunMetrics): Array<[string, string]> {
  return [
    ["user turns answered / failed", `${m.turns.ok} / ${m.turns.failed}${m.turns.unfinished ? ` (+${m.turns.unfinished} unfinished)` : ""}`],
    ["user turns answered within 1 min", String(m.turns.answeredWithin1m)],
    ["turn latency p50 / p95", `${ms(m.latencyMs.p50)} / ${ms(m.latencyMs.p95)}`],
    ["requests sent to sick models", `${m.requests.toSickModels} of ${m.requests.total}`],
    ["health probes (to sick models)", `${m.requests.probes} (${m.requests.probesToSickModels})`],
    [`recovery → first ${m.preferredModel} turn`, ms(m.recoveryToPreferredMs)],
    ["downtime (first failed turn → answered again)", downtimeText(m)],
    ["held or failed turns re-run: answered / failed", `${m.reruns.ok} / ${m.reruns.failed}`],
    ["alerts sent", String(m.alerts)],
    ...(m.cronRuns.total > 0 ? [["cron runs ok / failed", `${m.cronRuns.ok} / ${m.cronRuns.failed}`] as [string, string]] : []),
  ];
}

export function formatRehearsal(run: RehearsalRun, baseline?: RehearsalRun, options: FormatOptions = {}): string {
  const s = run.scenario;
  const out: string[] = [];
  out.push(`self-heal rehearse: ${s.name} (seed ${run.seed}) — virtual ${new Date(s.startMs).toISOString()} → ${formatOffset(s.untilMs - s.startMs)}, dry-run: nothing real is touched`);
  if (s.description) out.push(`  ${s.description}`);
  out.push("");
  const width = Math.max(9, formatOffset(s.untilMs - s.startMs).length);
  out.push(`${"time".padStart(width)}  ${"actor".padEnd(ACTOR_WIDTH)}  event  — why`);
  if (run.recorder.supervised.length > 0) {
    out.push(line(s.startMs, { atMs: s.startMs, actor: "supervisor", event: `supervising ${run.recorder.supervised.length} actors`, why: run.recorder.supervised.join(", ") }, width));
  }
  const timeline = orderedTimeline(run);
  for (const e of options.verbose ? timeline : foldBursts(foldTimeline(timeline, s.startMs))) out.push(line(s.startMs, e, width));
  out.push("");
  const mine = figures(run.metrics);
  if (!baseline) {
    out.push("figures (with self-heal):");
    for (const [k, v] of mine) {
      out.push(`  ${k.padEnd(46)} ${v}`);
      if (k.startsWith("downtime") && options.aloneDowntime) out.push(`  ${"  (OpenClaw alone)".padEnd(46)} ${downtimeText(options.aloneDowntime)}`);
    }
  } else {
    const theirs = figures(baseline.metrics);
    out.push(`  ${"".padEnd(46)} ${"OpenClaw alone".padEnd(26)} with self-heal`);
    mine.forEach(([k, v], i) => out.push(`  ${k.padEnd(46)} ${(theirs[i]?.[1] ?? "—").padEnd(26)} ${v}`));
  }
  const refused = run.recorder.actions.filter((a) => a.outcome === "refused").length;
  out.push("");
  out.push(`actions: ${run.recorder.actions.length} (${run.recorder.actions.length - refused} would run, ${refused} refused by a guard)`);
  if (run.finalStatus) out.push(`final health: ${run.finalStatus.health}`);
  if (run.dirs) out.push(`journal: ${run.dirs.journalDir}   (self-heal status|replay --state-dir ${run.dirs.stateDir})`);
  return `${out.join("\n")}\n`;
}
