// One rollup cell: what happened to one model in one hour (calls, errors, latency histogram, fallbacks, cooldown).

/** Upper bounds (ms) of the fixed latency buckets; the last bucket is everything above the last bound. */
export const LATENCY_BOUNDS_MS = [50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000] as const;
export const LATENCY_BUCKETS = LATENCY_BOUNDS_MS.length + 1;

/** A compact, JSON-friendly cell (short keys: the stats files hold ~ models × 24 of these per day). */
export interface RollupCell {
  /** Calls (our own probes excluded). */
  n: number;
  /** Failed calls, user aborts excluded. */
  e: number;
  /** Failed calls by error category (aborts included). */
  c: Record<string, number>;
  /** Latency histogram over LATENCY_BOUNDS_MS (calls with a duration). */
  h: number[];
  /** Turns that fell back away from this model. */
  f: number;
  /** Milliseconds this model spent cooling down (cooldown or probing) in the cell's hour. */
  cd: number;
  /** Recoveries: the model came back (to recovered/healthy) from cooldown, probing or disabled. */
  r: number;
  /** Tokens (input + output) from llm_output usage records (and call records that carry them). */
  t: number;
}

export function emptyCell(): RollupCell {
  return { n: 0, e: 0, c: {}, h: new Array<number>(LATENCY_BUCKETS).fill(0), f: 0, cd: 0, r: 0, t: 0 };
}

export function bucketOf(ms: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (ms <= (LATENCY_BOUNDS_MS[i] as number)) return i;
  return LATENCY_BOUNDS_MS.length;
}

/** Adds `src` into `dst` (in place) and returns `dst`. `src` may be a stored, compacted cell (missing = zero). */
export function mergeCell(dst: RollupCell, src: Partial<RollupCell>): RollupCell {
  dst.n += src.n ?? 0;
  dst.e += src.e ?? 0;
  dst.f += src.f ?? 0;
  dst.cd += src.cd ?? 0;
  dst.r += src.r ?? 0;
  dst.t += src.t ?? 0;
  const c = src.c;
  if (c) for (const key in c) dst.c[key] = (dst.c[key] ?? 0) + ((c[key] as number) || 0);
  const h = src.h;
  if (h) for (let i = 0; i < h.length && i < LATENCY_BUCKETS; i++) dst.h[i] = (dst.h[i] as number) + ((h[i] as number) || 0);
  return dst;
}

/** A cell read from disk, repaired to the full shape (missing fields are zero). */
export function normalizeCell(raw: unknown): RollupCell {
  const cell = emptyCell();
  if (!raw || typeof raw !== "object") return cell;
  const r = raw as Partial<Record<keyof RollupCell, unknown>>;
  const n = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  cell.n = n(r.n);
  cell.e = n(r.e);
  cell.f = n(r.f);
  cell.cd = n(r.cd);
  cell.r = n(r.r);
  cell.t = n(r.t);
  if (r.c && typeof r.c === "object") for (const [k, v] of Object.entries(r.c)) cell.c[k] = n(v);
  if (Array.isArray(r.h)) for (let i = 0; i < LATENCY_BUCKETS; i++) cell.h[i] = n(r.h[i]);
  return cell;
}

/**
 * The p-th percentile (0..1) of the histogram, interpolated linearly inside its bucket; undefined without samples.
 * The open last bucket reports its lower bound.
 */
export function percentileOf(h: readonly number[], p: number): number | undefined {
  let total = 0;
  for (const v of h) total += v;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    const count = h[i] as number;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = i === 0 ? 0 : (LATENCY_BOUNDS_MS[i - 1] as number);
      const upper = LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((upper - lower) * (rank - seen)) / count);
    }
    seen += count;
  }
  return undefined;
}
