// Reads one window of the journal into what an incident report shows: actor state timelines, actions, call buckets.
import { readJournal } from "../journal/index.js";

export interface StateSegment {
  readonly state: string;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

export interface ActorTimeline {
  readonly kind: string;
  readonly id: string;
  readonly segments: StateSegment[];
}

export interface ActionRow {
  readonly at: number;
  readonly action: string;
  readonly target: string;
  /** executed | dry_run | skipped | failed | proposed (no outcome recorded). */
  readonly outcome: string;
  readonly why?: string;
  readonly reason: string;
}

export interface CallBucket {
  readonly start: number;
  calls: number;
  errors: number;
}

export interface Incident {
  readonly from: number;
  readonly to: number;
  readonly actors: ActorTimeline[];
  readonly actions: ActionRow[];
  readonly buckets: CallBucket[];
  readonly bucketMs: number;
  readonly health: Array<{ at: number; from: string; to: string }>;
  readonly records: number;
}

const STATE_TYPES: Record<string, string> = { "model.state": "model", "channel.state": "channel", "cron.state": "cron", "gateway.state": "gateway" };
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** A round bucket size giving at most ~`target` buckets over `spanMs`. */
export function bucketSizeFor(spanMs: number, target = 60): number {
  const steps = [60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 86_400_000];
  return steps.find((s) => spanMs / s <= target) ?? 86_400_000;
}

/**
 * Reads the journal days `fromDay..toDay` (inclusive). The window is the span of the records found (so a
 * two-hour incident fills the chart), or the given days when `fullDays` is set.
 */
export function readIncident(journalDir: string, fromDay: string, toDay: string, opts: { fullDays?: boolean } = {}): Incident {
  type Open = { state: string; since: number; reason: string; segments: StateSegment[]; kind: string; id: string };
  const actors = new Map<string, Open>();
  const proposed = new Map<number, ActionRow>();
  const actions: ActionRow[] = [];
  const calls: Array<[number, boolean]> = [];
  const health: Incident["health"] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let records = 0;
  for (const r of readJournal(journalDir, { from: fromDay, to: toDay })) {
    const at = Date.parse(r.ts);
    if (!Number.isFinite(at)) continue;
    records++;
    first = Math.min(first, at);
    last = Math.max(last, at);
    const kind = STATE_TYPES[r.type];
    if (kind) {
      const id = str(r.actor) || str(r.model) || kind;
      const key = `${kind}:${id}`;
      let a = actors.get(key);
      if (!a) actors.set(key, (a = { state: "", since: at, reason: "", segments: [], kind, id }));
      if (str(r.to) === a.state) continue; // same state, new step (e.g. a first probe success): one segment
      if (a.state && a.state !== "none") a.segments.push({ state: a.state, from: a.since, to: at, reason: a.reason });
      a.state = str(r.to);
      a.since = at;
      a.reason = str(r.reason);
    } else if (r.type === "call") {
      if (r.probe !== true) calls.push([at, r.ok === true || (r.ok === undefined && r.errorType == null) || r.errorType === "aborted"]);
    } else if (r.type === "action.proposed") {
      const row: ActionRow = { at, action: str(r.action), target: str(r.target), outcome: "proposed", reason: str(r.reason) };
      proposed.set(r.seq, row);
      actions.push(row);
    } else if (r.type === "action.executed" || r.type === "action.skipped" || r.type === "action.failed") {
      const outcome = r.type === "action.executed" ? (r.simulated ? "dry_run" : "executed") : r.type === "action.skipped" ? (str(r.why) === "dry_run" ? "dry_run" : "skipped") : "failed";
      const ref = typeof r.ref === "number" ? proposed.get(r.ref) : undefined;
      const why = str(r.why) || str(r.error) || undefined;
      const row: ActionRow = { at: ref?.at ?? at, action: str(r.action), target: str(r.target), outcome, reason: str(r.reason), ...(why ? { why } : {}) };
      if (ref) actions[actions.indexOf(ref)] = row;
      else actions.push(row);
    } else if (r.type === "health") {
      health.push({ at, from: str(r.from), to: str(r.to) });
    }
  }
  const dayFrom = Date.parse(`${fromDay}T00:00:00Z`);
  const dayTo = Date.parse(`${toDay}T00:00:00Z`) + 86_400_000;
  const from = opts.fullDays || !Number.isFinite(first) ? dayFrom : first;
  const to = opts.fullDays || !Number.isFinite(last) ? dayTo : Math.max(last, first + 60_000);
  const timelines: ActorTimeline[] = [];
  for (const a of actors.values()) {
    if (a.state && a.state !== "none") a.segments.push({ state: a.state, from: a.since, to, reason: a.reason });
    timelines.push({ kind: a.kind, id: a.id, segments: a.segments });
  }
  const order = ["gateway", "model", "channel", "cron"];
  timelines.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || x.id.localeCompare(y.id));
  const bucketMs = bucketSizeFor(to - from);
  const start = from - (from % bucketMs);
  const buckets: CallBucket[] = [];
  for (let t = start; t < to; t += bucketMs) buckets.push({ start: t, calls: 0, errors: 0 });
  for (const [at, ok] of calls) {
    const b = buckets[Math.floor((at - start) / bucketMs)];
    if (!b) continue;
    b.calls++;
    if (!ok) b.errors++;
  }
  return { from, to, actors: timelines, actions, buckets, bucketMs, health, records };
}

export interface DownPeriod {
  readonly kind: string;
  readonly id: string;
  readonly from: number;
  /** When it came back; undefined while still down at the end of the window. */
  readonly to?: number;
  /** The states it went through, in order (e.g. cooldown, probing, cooldown, probing). */
  readonly states: string[];
  readonly reason: string;
}

const DOWN_STATES = new Set(["cooldown", "probing", "disabled", "disconnected", "restarting", "startup_grace", "given_up", "failing", "escalated"]);

/** Each stretch an actor spent out of service, and whether (and when) it came back. */
export function downPeriods(incident: Incident): DownPeriod[] {
  const out: DownPeriod[] = [];
  for (const a of incident.actors) {
    let open: { from: number; states: string[]; reason: string } | undefined;
    for (const s of a.segments) {
      if (DOWN_STATES.has(s.state)) {
        if (!open) open = { from: s.from, states: [], reason: s.reason };
        if (open.states[open.states.length - 1] !== s.state) open.states.push(s.state);
      } else if (open) {
        out.push({ kind: a.kind, id: a.id, from: open.from, to: s.from, states: open.states, reason: open.reason });
        open = undefined;
      }
    }
    if (open) out.push({ kind: a.kind, id: a.id, from: open.from, states: open.states, reason: open.reason });
  }
  return out.sort((x, y) => x.from - y.from);
}
