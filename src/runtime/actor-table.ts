// The supervisor's actors: one slot per supervised entity, stepped purely, checkpointed and re-armed after each step.
import type { AnyMachineSnapshot } from "xstate";
import type { Clock, TimerHandle } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { Effect } from "../domain/effects.js";
import type { SelfHealConfig } from "../config/types.js";
import type { JournalPort } from "../effects/journal-port.js";
import type { SupervisorBus } from "./bus.js";
import { type ActorKind, STATE_RECORD, spawnActor, stepActor, restoreActor, nameOf, contextOf } from "./actor-kinds.js";
import { inputFor, type Target } from "./routing.js";
import { DeadlineTimers } from "./actor-timers.js";

export interface Slot {
  readonly kind: ActorKind;
  readonly id: string;
  snapshot: AnyMachineSnapshot;
  timer?: TimerHandle;
  timerAt?: number;
}

/** What callers outside the supervisor see of an actor: its kind, id, state name and context (read-only). */
export interface ActorEntry {
  readonly kind: ActorKind;
  readonly id: string;
  readonly state: string;
  readonly context: Readonly<Record<string, unknown>>;
}

/** A machine event for an actor (the time is added by the caller). */
export type ActorEvent = { type: string; now: number } & Record<string, unknown>;

export interface ActorTableDeps {
  readonly clock: Clock;
  readonly random: Random;
  readonly journal: JournalPort;
  readonly bus: SupervisorBus;
  readonly maxActors: number;
  readonly config: () => SelfHealConfig;
  /** A model actor's options (config, strategy, outage cap). */
  readonly modelOptions: (id: string) => Record<string, number>;
  /** While replaying: no checkpoint, no timer, no effect. */
  readonly replaying: () => boolean;
  readonly dispatch: (effect: Effect) => void;
  /** A deadline fired and was stepped (health may have changed); `failed`: the step threw. */
  readonly onDeadline: (failed: boolean) => void;
  readonly isStopped: () => boolean;
  /** Live only: after an actor changed state and its effects were dispatched (e.g. a channel that gave up). */
  readonly onTransition?: (slot: Slot, from: string, to: string, now: number) => void;
}

export class ActorTable {
  private readonly slots = new Map<string, Slot>();
  private readonly timers: DeadlineTimers<Slot>;
  /** Whether an actor's state name may have changed since health was last computed (skips an O(actors) scan). */
  changed = true;

  constructor(private readonly deps: ActorTableDeps) {
    this.timers = new DeadlineTimers<Slot>(deps.clock, (slot, now) => {
      if (deps.isStopped() || this.slots.get(`${slot.kind}:${slot.id}`) !== slot) return;
      try {
        this.step(slot, { type: "DEADLINE", now });
        deps.onDeadline(false);
      } catch {
        deps.onDeadline(true);
      }
    });
  }

  get size(): number {
    return this.slots.size;
  }

  get(kind: ActorKind, id: string): Slot | undefined {
    return this.slots.get(`${kind}:${id}`);
  }

  stateOf(kind: ActorKind, id: string): string | undefined {
    const slot = this.slots.get(`${kind}:${id}`);
    return slot ? nameOf(slot.snapshot) : undefined;
  }

  values(): IterableIterator<Slot> {
    return this.slots.values();
  }

  entry(kind: ActorKind, id: string): ActorEntry | undefined {
    const slot = this.slots.get(`${kind}:${id}`);
    return slot ? entryOf(slot) : undefined;
  }

  entries(kind?: ActorKind): ActorEntry[] {
    const out: ActorEntry[] = [];
    for (const slot of this.slots.values()) if (kind === undefined || slot.kind === kind) out.push(entryOf(slot));
    return out;
  }

  stateNames(): string[] {
    const states: string[] = [];
    for (const slot of this.slots.values()) states.push(nameOf(slot.snapshot));
    return states;
  }

