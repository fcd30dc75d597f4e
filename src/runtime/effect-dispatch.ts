// Hands the actors' effects to the one executor (never while replaying or stopped) and feeds each outcome back;
// effects asked for by an operator carry `params.operator`.
import type { Clock } from "../domain/clock.js";
import type { DomainEvent } from "../domain/events.js";
import type { Effect } from "../domain/effects.js";
import type { Executor, Outcome } from "../effects/executor.js";
import type { OutcomeStatus } from "./action-outcomes.js";

export interface EffectDispatchDeps {
  readonly clock: Clock;
  readonly executor: Executor;
  readonly replaying: () => boolean;
  readonly isStopped: () => boolean;
  readonly applyOutcome: (effect: Effect, status: OutcomeStatus, why: string | undefined, error: string | undefined, at: number) => void;
  /** A probe's result enters as an observation. */
  readonly observe: (event: DomainEvent) => void;
}

export class EffectDispatch {
  /** Set while an operator request runs: the effects it causes carry `params.operator`. */
  private actingFor: string | undefined;

  constructor(private readonly deps: EffectDispatchDeps) {}

  dispatch(effect: Effect): void {
    if (this.deps.replaying() || this.deps.isStopped()) return;
    if (this.actingFor !== undefined) effect = { ...effect, params: { ...effect.params, operator: this.actingFor } };
    const at = this.deps.clock.now();
    void this.deps.executor.execute(effect).then(
      (outcome) => this.onOutcome(effect, outcome, at),
      () => undefined,
    );
  }

  onOutcome(effect: Effect, outcome: Outcome, at: number): void {
    this.deps.applyOutcome(effect, outcome.status, outcome.status === "skipped" ? outcome.why : undefined, outcome.status === "failed" ? outcome.error : undefined, at);
    if (outcome.status === "executed" && outcome.probe && !this.deps.isStopped()) {
      const p = outcome.probe;
      this.deps.observe({ type: "probe.result", ts: this.deps.clock.now(), model: effect.target, ok: p.ok, durationMs: p.durationMs, ...(p.classification ? { classification: p.classification } : {}) });
    }
  }

  /** Runs `fn` with every effect it dispatches marked as the operator's (`params.operator`). */
  asOperator(by: string, fn: () => void): void {
    const before = this.actingFor;
    this.actingFor = by;
    try {
      fn();
    } finally {
      this.actingFor = before;
    }
  }
}
