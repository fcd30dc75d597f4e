// The supervisor's replay-built state out of and back into its private parts (the snapshot cache's content;
// snapshot-state.ts turns it into JSON and validates it).
import type { AnyMachineSnapshot } from "xstate";
import type { ModelRef } from "../domain/events.js";
import type { ActorKind } from "./actor-kinds.js";
import type { ActorTable } from "./actor-table.js";
import type { SteeringState } from "./steering-state.js";
import type { HealthWatch, HealthExtras } from "./health-watch.js";
import type { OperatorState, OperatorStateJson } from "./operator-state.js";
import type { ActionOutcomes, RecentAction } from "./action-outcomes.js";

export interface SupervisorStateParts extends HealthExtras {
  readonly actors: ReadonlyArray<{ readonly kind: ActorKind; readonly id: string; readonly snapshot: AnyMachineSnapshot }>;
  readonly routes: ReadonlyArray<readonly [ModelRef, number | undefined]>;
  readonly spared: ReadonlyArray<readonly [string, number]>;
  readonly heldCapped: readonly ModelRef[];
  readonly recent: readonly RecentAction[];
  readonly operator: OperatorStateJson;
}

interface Parts {
  readonly actors: ActorTable;
  readonly steering: SteeringState;
  readonly health: HealthWatch;
  readonly operator: OperatorState;
}

export function exportState(p: Parts, recent: readonly RecentAction[]): SupervisorStateParts {
  return {
    actors: [...p.actors.values()].map((s) => ({ kind: s.kind, id: s.id, snapshot: s.snapshot })),
    routes: p.steering.routes.entries(),
    spared: p.steering.routes.sparedEntries(),
    heldCapped: p.steering.heldCappedModels(),
    ...p.health.extras(),
    recent: [...recent],
    operator: p.operator.toJSON(),
  };
}

export function importState(p: Parts & { readonly outcomes: ActionOutcomes }, s: SupervisorStateParts): void {
  for (const a of s.actors) p.actors.put(a.kind, a.id, a.snapshot);
  for (const [model, until] of s.routes) p.steering.routes.avoid(model, until);
  for (const [pattern, until] of s.spared) p.steering.routes.spare(pattern, until);
  p.outcomes.restore(s.recent);
  p.health.restore(s);
  p.steering.restoreHeldCaps(s.heldCapped);
  p.operator.restore(s.operator);
  p.actors.changed = true;
}