  /** The actor of `target`, spawned (and checkpointed as "supervised") when it has none yet. */
  ensure(target: Target): Slot | undefined {
    const key = `${target.kind}:${target.id}`;
    const existing = this.slots.get(key);
    if (existing) return existing;
    const { deps } = this;
    if (this.slots.size >= deps.maxActors) return undefined;
    const now = deps.clock.now();
    const input = inputFor(target, deps.config(), now, deps.random);
    if (target.kind === "model") input.options = deps.modelOptions(target.id);
    const step = spawnActor(target.kind, input);
    const slot: Slot = { kind: target.kind, id: target.id, snapshot: step.snapshot };
    this.slots.set(key, slot);
    this.changed = true;
    if (!deps.replaying()) {
      this.checkpoint(slot, "none", "supervised", now);
      this.timers.arm(slot);
    }
    return slot;
  }

  /** Steps one actor; live, a changed state or deadline is checkpointed, the timer re-armed, the effects dispatched. */
  step(slot: Slot, event: ActorEvent): void {
    const before = slot.snapshot;
    const step = stepActor(slot.kind, before, event);
    slot.snapshot = step.snapshot;
    if (this.deps.replaying()) return;
    const from = nameOf(before);
    const to = nameOf(step.snapshot);
    if (from !== to) this.changed = true;
    if (from !== to || contextOf(before).until !== contextOf(step.snapshot).until) {
      this.checkpoint(slot, from, String(contextOf(step.snapshot).reason ?? event.type), event.now);
    }
    this.timers.arm(slot);
    for (const effect of step.effects) this.deps.dispatch(effect);
    if (from !== to) this.deps.onTransition?.(slot, from, to, event.now);
  }

  /** Steps the actor `kind:id` if there is one; false when there is none. */
  send(kind: ActorKind, id: string, event: ActorEvent): boolean {
    const slot = this.slots.get(`${kind}:${id}`);
    if (!slot) return false;
    this.step(slot, event);
    return true;
  }

  /** Replay: a checkpoint overwrites the actor's state (spawning it when needed). */
  restore(kind: ActorKind, id: string, state: string, context: Record<string, unknown>): void {
    const slot = this.ensure({ kind, id });
    if (slot) slot.snapshot = restoreActor(kind, state, context);
  }

  /** Puts a captured actor back (the snapshot cache): replaces any actor of the same kind and id. */
  put(kind: ActorKind, id: string, snapshot: AnyMachineSnapshot): void {
    this.slots.set(`${kind}:${id}`, { kind, id, snapshot });
    this.changed = true;
  }

  /** Stops supervising `kind:id` (no checkpoint). */
  remove(kind: ActorKind, id: string): boolean {
    const slot = this.slots.get(`${kind}:${id}`);
    if (!slot) return false;
    this.timers.disarm(slot);
    this.slots.delete(`${kind}:${id}`);
    return true;
  }

  armAll(): void {
    for (const slot of this.slots.values()) this.timers.arm(slot);
  }

  stop(): void {
    this.timers.stop();
    for (const slot of this.slots.values()) this.timers.disarm(slot);
  }

  private checkpoint(slot: Slot, from: string, reason: string, ts: number): void {
    const context = contextOf(slot.snapshot);
    const to = nameOf(slot.snapshot);
    const until = typeof context.until === "number" ? context.until : undefined;
    this.deps.journal.append(
      STATE_RECORD[slot.kind],
      { actor: slot.id, from, to, reason, ...(until !== undefined ? { until: new Date(until).toISOString() } : {}), ctx: context },
      { ts, durable: true },
    );
    const bus = this.deps.bus;
    const name = STATE_RECORD[slot.kind] as "model.state";
    if (bus.wants(name)) bus.emit(name, { kind: slot.kind, id: slot.id, from, to, reason, ts, ...(until !== undefined ? { until } : {}) });
    if (bus.wants("changed")) bus.emit("changed");
  }
}

function entryOf(slot: Slot): ActorEntry {
  return { kind: slot.kind, id: slot.id, state: nameOf(slot.snapshot), context: contextOf(slot.snapshot) };
}
