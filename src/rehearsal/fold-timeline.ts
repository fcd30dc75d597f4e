// Folds repeated cycles of the rehearsal timeline (a probe cycle ×35) into one line each. Pure.
import type { TimelineEntry } from "./recorder.js";
import { formatDuration, formatOffset } from "./offsets.js";

/** Longest cycle (in lines of one subject) that is looked for. */
const MAX_PERIOD = 6;
/** A cycle is folded when it occurs at least this often in a row (the first stays, the rest fold). */
const MIN_REPEATS = 3;
const ACTIONS_ON_MODELS = /^(probe_model|route_around|fail_back) (.+)$/;

/** What a line is about: a model's transitions and the actions on it share one subject; other lines have none. */
function subjectOf(e: TimelineEntry): string | undefined {
  if (e.actor.startsWith("model ")) return e.actor.slice("model ".length);
  if (e.actor === "action") return ACTIONS_ON_MODELS.exec(e.event)?.[2];
  return undefined;
}

/** Lines alike for folding: same actor and event; the outcome and the why may differ (refusals are counted). */
function signatureOf(e: TimelineEntry): string {
  return `${e.actor}\u0000${e.event}`;
}

function shortEvent(e: TimelineEntry): string {
  return e.actor === "action" ? (e.event.split(" ")[0] ?? e.event) : e.event;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

interface Fold {
  /** Index (in the timeline) of the first hidden line, where the folded line goes. */
  readonly at: number;
  readonly hidden: number[];
  readonly entry: TimelineEntry;
}

/** The cycle of `period` starting at `start` of `sigs`, and how many times in a row it occurs. */
function repeatsAt(sigs: readonly string[], start: number, period: number): number {
  let n = 1;
  for (;;) {
    const from = start + n * period;
    if (from + period > sigs.length) return n;
    for (let k = 0; k < period; k++) if (sigs[from + k] !== sigs[start + k]) return n;
    n++;
  }
}

function foldsOfSubject(subject: string, idx: readonly number[], timeline: readonly TimelineEntry[], startMs: number): Fold[] {
  const sigs = idx.map((i) => signatureOf(timeline[i] as TimelineEntry));
  const folds: Fold[] = [];
  let pos = 0;
  while (pos < idx.length) {
    let best: { period: number; n: number } | undefined;
    for (let period = 1; period <= MAX_PERIOD; period++) {
      const n = repeatsAt(sigs, pos, period);
      if (n >= MIN_REPEATS && (!best || n * period > best.n * best.period)) best = { period, n };
    }
    if (!best) {
      pos++;
      continue;
    }
    const { period, n } = best;
    const hidden = idx.slice(pos + period, pos + n * period);
    const cycleStarts = Array.from({ length: n }, (_, c) => (timeline[idx[pos + c * period] as number] as TimelineEntry).atMs);
    const gaps = cycleStarts.slice(1).map((t, c) => t - (cycleStarts[c] as number));
    const entries = hidden.map((i) => timeline[i] as TimelineEntry);
    const refused = entries.filter((e) => e.outcome !== undefined && e.outcome.startsWith("refused")).length;
    const last = entries[entries.length - 1] as TimelineEntry;
    const cycle = idx.slice(pos, pos + period).map((i) => shortEvent(timeline[i] as TimelineEntry)).join(", ");
    const first = entries[0] as TimelineEntry;
    folds.push({
      at: hidden[0] as number,
      hidden,
      entry: {
        atMs: first.atMs,
        actor: `model ${subject}`,
        event: `↻ the cycle above ×${n - 1} more, every ${formatDuration(median(gaps))}, until ${formatOffset(last.atMs - startMs)}`,
        why: `${cycle}${refused > 0 ? `; ${refused} refused by a guard` : ""} (--verbose shows every line)`,
      },
    });
    pos += n * period;
  }
  return folds;
}

/** What makes lines of a burst alike: re-runs of many tasks, the same action on many sessions. */
function burstKey(e: TimelineEntry): string | undefined {
  if (e.actor === "action" && e.event.startsWith("recover_task ")) return `action recover_task\u0000${e.outcome ?? ""}\u0000${e.why ?? ""}`;
  if (e.actor.startsWith("task ")) return `task\u0000${e.event.replace(/ after .*$/, "")}`;
  return undefined;
}

function burstSession(e: TimelineEntry): string {
  return e.actor === "action" ? e.event.slice("recover_task ".length) : e.actor.slice("task ".length);
}

/** Consecutive alike lines (a burst of task re-runs) fold into the first, shown "×N until …". */
export function foldBursts(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  const groups: TimelineEntry[][] = [];
  let key: string | undefined;
  for (const e of timeline) {
    const k = burstKey(e);
    const last = groups[groups.length - 1];
    if (k !== undefined && k === key && last) last.push(e);
    else groups.push([e]);
    key = k;
  }
  return groups.map((g) => {
    const first = g[0] as TimelineEntry;
    if (g.length === 1) return first;
    const sessions = new Set(g.map(burstSession)).size;
    const base = first.why && !first.why.startsWith("run ") ? `${first.why}; ` : "";
    return { ...first, repeats: g.length, lastAtMs: (g[g.length - 1] as TimelineEntry).atMs, why: `${base}${sessions} session(s)` };
  });
}

/**
 * The timeline with each run of ≥ 3 identical cycles of one model (its transitions and the actions on it)
 * reduced to the first cycle plus one "↻ … ×N more, every …, until …" line. Lines of other actors stay.
 */
export function foldTimeline(timeline: readonly TimelineEntry[], startMs: number): TimelineEntry[] {
  const bySubject = new Map<string, number[]>();
  timeline.forEach((e, i) => {
    const s = subjectOf(e);
    if (s === undefined) return;
    const list = bySubject.get(s);
    if (list) list.push(i);
    else bySubject.set(s, [i]);
  });
  const hidden = new Set<number>();
  const inserted = new Map<number, TimelineEntry>();
  for (const [subject, idx] of bySubject) {
    for (const fold of foldsOfSubject(subject, idx, timeline, startMs)) {
      for (const i of fold.hidden) hidden.add(i);
      inserted.set(fold.at, fold.entry);
    }
  }
  const out: TimelineEntry[] = [];
  timeline.forEach((e, i) => {
    const fold = inserted.get(i);
    if (fold) out.push(fold);
    if (!hidden.has(i)) out.push(e);
  });
  return out;
}
