// Healthy models probed on a schedule (model.healthProbeMinutes, opt-in): a dead fallback is found, cooled and routed
// around before a user's turn lands on it. The decision is health-probe-plan.ts; this file keeps the timer and what
// each probe came back with. Probes go through the executor like every other effect (journaled, dry-run aware, the
// 12-a-minute probe limit), count against quota budgets, and wait while a budget is at quota.criticalPercent.
import type { Clock, TimerHandle } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { Effect } from "../domain/effects.js";
import type { Outcome } from "../effects/executor.js";
import { modelsOf } from "../config/topology.js";
import { planHealthProbes, type HealthProbeCandidate } from "./health-probe-plan.js";
import type { Supervisor } from "./supervisor.js";

/** The reason journaled with every scheduled probe (reports and the timeline group on it). */
export const HEALTH_PROBE_REASON = "scheduled health probe";
/** At most this many scheduled probes start together: cooldown probes keep their share of the 12-a-minute limit. */
const MAX_PER_TICK = 2;
const OVERFLOW_MS = 10_000;
/** A quota at its critical level, or a probe OpenClaw refused, is looked at again this much later. */
const RECHECK_MS = 15 * 60_000;

export interface HealthProbeSettings {
  /** 0: off. */
  readonly intervalMs: number;
  /** After a failed scheduled probe of a still-healthy model, the next one comes this much later. */
  readonly retryMs: number;
  readonly timeoutMs: number;
  readonly jitterRatio: number;
}

export interface HealthProbesOptions {
  readonly clock: Clock;
  readonly random: Random;
  readonly settings: () => HealthProbeSettings;
  /** Every model of every agent's chain. */
  readonly models: () => readonly string[];
  /** The model actor's state and when it last answered (or became healthy); undefined: no actor yet (healthy). */
  readonly view: (model: string) => { readonly state: string; readonly provenAt?: number } | undefined;
  readonly quotaCritical?: (model: string, now: number) => boolean;
  readonly execute: (effect: Effect) => Promise<Outcome>;
  /** The outcome goes back to the supervisor (a probe result is observed and steps the model's actor). */
  readonly onOutcome: (effect: Effect, outcome: Outcome, at: number) => void;
}

export class HealthProbes {
  private timer: TimerHandle | undefined;
  private timerAt: number | undefined;
  private startedAt = 0;
  private stopped = true;
  private readonly probedAt = new Map<string, number>();
  private readonly retryAt = new Map<string, number>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly o: HealthProbesOptions) {}

  start(): void {
    this.stopped = false;
    this.startedAt = this.o.clock.now();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  /** The config changed (interval turned on, off or moved): plan again. */
  reconfigure(): void {
    if (this.stopped) return;
    this.disarm();
    this.arm();
  }

  private candidates(now: number): HealthProbeCandidate[] {
    const out: HealthProbeCandidate[] = [];
    for (const id of new Set(this.o.models())) {
      if (this.inFlight.has(id)) continue;
      const view = this.o.view(id);
      out.push({
        id,
        state: view?.state ?? "healthy",
        provenAt: view?.provenAt,
        probedAt: this.probedAt.get(id),
        retryAt: this.retryAt.get(id),
        quotaCritical: this.o.quotaCritical?.(id, now) ?? false,
      });
    }
    return out;
  }

  private plan(now: number) {
    const s = this.o.settings();
    return planHealthProbes(this.candidates(now), now, { intervalMs: s.intervalMs, startedAt: this.startedAt, maxPerTick: MAX_PER_TICK, recheckMs: Math.min(RECHECK_MS, s.intervalMs), overflowMs: OVERFLOW_MS });
  }

  private arm(): void {
    if (this.stopped || this.o.settings().intervalMs <= 0) return;
    const next = this.plan(this.o.clock.now()).nextAt;
    if (next === undefined) return;
    if (this.timer !== undefined && this.timerAt !== undefined && this.timerAt <= next) return;
    this.disarm();
    // Jitter (later only, up to jitterRatio of a minute) keeps gateways sharing a provider out of step.
    const at = next + Math.floor(this.o.random() * this.o.settings().jitterRatio * 60_000);
    this.timerAt = at;
    this.timer = this.o.clock.setTimer(at, () => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.tick();
    });
  }

  private disarm(): void {
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.o.clock.now();
    for (const id of this.plan(now).due) this.send(id, now);
    this.arm();
  }

  private send(id: string, at: number): void {
    const effect: Effect = { action: "probe_model", target: id, reason: HEALTH_PROBE_REASON, params: { timeoutMs: this.o.settings().timeoutMs, scheduled: true } };
    this.probedAt.set(id, at);
    this.retryAt.delete(id);
    this.inFlight.add(id);
    void this.o.execute(effect).then(
      (outcome) => {
        this.inFlight.delete(id);
        this.o.onOutcome(effect, outcome, at);
        this.settle(id, outcome);
      },
      () => {
        this.inFlight.delete(id);
        this.arm();
      },
    );
  }

  /** What the next scheduled probe of `id` waits for, from this one's outcome. */
  private settle(id: string, outcome: Outcome): void {
    const now = this.o.clock.now();
    const s = this.o.settings();
    if (outcome.status === "executed" && outcome.probe && !outcome.probe.ok) {
      // Still healthy after one failure: confirm soon, until it answers or reaches its failure threshold (cooldown).
      if ((this.o.view(id)?.state ?? "healthy") === "healthy") this.retryAt.set(id, now + s.retryMs);
    } else if (outcome.status === "skipped" && outcome.why === "budget") {
      this.retryAt.set(id, now + OVERFLOW_MS);
    } else if (outcome.status === "failed") {
      // Typically OpenClaw refusing a fallback's probe without subagent.allowModelOverride: ask again much later.
      this.retryAt.set(id, now + Math.min(RECHECK_MS, s.intervalMs));
    }
    this.arm();
  }
}

/** Health probes on a supervisor's models, settings from its live config (shared by the gateway and the rehearsal). */
export function attachHealthProbes(o: {
  readonly supervisor: Supervisor;
  readonly clock: Clock;
  readonly random: Random;
  readonly execute: (effect: Effect) => Promise<Outcome>;
  readonly quotaCritical?: (model: string, now: number) => boolean;
}): HealthProbes {
  const { supervisor } = o;
  const probes = new HealthProbes({
    clock: o.clock,
    random: o.random,
    settings: () => {
      const c = supervisor.config;
      const on = c.enabled && c.actions.probeModel;
      return { intervalMs: on ? c.model.healthProbeMinutes * 60_000 : 0, retryMs: c.model.probeSpacingSeconds * 1000, timeoutMs: c.model.probeTimeoutSeconds * 1000, jitterRatio: c.model.jitterRatio };
    },
    models: () => modelsOf(supervisor.topology),
    view: (id) => {
      const actor = supervisor.actor("model", id);
      if (!actor) return undefined;
      const ctx = actor.context;
      const proven = Math.max(typeof ctx.lastOkAt === "number" ? ctx.lastOkAt : -Infinity, typeof ctx.healthySince === "number" ? ctx.healthySince : -Infinity);
      return { state: actor.state, ...(Number.isFinite(proven) ? { provenAt: proven } : {}) };
    },
    ...(o.quotaCritical ? { quotaCritical: o.quotaCritical } : {}),
    execute: o.execute,
    onOutcome: (effect, outcome, at) => supervisor.onOutcome(effect, outcome, at),
  });
  probes.start();
  return probes;
}
