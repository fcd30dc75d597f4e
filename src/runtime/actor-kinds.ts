// The four kinds of supervised actor, each an XState machine driven purely through transition().
import { createActor, initialTransition, type AnyActorScope, type AnyStateMachine, type AnyMachineSnapshot } from "xstate";
import { modelMachine, channelMachine, cronJobMachine, gatewayMachine, effectsOf, stateName, TIMED_TAG } from "../../machines/index.js";
import type { Effect } from "../domain/effects.js";

export type ActorKind = "model" | "channel" | "cron" | "gateway";

export const MACHINES: Record<ActorKind, AnyStateMachine> = {
  model: modelMachine as unknown as AnyStateMachine,
  channel: channelMachine as unknown as AnyStateMachine,
  cron: cronJobMachine as unknown as AnyStateMachine,
  gateway: gatewayMachine as unknown as AnyStateMachine,
};

/** Journal record type of each kind's transitions. */
export const STATE_RECORD: Record<ActorKind, string> = {
  model: "model.state",
  channel: "channel.state",
  cron: "cron.state",
  gateway: "gateway.state",
};

export const KIND_OF_RECORD: Readonly<Record<string, ActorKind>> = {
  "model.state": "model",
  "channel.state": "channel",
  "cron.state": "cron",
  "gateway.state": "gateway",
};

export interface Step {
  readonly snapshot: AnyMachineSnapshot;
  readonly effects: Effect[];
}

export function spawnActor(kind: ActorKind, input: Record<string, unknown>): Step {
  const [snapshot, actions] = initialTransition(MACHINES[kind], input);
  return { snapshot, effects: effectsOf(actions as Array<{ type: string; params?: unknown }>) };
}

/**
 * One inert actor scope per kind, reused by every step. xstate's own `transition()` builds a throwaway actor
 * (which computes an initial snapshot) on each call: about 70% of a step's cost. The machines are pure (no
 * children, no delays), so the scope only collects the actions a step asks to run.
 */
interface InertScope {
  readonly scope: AnyActorScope;
  readonly actions: Array<{ type: string; params?: unknown }>;
}
const SCOPES = new Map<ActorKind, InertScope>();

function scopeOf(kind: ActorKind): InertScope {
  let inert = SCOPES.get(kind);
  if (!inert) {
    const actions: InertScope["actions"] = [];
    const self = createActor(MACHINES[kind], { input: {} as never });
    const scope = {
      self, defer: () => undefined, id: "", logger: () => undefined, sessionId: "", stopChild: () => undefined,
      system: self.system, emit: () => undefined,
      actionExecutor: (action: { type: string; params?: unknown }) => void actions.push(action),
    } as unknown as AnyActorScope;
    inert = { scope, actions };
    SCOPES.set(kind, inert);
  }
  return inert;
}

export function stepActor(kind: ActorKind, snapshot: AnyMachineSnapshot, event: { type: string; now: number } & Record<string, unknown>): Step {
  const { scope, actions } = scopeOf(kind);
  actions.length = 0;
  const next = MACHINES[kind].transition(snapshot, event as never, scope) as AnyMachineSnapshot;
  return { snapshot: next, effects: effectsOf(actions.splice(0)) };
}

/** Rebuilds a snapshot from a journaled checkpoint (state name + context). */
export function restoreActor(kind: ActorKind, value: string, context: Record<string, unknown>): AnyMachineSnapshot {
  return MACHINES[kind].resolveState({ value, context } as never) as AnyMachineSnapshot;
}

export function nameOf(snapshot: AnyMachineSnapshot): string {
  return stateName(snapshot);
}

export function contextOf(snapshot: AnyMachineSnapshot): Record<string, unknown> {
  return snapshot.context as Record<string, unknown>;
}

/** The absolute deadline the supervisor must arm a timer for, if the state waits. */
export function deadlineOf(snapshot: AnyMachineSnapshot): number | undefined {
  if (!snapshot.hasTag(TIMED_TAG)) return undefined;
  const until = contextOf(snapshot).until;
  return typeof until === "number" ? until : undefined;
}
