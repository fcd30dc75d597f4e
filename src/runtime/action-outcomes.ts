// What an action's outcome changes in the supervisor (live and in replay alike): routes, machine feedback, and
// the list of recent actions status.json shows.
import type { Clock } from "../domain/clock.js";
import type { Effect } from "../domain/effects.js";
import type { ExecutorMode } from "../effects/executor.js";
import { NON_URGENT } from "../projections/quota-effects.js";
import { feedbackFor } from "./feedback.js";
import type { ActorTable } from "./actor-table.js";
import type { SteeringState } from "./steering-state.js";

export interface RecentAction {
  readonly at: number;
  readonly action: string;
  readonly target: string;
  readonly reason: string;
  readonly outcome: string;
  readonly why?: string;
}

export type OutcomeStatus = "executed" | "skipped" | "failed";

export interface ActionOutcomesDeps {
  readonly clock: Clock;
  readonly mode: () => ExecutorMode;
  readonly actors: () => ActorTable;
  readonly steering: () => SteeringState;
  readonly replaying: () => boolean;
  readonly refreshHealth: (reason: string) => void;
}

/** Probing is switched off or not permitted by OpenClaw: only real traffic can test the model. */
function probeImpossible(status: string, why: string | undefined, error: string | undefined): boolean {
  if (status === "skipped") return why === "disabled";
  return status === "failed" && /not permitted/i.test(error ?? "");
}

const RECENT_LIMIT = 50;

export class ActionOutcomes {
  private readonly recentList: RecentAction[] = [];

  constructor(private readonly deps: ActionOutcomesDeps) {}

  /** Route-table updates and machine feedback of an action outcome (shared with replay). */
  apply(effect: Pick<Effect, "action" | "target" | "reason" | "params">, status: OutcomeStatus, why: string | undefined, error: string | undefined, at: number): void {
    const until = effect.params?.until;
    const steering = this.deps.steering();
    const routes = steering.routes;
    if (effect.params?.scope === NON_URGENT) {
      // Quota watch: only non-urgent turns move; the model's own health and routes are untouched.
      if (status === "executed" && effect.action === "route_around" && typeof until === "number") routes.spare(effect.target, until);
      if (status === "executed" && effect.action === "fail_back") routes.unspare(effect.target);
      this.note(effect, status, why, at);
      return;
    }
    if (status === "executed" && effect.action === "route_around") routes.avoid(effect.target, typeof until === "number" ? until : undefined);
    if (status === "executed" && effect.action === "fail_back") routes.clear(effect.target);
    if (effect.action === "probe_model" && probeImpossible(status, why, error)) {
      // Without probes, real traffic is the half-open test: stop routing around the model.
      routes.clear(effect.target);
    }
    if (effect.action === "route_around" || effect.action === "fail_back" || effect.action === "probe_model") steering.refreshHeldCaps();
    this.note(effect, status, why, at);
    const fb = feedbackFor(effect, status, why, error);
    if (fb) {
      this.deps.actors().send(fb.kind, fb.id, { ...fb.event, now: this.deps.clock.now() } as { type: string; now: number });
      if (!this.deps.replaying()) this.deps.refreshHealth(effect.action);
    }
  }

  /** The last actions (at most 50), oldest first. */
  recent(): readonly RecentAction[] {
    return this.recentList;
  }

  restore(recent: readonly RecentAction[]): void {
    this.recentList.splice(0, this.recentList.length, ...recent);
  }

  private note(effect: Pick<Effect, "action" | "target" | "reason">, status: OutcomeStatus, why: string | undefined, at: number): void {
    const outcome = status === "executed" && this.deps.mode() === "rehearsal" ? "dry_run" : status === "skipped" && why === "dry_run" ? "dry_run" : status;
    this.recentList.push({ at, action: effect.action, target: effect.target, reason: effect.reason, outcome, ...(why ? { why } : {}) });
    if (this.recentList.length > RECENT_LIMIT) this.recentList.shift();
  }
}
