// What a replay may do to a supervisor, and nothing more: overwrite actors from checkpoints, re-run observations
// and action outcomes, set health. Opened by Supervisor.beginReplay(); nothing is journaled, armed or executed
// until end().
import type { DomainEvent, ModelRef } from "../domain/events.js";
import type { Effect } from "../domain/effects.js";
import type { SelfHealConfig } from "../config/types.js";
import type { Health } from "./bus.js";
import { type ActorKind, stepActor } from "./actor-kinds.js";
import { optionsFor } from "./routing.js";
import type { ActorTable } from "./actor-table.js";
import type { SteeringState } from "./steering-state.js";
import type { HealthWatch } from "./health-watch.js";
import type { OperatorState } from "./operator-state.js";
import type { OutcomeStatus } from "./action-outcomes.js";

export interface ReplaySession {
  /** A checkpoint: the actor's state and context, as journaled (spawns the actor when needed). */
  restore(kind: ActorKind, id: string, state: string, context: Record<string, unknown>): void;
  /** `actor.stopped` of a model: no longer supervised nor routed around. */
  stopModel(id: string): void;
  /** An observation, as live. */
  process(event: DomainEvent): void;
  /** An action outcome, as live (no effect runs). */
  applyOutcome(effect: Pick<Effect, "action" | "target" | "reason" | "params">, status: OutcomeStatus, why: string | undefined, error: string | undefined, at: number): void;
  setHealth(health: Health): void;
  stateOf(kind: ActorKind, id: string): string | undefined;
  /** True when a success of `model` would change nothing in outage detection. */
  isQuiet(model: ModelRef): boolean;
  isPaused(now: number): boolean;
  /** Steps one actor without any live consequence (replay's fast paths). False when there is no such actor. */
  step(kind: ActorKind, id: string, event: { type: string; now: number } & Record<string, unknown>): boolean;
  /** Every actor gets the current config's options (checkpoints carry the options of their time). */
  applyCurrentOptions(now: number): number;
  /** Ends the replay: the supervisor is live again and its deadlines armed. */
  end(): void;
}

export interface ReplayParts {
  readonly actors: ActorTable;
  readonly steering: SteeringState;
  readonly health: HealthWatch;
  readonly operator: OperatorState;
  readonly config: () => SelfHealConfig;
  readonly process: (event: DomainEvent) => void;
  readonly applyOutcome: ReplaySession["applyOutcome"];
  readonly end: () => void;
}

export function openReplaySession(p: ReplayParts): ReplaySession {
  return {
    restore: (kind, id, state, context) => p.actors.restore(kind, id, state, context),
    stopModel: (id) => {
      p.actors.remove("model", id);
      p.steering.routes.clear(id);
    },
    process: p.process,
    applyOutcome: p.applyOutcome,
    setHealth: (health) => {
      p.health.health = health;
    },
    stateOf: (kind, id) => p.actors.stateOf(kind, id),
    isQuiet: (model) => p.health.isQuiet(model),
    isPaused: (now) => p.operator.isPaused(now),
    step: (kind, id, event) => p.actors.send(kind, id, event),
    applyCurrentOptions: (now) => {
      let failed = 0;
      for (const slot of p.actors.values()) {
        try {
          slot.snapshot = stepActor(slot.kind, slot.snapshot, { type: "OPTIONS_UPDATED", now, options: optionsFor(slot.kind, p.config()) }).snapshot;
        } catch {
          failed++;
        }
      }
      return failed;
    },
    end: p.end,
  };
}
