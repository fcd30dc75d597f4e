// Test helpers: drive a machine through initialTransition/transition and collect its effects as data.
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic, type InputFrom, type SnapshotFrom } from "xstate";
import { effectsOf, stateName } from "../../machines/index.js";
import type { Effect } from "../../src/domain/index.js";

type Actions = ReadonlyArray<{ readonly type: string; readonly params?: unknown }>;

/** The effects among returned actions (what the supervisor hands to the executor). */
export function effects(actions: Actions): Effect[] {
  return effectsOf(actions);
}

export interface Driver<M extends AnyStateMachine> {
  snap: SnapshotFrom<M>;
  /** Every effect so far, in order. */
  readonly log: Effect[];
  /** Sends one event; returns the effects of that step. */
  send(event: EventFromLogic<M>): Effect[];
  /** Sends events in order; returns all their effects. */
  sendAll(events: ReadonlyArray<EventFromLogic<M>>): Effect[];
  state(): string;
}

export function drive<M extends AnyStateMachine>(machine: M, input: InputFrom<M>, from?: SnapshotFrom<M>): Driver<M> {
  const [initial, actions] = from ? [from, [] as Actions] : (initialTransition(machine, input) as [SnapshotFrom<M>, Actions]);
  const driver: Driver<M> = {
    snap: initial,
    log: [...effects(actions)],
    send(event) {
      const [next, out] = transition(machine, driver.snap, event) as [SnapshotFrom<M>, Actions];
      driver.snap = next;
      const step = effects(out);
      driver.log.push(...step);
      return step;
    },
    sendAll(events) {
      return events.flatMap((e) => driver.send(e));
    },
    state() {
      return stateName(driver.snap);
    },
  };
  return driver;
}

/** The snapshot rebuilt from a JSON checkpoint (state name + context), as the supervisor does after replay. */
export function restoreFromJson<M extends AnyStateMachine>(machine: M, snap: SnapshotFrom<M>): SnapshotFrom<M> {
  const checkpoint = JSON.parse(JSON.stringify({ value: stateName(snap), context: (snap as AnyMachineSnapshot).context })) as {
    value: string;
    context: unknown;
  };
  return machine.resolveState(checkpoint as never) as SnapshotFrom<M>;
}

/** The context as it would be journaled (undefined-valued keys dropped). */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
