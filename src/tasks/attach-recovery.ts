// Wires task recovery to a supervisor: turns become tasks, a model's recovery re-runs them. Shared by the
// gateway's runtime and the rehearsal, so both record and re-run tasks the same way.
import type { Clock } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { Effect } from "../domain/effects.js";
import type { Outcome } from "../effects/executor.js";
import type { Supervisor } from "../runtime/supervisor.js";
import type { SupervisorBus } from "../runtime/bus.js";
import { TaskRecovery } from "./recovery.js";
import { TaskStore } from "./task-store.js";
import type { DeliveryRoute } from "./types.js";

export interface AttachRecoveryOptions {
  readonly supervisor: Supervisor;
  readonly bus: SupervisorBus;
  readonly tasksDir: string;
  readonly clock: Clock;
  readonly random: Random;
  /** Journals a task record (durable). */
  readonly record: (type: string, fields: Record<string, unknown>) => void;
  readonly execute: (effect: Effect) => Promise<Outcome>;
  /** The chat a session's turn came from (see TaskRecoveryOptions.routeOf). */
  readonly routeOf?: (sessionKey: string, agentId: string) => DeliveryRoute | undefined;
}

export function attachTaskRecovery(o: AttachRecoveryOptions): TaskRecovery {
  const { supervisor, bus } = o;
  const chainOf = (agentId: string) => supervisor.topology.agents.find((a) => a.agentId === agentId)?.chain ?? [];
  const recovery = new TaskRecovery({
    store: new TaskStore(o.tasksDir),
    clock: o.clock,
    random: o.random,
    record: o.record,
    execute: o.execute,
    strategies: () => supervisor.currentStrategies(),
    defaultType: () => supervisor.config.defaultStrategy,
    servable: (agentId) => chainOf(agentId).some((m) => !supervisor.isRoutedAround(m)),
    chainOf,
    ...(o.routeOf ? { routeOf: o.routeOf } : {}),
  });
  supervisor.onLiveEvent((event) => {
    if (event.type === "turn") recovery.onTurn(event);
  });
  bus.on("action.executed", (e) => {
    // A quota fail-back (scope non_urgent) is not a recovery: the model never stopped answering.
    if (e.effect.action === "fail_back" && e.effect.params?.scope === undefined) recovery.onModelRecovered(e.effect.target);
  });
  bus.on("model.state", (c) => {
    if (c.to === "healthy" && c.from !== "healthy" && c.from !== "none") recovery.onModelRecovered(c.id);
  });
  recovery.start();
  return recovery;
}
