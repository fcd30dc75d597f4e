// Pure: which healthy models are due for a scheduled health probe (model.healthProbeMinutes), and when to look again.
// A model proves itself by answering; a probe is only spent on one whose last answer is older than the interval.

/** What the scheduler knows of one model at `now`. */
export interface HealthProbeCandidate {
  readonly id: string;
  /** The model actor's state; only `healthy` models are probed on the schedule (the others have their own probes). */
  readonly state: string;
  /** The last time the model answered (a real call or a probe), or when it became healthy; undefined: never. */
  readonly provenAt: number | undefined;
  /** The last scheduled probe of this model was sent at this time. */
  readonly probedAt: number | undefined;
  /** Look again at this time instead: a failed probe of a still-healthy model (to confirm), a refused or rate-limited one. */
  readonly retryAt: number | undefined;
  /** A quota budget covering the model is at or above quota.criticalPercent: never probe it. */
  readonly quotaCritical: boolean;
}

export interface HealthProbePlan {
  /** Models to probe now, most overdue first, at most `maxPerTick`. */
  readonly due: readonly string[];
  /** When the next model falls due (undefined: none can, e.g. no model is healthy or the schedule is off). */
  readonly nextAt: number | undefined;
}

/** When a candidate falls due, or undefined when it is not to be probed on the schedule. */
export function dueAt(c: HealthProbeCandidate, intervalMs: number, startedAt: number): number | undefined {
  if (intervalMs <= 0 || c.state !== "healthy") return undefined;
  if (c.retryAt !== undefined) return c.retryAt;
  const last = Math.max(c.provenAt ?? startedAt, c.probedAt ?? startedAt);
  return last + intervalMs;
}

/**
 * The probes to send at `now`. Quota-critical models are skipped (and looked at again after `recheckMs`, since the
 * window may reset); the rest go most-overdue first, `maxPerTick` at a time so cooldown probes keep their share of
 * the executor's probe rate limit (the rest are looked at again after `overflowMs`).
 */
export function planHealthProbes(candidates: readonly HealthProbeCandidate[], now: number, o: { intervalMs: number; startedAt: number; maxPerTick: number; recheckMs: number; overflowMs: number }): HealthProbePlan {
  const due: { id: string; at: number }[] = [];
  let nextAt: number | undefined;
  const later = (at: number) => {
    nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
  };
  for (const c of candidates) {
    const at = dueAt(c, o.intervalMs, o.startedAt);
    if (at === undefined) continue;
    if (at > now) later(at);
    else if (c.quotaCritical) later(now + o.recheckMs);
    else due.push({ id: c.id, at });
  }
  due.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const now_ = due.slice(0, Math.max(0, o.maxPerTick));
  if (due.length > now_.length) later(now + o.overflowMs);
  return { due: now_.map((d) => d.id), nextAt };
}
