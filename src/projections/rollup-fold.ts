// Folds journal records into per-day, per-model, per-hour rollup cells. Pure: time comes from the records.
import { bucketOf, emptyCell, type RollupCell } from "./rollup-cell.js";

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** States in which a model is kept out of traffic; time spent in them is "time in cooldown". */
const COOLING = new Set(["cooldown", "probing"]);
const DOWN = new Set(["cooldown", "probing", "disabled"]);
const BACK = new Set(["recovered", "healthy"]);

/** One day of rollups: `models[model][hour 0..23]`. `seq`: the highest journal seq folded into this day. */
export interface DayRollup {
  v: 1;
  day: string;
  seq: number;
  models: Record<string, Record<string, RollupCell>>;
}

/** A journal record as the fold needs it: its type, time (epoch ms), seq, and fields. */
export interface RollupRecord {
  readonly type: string;
  readonly ts: number;
  readonly seq: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

let cachedDayStart = Number.NaN;
let cachedDayKey = "";

/** The UTC day key of an epoch-ms time (cached: records arrive day by day, this is on the hot path). */
export function dayOfMs(ms: number): string {
  const start = ms - (((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY);
  if (start !== cachedDayStart) {
    cachedDayKey = new Date(start).toISOString().slice(0, 10);
    cachedDayStart = start;
  }
  return cachedDayKey;
}

export function emptyDay(day: string): DayRollup {
  return { v: 1, day, seq: 0, models: {} };
}

/** A journal record (envelope with ISO `ts`) as a RollupRecord; undefined when its time is unusable. */
export function rollupRecordOf(record: { readonly type: string; readonly ts: string; readonly seq: number; readonly [k: string]: unknown }): RollupRecord | undefined {
  const ts = Date.parse(record.ts);
  return Number.isFinite(ts) ? { type: record.type, ts, seq: record.seq, fields: record } : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * The incremental fold. `load(day)` supplies a day already on disk the first time the fold touches it, so new
 * records add to it; a record whose seq is not above its day's `seq` was already counted and only updates the
 * cooldown tracking. Touched days are listed by `dirty()` until `clean()`.
 */
export class RollupFold {
  private readonly days = new Map<string, DayRollup>();
  private readonly dirtyDays = new Set<string>();
  /** model → when it entered a cooling state. */
  private readonly coolingSince = new Map<string, number>();
  /** Models currently down (for recoveries). */
  private readonly down = new Set<string>();
  records = 0;

  constructor(private readonly load: (day: string) => DayRollup | undefined = () => undefined) {}

  /** False only for a record `add` would do nothing with but note its day: counted already, not a model transition. */
  wants(type: string, seq: number, ts: string): boolean {
    if (type === "model.state") return true;
    const ms = Date.parse(ts);
    if (!Number.isFinite(ms)) return true;
    const day = this.day(dayOfMs(ms));
    return !(seq > 0 && seq <= day.seq);
  }

  add(rec: RollupRecord): boolean {
    const day = this.day(dayOfMs(rec.ts));
    const fresh = !(rec.seq > 0 && rec.seq <= day.seq);
    const f = rec.fields;
    switch (rec.type) {
      case "call": {
        const model = str(f.model);
        if (!fresh || !model || f.probe === true) break;
        const cell = this.cell(day, model, rec.ts);
        cell.n++;
        const category = str(f.errorType);
        const ok = f.ok === true || (f.ok === undefined && category === undefined);
        if (!ok) {
          const key = category ?? "unknown";
          cell.c[key] = (cell.c[key] ?? 0) + 1;
          if (key !== "aborted") cell.e++;
        }
        const ms = num(f.durationMs);
        if (ms !== undefined && ms >= 0) cell.h[bucketOf(ms)] = (cell.h[bucketOf(ms)] as number) + 1;
        const tokens = num(f.tokens);
        if (tokens !== undefined && tokens > 0) cell.t += tokens;
        break;
      }
      case "call.usage": {
        // llm_output's token usage of one attempt (calls themselves are counted from "call" records).
        const model = str(f.model);
        const tokens = num(f.tokens);
        if (fresh && model && tokens !== undefined && tokens > 0) this.cell(day, model, rec.ts).t += tokens;
        break;
      }
      case "turn": {
        const from = str(f.requested) ?? str(f.model);
        if (fresh && from && f.fallbackUsed === true) this.cell(day, from, rec.ts).f++;
        break;
      }
      case "model.state":
        this.transition(rec, str(f.actor) ?? str(f.model), str(f.from), str(f.to), fresh);
        break;
      default:
        break;
    }
    if (fresh) {
      if (rec.seq > day.seq) day.seq = rec.seq;
      this.dirtyDays.add(day.day);
      this.records++;
    }
    return fresh;
  }

  /** The days touched since the last clean(), oldest first. */
  dirty(): DayRollup[] {
    return [...this.dirtyDays].sort().map((d) => this.days.get(d) as DayRollup);
  }

  clean(keepDays: readonly string[] = []): void {
    this.dirtyDays.clear();
    const keep = new Set(keepDays);
    for (const d of this.days.keys()) if (!keep.has(d)) this.days.delete(d);
  }

  /** Every day held in memory (all of them when nothing was cleaned), oldest first. */
  allDays(): DayRollup[] {
    return [...this.days.keys()].sort().map((d) => this.days.get(d) as DayRollup);
  }

  /** The cooldown tracking that spans records (the runtime's snapshot cache); `restoreTracking` puts it back. */
  tracking(): { coolingSince: Array<[string, number]>; down: string[] } {
    return { coolingSince: [...this.coolingSince], down: [...this.down] };
  }

  restoreTracking(tracking: { coolingSince: ReadonlyArray<readonly [string, number]>; down: readonly string[] }): void {
    this.coolingSince.clear();
    this.down.clear();
    for (const [model, since] of tracking.coolingSince) this.coolingSince.set(model, since);
    for (const model of tracking.down) this.down.add(model);
  }

  /** Models cooling now, with the time they started (for open intervals). */
  cooling(): ReadonlyMap<string, number> {
    return this.coolingSince;
  }

  private transition(rec: RollupRecord, model: string | undefined, from: string | undefined, to: string | undefined, fresh: boolean): void {
    if (!model || !to) return;
    const since = this.coolingSince.get(model);
    if (since !== undefined && !COOLING.has(to)) {
      this.coolingSince.delete(model);
      if (fresh) this.spreadCooldown(model, since, rec.ts);
    } else if (since === undefined && COOLING.has(to)) {
      this.coolingSince.set(model, rec.ts);
    }
    const wasDown = this.down.has(model) || (from !== undefined && DOWN.has(from));
    if (DOWN.has(to)) this.down.add(model);
    else if (BACK.has(to)) {
      this.down.delete(model);
      if (wasDown && fresh) this.cell(this.day(dayOfMs(rec.ts)), model, rec.ts).r++;
    }
  }

  /** Adds [start, end) to the cooldown time of each hour it overlaps. */
  private spreadCooldown(model: string, start: number, end: number): void {
    let t = start;
    while (t < end) {
      const hourEnd = t - (((t % MS_PER_HOUR) + MS_PER_HOUR) % MS_PER_HOUR) + MS_PER_HOUR;
      const stop = Math.min(end, hourEnd);
      const day = this.day(dayOfMs(t));
      this.cell(day, model, t).cd += stop - t;
      this.dirtyDays.add(day.day);
      t = stop;
    }
  }

  private day(key: string): DayRollup {
    let day = this.days.get(key);
    if (!day) {
      day = this.load(key) ?? emptyDay(key);
      this.days.set(key, day);
    }
    return day;
  }

  private cell(day: DayRollup, model: string, ts: number): RollupCell {
    const hour = String(Math.floor((((ts % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR));
    const hours = (day.models[model] ??= {});
    return (hours[hour] ??= emptyCell());
  }
}
