// Answers stats questions from the per-day rollup files (never from the journal): totals, per model, and a series.
import { emptyCell, mergeCell, percentileOf, type RollupCell } from "./rollup-cell.js";
import type { DayRollup } from "./rollup-fold.js";
import { listStatsDays, readDayHours, readDaySummary } from "./rollup-store.js";

export type Granularity = "hour" | "day" | "week" | "total";

export interface StatsQuery {
  /** Inclusive start: epoch ms, ISO time, or `YYYY-MM-DD`. */
  readonly from: number | string;
  /** Exclusive end: epoch ms, ISO time, or `YYYY-MM-DD` (that day's start). */
  readonly to: number | string;
  /** A model id (`provider/model`), or a bare model name matching `provider/name`; case-insensitive. */
  readonly model?: string;
  /** Bucket size of `series`. Default "day". Weeks start on Monday 00:00 UTC. */
  readonly granularity?: Granularity;
}

export interface StatsRow {
  /** Bucket start, ISO (for totals: the query's start). */
  readonly start: string;
  readonly calls: number;
  readonly errors: number;
  /** errors / calls, 0 when there were no calls. */
  readonly errorRate: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly fallbacks: number;
  readonly cooldownMs: number;
  readonly recoveries: number;
  readonly tokens: number;
}

export interface StatsResult {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly model?: string;
  readonly total: StatsRow;
  /** Per-model totals, most calls first. */
  readonly models: ReadonlyArray<StatsRow & { readonly model: string }>;
  /** Totals per bucket, oldest first; only buckets with activity. */
  readonly series: readonly StatsRow[];
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export function timeOf(t: number | string): number {
  if (typeof t === "number") return t;
  return /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00.000Z`) : Date.parse(t);
}

export function modelMatches(model: string, wanted: string): boolean {
  const m = model.toLowerCase();
  const w = wanted.toLowerCase();
  return m === w || m.endsWith(`/${w}`);
}

function bucketStart(ms: number, g: Granularity, from: number): number {
  switch (g) {
    case "hour":
      return ms - (ms % MS_PER_HOUR);
    case "day":
      return ms - (ms % MS_PER_DAY);
    case "week": {
      const day = ms - (ms % MS_PER_DAY);
      const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
      return day - weekday * MS_PER_DAY;
    }
    case "total":
      return from;
  }
}

export function rowOf(start: number, cell: RollupCell): StatsRow {
  const p50 = percentileOf(cell.h, 0.5);
  const p95 = percentileOf(cell.h, 0.95);
  return {
    start: new Date(start).toISOString(),
    calls: cell.n,
    errors: cell.e,
    errorRate: cell.n > 0 ? cell.e / cell.n : 0,
    byCategory: cell.c,
    ...(p50 !== undefined ? { p50Ms: p50 } : {}),
    ...(p95 !== undefined ? { p95Ms: p95 } : {}),
    fallbacks: cell.f,
    cooldownMs: cell.cd,
    recoveries: cell.r,
    tokens: cell.t,
  };
}

/** Sums cells into the total, per-model rows and series buckets of one query. */
class Accumulator {
  readonly total = emptyCell();
  readonly perModel = new Map<string, RollupCell>();
  readonly series = new Map<number, RollupCell>();
  constructor(readonly from: number, readonly to: number, readonly g: Granularity, readonly q: StatsQuery) {}

  wants(model: string): boolean {
    return this.q.model === undefined || modelMatches(model, this.q.model);
  }

  add(model: string, start: number, cell: Partial<RollupCell>): void {
    mergeCell(this.total, cell);
    let m = this.perModel.get(model);
    if (!m) this.perModel.set(model, (m = emptyCell()));
    mergeCell(m, cell);
    const key = bucketStart(start, this.g, this.from);
    let b = this.series.get(key);
    if (!b) this.series.set(key, (b = emptyCell()));
    mergeCell(b, cell);
  }

  addDay(day: DayRollup): void {
    this.addHours(day.day, day.models);
  }

  addHours(dayKey: string, models: Readonly<Record<string, Readonly<Record<string, Partial<RollupCell>>>>>): void {
    const dayStart = Date.parse(`${dayKey}T00:00:00.000Z`);
    if (!(dayStart + MS_PER_DAY > this.from && dayStart < this.to)) return;
    for (const model in models) {
      const hours = models[model];
      if (!hours || typeof hours !== "object" || !this.wants(model)) continue;
      for (const hour in hours) {
        const start = dayStart + Number(hour) * MS_PER_HOUR;
        const cell = hours[hour];
        if (cell && typeof cell === "object" && start >= this.from && start < this.to) this.add(model, start, cell);
      }
    }
  }

  result(): StatsResult {
    const { from, to, g, q } = this;
    const models = [...this.perModel.entries()].map(([model, cell]) => ({ model, ...rowOf(from, cell) })).sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model));
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      granularity: g,
      ...(q.model !== undefined ? { model: q.model } : {}),
      total: rowOf(from, this.total),
      models,
      series: [...this.series.entries()].sort((a, b) => a[0] - b[0]).map(([start, cell]) => rowOf(start, cell)),
    };
  }
}

function rangeOf(q: StatsQuery): [number, number] {
  const from = timeOf(q.from);
  const to = timeOf(q.to);
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new Error(`stats query: bad range ${String(q.from)} .. ${String(q.to)}`);
  return [from, to];
}

/** The query over days already in memory (a live fold, or a fold of the journal). */
export function queryDays(days: Iterable<DayRollup>, q: StatsQuery): StatsResult {
  const [from, to] = rangeOf(q);
  const acc = new Accumulator(from, to, q.granularity ?? "day", q);
  for (const day of days) acc.addDay(day);
  return acc.result();
}

/**
 * Answers from the day files in `statsDir` (`<stateDir>/stats`), reading only the days the range needs; a day
 * wholly inside the range (at day or coarser granularity) costs only its one-line header.
 */
export function queryStats(statsDir: string, q: StatsQuery): StatsResult {
  const [from, to] = rangeOf(q);
  const g = q.granularity ?? "day";
  const acc = new Accumulator(from, to, g, q);
  const first = new Date(from).toISOString().slice(0, 10);
  const last = new Date(Math.max(from, to - 1)).toISOString().slice(0, 10);
  for (const day of listStatsDays(statsDir, { from: first, to: last })) {
    const dayStart = Date.parse(`${day}T00:00:00.000Z`);
    const whole = g !== "hour" && dayStart >= from && dayStart + MS_PER_DAY <= to;
    const summary = whole ? readDaySummary(statsDir, day) : undefined;
    if (summary) {
      for (const model in summary.totals) if (acc.wants(model)) acc.add(model, dayStart, summary.totals[model] as Partial<RollupCell>);
      continue;
    }
    const hours = readDayHours(statsDir, day);
    if (hours) acc.addHours(day, hours);
  }
  return acc.result();
}
