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

/** What a user whose turn is held reads (after OpenClaw's own "Your message could not be sent: "). */
export const HELD_TURN_NOTICE =
  "every AI model of this assistant is failing right now. Your message is kept and will be tried again automatically as soon as a model works (within the hour), so there is no need to send it again.";

/** Why to hold a run whose model and whole chain are routed around; undefined lets it run. */
export function holdReason(chain: readonly ModelRef[], model: ModelRef, isAvoided: (model: ModelRef) => boolean): string | undefined {
  if (!isAvoided(model) || chain.length === 0 || !chain.every(isAvoided)) return undefined;
  // OpenClaw shows it as "Your message could not be sent: <this>": plain words, no provider or model ids.
  return HELD_TURN_NOTICE;
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
  /** Quota watch: model patterns (`provider/model` or `provider/*`) spared for users, until a time (epoch ms). */
  private readonly spared = new Map<string, number>();

  /** Routes non-urgent turns away from `pattern` until `until` (its quota window's reset). */
  spare(pattern: string, until: number): void {
    this.spared.set(pattern, until);
  }

  unspare(pattern: string): void {
    this.spared.delete(pattern);
  }

  /** Whether non-urgent turns should avoid `model` at `now`. */
  isSpared(model: ModelRef, now: number): boolean {
    if (this.spared.size === 0) return false;
    for (const [pattern, until] of this.spared) {
      if (until <= now) continue;
      if (pattern === model || (pattern.endsWith("/*") && model.startsWith(pattern.slice(0, -1)))) return true;
    }
    return false;
  }

  /** Until when non-urgent turns avoid `pattern`, if they do at `now`. */
  sparedUntil(pattern: string, now: number): number | undefined {
    const until = this.spared.get(pattern);
    return until !== undefined && until > now ? until : undefined;
  }

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

  /** Quota-watch spares with their end times (the snapshot cache). */
  sparedEntries(): Array<[string, number]> {
    return [...this.spared];
  }

  /** Every avoided model with its end time, in insertion order (the snapshot cache). */
  entries(): Array<[ModelRef, number | undefined]> {
    return [...this.avoided];
  }
}
