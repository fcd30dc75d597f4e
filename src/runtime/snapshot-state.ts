// The supervisor's replay-built state as plain JSON (the snapshot cache), and back. Validates before it changes anything.
import type { AnyMachineSnapshot } from "xstate";
import { MACHINES, contextOf, nameOf, restoreActor, type ActorKind } from "./actor-kinds.js";
import type { Health } from "./bus.js";
import type { RecentAction, Supervisor } from "./supervisor.js";
import type { OperatorStateJson } from "./operator-state.js";

/** One actor: kind, id, state name, context (what a `*.state` checkpoint carries). */
export type SlotState = [kind: ActorKind, id: string, state: string, context: Record<string, unknown>];

export interface SupervisorState {
  readonly slots: SlotState[];
  /** Routed-around models, with the end of the avoidance (null: none known). */
  readonly routes: Array<[model: string, until: number | null]>;
  /** Quota watch: model patterns spared for non-urgent turns, until when. */
  readonly spared: Array<[pattern: string, until: number]>;
  readonly health: Health;
  /** Outage detector: failure streak per model, agents down. */
  readonly streaks: Array<[model: string, streak: number]>;
  readonly down: string[];
  /** Models whose cooldowns are capped while their whole chain is routed around. */
  readonly heldCapped: string[];
  readonly recent: RecentAction[];
  /** Operator's maintenance mode and alert silence (absent in snapshots written before they existed). */
  readonly operator?: Record<string, unknown>;
}

/**
 * What replay's result depends on beside the records: the agents' chains (outage detection, held models) and the
 * outage threshold. A snapshot taken under others is not used (the journal is replayed whole instead).
 */
export function replayFingerprint(supervisor: Supervisor): string {
  return JSON.stringify({ agents: supervisor.topology.agents.map((a) => [a.agentId, a.chain]), outage: supervisor.config.outage.consecutiveFailures });
}

/** `recent`: the recent actions as replay would list them (see RecentLedger); default the supervisor's own. */
export function captureSupervisor(supervisor: Supervisor, recent?: readonly RecentAction[]): SupervisorState {
  const parts = supervisor.exportState(recent);
  return {
    slots: parts.actors.map((a): SlotState => [a.kind, a.id, nameOf(a.snapshot), contextOf(a.snapshot)]),
    routes: parts.routes.map(([model, until]) => [model, until ?? null]),
    spared: parts.spared.map(([pattern, until]) => [pattern, until]),
    health: parts.health,
    streaks: parts.streaks.map(([model, n]) => [model, n]),
    down: [...parts.down],
    heldCapped: [...parts.heldCapped],
    recent: [...parts.recent],
    operator: { ...parts.operator },
  };
}

const HEALTHS: ReadonlySet<string> = new Set(["healthy", "degraded", "healing", "outage"]);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const pairs = (v: unknown): unknown[][] => {
  if (!Array.isArray(v) || !v.every(Array.isArray)) throw new Error("not a list of pairs");
  return v as unknown[][];
};
const strings = (v: unknown): string[] => {
  if (!Array.isArray(v) || !v.every(isString)) throw new Error("not a list of strings");
  return v;
};

/**
 * Puts a captured state into a supervisor that has replayed nothing yet. Throws (having changed nothing) when
 * the state is not well-formed or an actor's state does not exist in its machine.
 */
export function restoreSupervisor(supervisor: Supervisor, raw: unknown): void {
  if (!isObject(raw)) throw new Error("supervisor state is not an object");
  const slots: Array<{ kind: ActorKind; id: string; snapshot: AnyMachineSnapshot }> = [];
  for (const entry of pairs(raw.slots)) {
    const [kind, id, state, context] = entry;
    if (!isString(kind) || !Object.hasOwn(MACHINES, kind) || !isString(id) || !isString(state) || !isObject(context)) throw new Error("bad actor entry");
    const snapshot: AnyMachineSnapshot = restoreActor(kind as ActorKind, state, context);
    if (nameOf(snapshot) !== state) throw new Error(`actor ${kind}:${id} has no state ${state}`);
    slots.push({ kind: kind as ActorKind, id, snapshot });
  }
  const routes = pairs(raw.routes).map(([model, until]) => {
    if (!isString(model) || !(until === null || (typeof until === "number" && Number.isFinite(until)))) throw new Error("bad route entry");
    return [model, until === null ? undefined : until] as const;
  });
  const spared = pairs(raw.spared ?? []).map(([pattern, until]) => {
    if (!isString(pattern) || typeof until !== "number" || !Number.isFinite(until)) throw new Error("bad spared entry");
    return [pattern, until] as const;
  });
  const streaks = pairs(raw.streaks).map(([model, n]) => {
    if (!isString(model) || typeof n !== "number" || !Number.isInteger(n)) throw new Error("bad streak entry");
    return [model, n] as const;
  });
  if (!isString(raw.health) || !HEALTHS.has(raw.health)) throw new Error("bad health");
  const health = raw.health as Health;
  const down = strings(raw.down);
  const heldCapped = strings(raw.heldCapped);
  if (!Array.isArray(raw.recent)) throw new Error("bad recent actions");
  const recent = (raw.recent as unknown[]).map((r) => {
    if (!isObject(r) || typeof r.at !== "number" || !Number.isFinite(r.at) || !isString(r.action) || !isString(r.target) || !isString(r.reason) || !isString(r.outcome)) {
      throw new Error("bad recent action");
    }
    return { at: r.at, action: r.action, target: r.target, reason: r.reason, outcome: r.outcome, ...(isString(r.why) ? { why: r.why } : {}) };
  });
  // Everything is valid: commit.
  supervisor.importState({ actors: slots, routes, spared, health, streaks, down, heldCapped, recent, operator: (raw.operator ?? {}) as OperatorStateJson });
}
