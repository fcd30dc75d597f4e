// Which model a turn should use instead of a candidate the supervisor has routed around. Pure.
import type { ModelRef } from "../domain/events.js";

/**
 * Returns the model to use instead of `candidate`, or undefined to leave OpenClaw's choice alone.
 * Overrides only when the candidate is avoided; picks the first usable model of the agent's chain
 * that this run has not already been routed to (so OpenClaw's own fallback is never defeated).
 */
export function pickRoute(
  chain: readonly ModelRef[],
  candidate: ModelRef,
  isAvoided: (model: ModelRef) => boolean,
  alreadyRouted: ReadonlySet<ModelRef> = new Set(),
): ModelRef | undefined {
  if (!isAvoided(candidate)) return undefined;
  for (const model of chain) {
    if (model === candidate || alreadyRouted.has(model)) continue;
    if (!isAvoided(model)) return model;
  }
  return undefined;
}

/** Why to hold a run whose model and whole chain are routed around; undefined lets it run. */
export function holdReason(chain: readonly ModelRef[], model: ModelRef, isAvoided: (model: ModelRef) => boolean): string | undefined {
  if (!isAvoided(model) || chain.length === 0 || !chain.every(isAvoided)) return undefined;
  return `self-heal: every model of this agent is failing right now (${chain.join(", ")}); it is probing them and lets turns through again as soon as one answers`;
}

/** Models of every chain that is routed around as a whole (probes are their only way back). */
export function heldModels(agents: ReadonlyArray<{ chain: readonly ModelRef[] }>, isAvoided: (model: ModelRef) => boolean): Set<ModelRef> {
  const held = new Set<ModelRef>();
  for (const { chain } of agents) if (chain.length > 0 && chain.every(isAvoided)) for (const m of chain) held.add(m);
  return held;
}

/** The models currently routed around, with when the avoidance was set to end (if known). */
export class RouteTable {
  private readonly avoided = new Map<ModelRef, number | undefined>();

  avoid(model: ModelRef, until?: number): void {
    this.avoided.set(model, until);
  }

  clear(model: ModelRef): void {
    this.avoided.delete(model);
  }

  isAvoided(model: ModelRef): boolean {
    return this.avoided.has(model);
  }

  list(): ModelRef[] {
    return [...this.avoided.keys()];
  }
}
