// The supervisor: routes domain events to per-entity actors, journals, re-arms deadlines, hands effects to the
// executor. Its parts (actor-table, steering-state, health-watch, action-outcomes) are private; callers use the
// named methods below.
import type { Clock } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { DomainEvent, ModelRef } from "../domain/events.js";
import type { Effect } from "../domain/effects.js";
import type { SelfHealConfig } from "../config/types.js";
import type { Topology } from "../config/topology.js";
import { modelsOf } from "../config/topology.js";
import type { JournalPort } from "../effects/journal-port.js";
import type { Executor, Outcome } from "../effects/executor.js";
import { EventInbox } from "./event-inbox.js";
import { EffectDispatch } from "./effect-dispatch.js";
import type { SupervisorBus, Health } from "./bus.js";
import type { ActorKind } from "./actor-kinds.js";
import { machineEventFor, type Target } from "./routing.js";
import { applyTopology, ensureTopology } from "./topology-sync.js";
import type { Strategy } from "../strategies/index.js";
import type { OperatorRequested } from "../domain/operator.js";
import { OperatorState, type OperatorHold } from "./operator-state.js";
import { applyOperator, type OperatorTarget } from "./operator-apply.js";
import { operatorFields } from "./operator-records.js";
import { escalateChannel } from "./channel-escalation.js";
import { ActorTable, type ActorEntry, type ActorEvent } from "./actor-table.js";
import { SteeringState } from "./steering-state.js";
import { HealthWatch } from "./health-watch.js";
import { ActionOutcomes, type OutcomeStatus, type RecentAction } from "./action-outcomes.js";
import { openReplaySession, type ReplaySession } from "./replay-session.js";
import { exportState, importState, type SupervisorStateParts } from "./supervisor-state.js";

export type { ActorEntry, ActorEvent } from "./actor-table.js";
export type { RecentAction, OutcomeStatus } from "./action-outcomes.js";
export type { ReplaySession } from "./replay-session.js";

export interface SupervisorOptions {
  readonly config: SelfHealConfig;
  readonly topology: Topology;
  readonly clock: Clock;
  readonly random: Random;
  readonly journal: JournalPort;
  readonly executor: Executor;
  readonly bus: SupervisorBus;
  /** Process events synchronously on observe() (rehearsals, tests). Default: drain on setImmediate. */
  readonly inline?: boolean;
  readonly maxActors?: number;
  readonly maxInbox?: number;
}

export class Supervisor {
  private currentConfig: SelfHealConfig;
  private currentTopology: Topology;
  private readonly actors: ActorTable;
  private readonly steering: SteeringState;
  private readonly healthWatch: HealthWatch;
  private readonly outcomes: ActionOutcomes;
  /** Maintenance mode and alert silence (operator requests; replayed from the journal). */
  private readonly operator = new OperatorState();
  private readonly operatorTarget: OperatorTarget;
  private readonly inbox: EventInbox;
  private readonly effects: EffectDispatch;
  private replaying = false;
  private stopped = false;
  /** Sees every live (not replayed) domain event after the actors did (task recovery). */
  private eventTap: ((event: DomainEvent) => void) | undefined;

  constructor(private readonly opts: SupervisorOptions) {
    this.currentConfig = opts.config;
    this.currentTopology = opts.topology;
    const config = () => this.currentConfig;
    const topology = () => this.currentTopology;
    const replaying = () => this.replaying;
    const dispatch = (effect: Effect) => this.effects.dispatch(effect);
    const isStopped = () => this.stopped;
    this.inbox = new EventInbox({ journal: opts.journal, process: (e) => this.process(e), inline: opts.inline === true, maxInbox: opts.maxInbox ?? 10_000, isStopped });
    this.effects = new EffectDispatch({ clock: opts.clock, executor: opts.executor, replaying, isStopped, applyOutcome: (...a) => this.applyOutcome(...a), observe: (e) => this.observe(e) });
    this.steering = new SteeringState({ clock: opts.clock, config, topology, actors: () => this.actors });
    const onDeadline = (failed: boolean) => (failed ? this.inbox.dropped++ : this.healthWatch.refresh("deadline"));
    this.actors = new ActorTable({ clock: opts.clock, random: opts.random, journal: opts.journal, bus: opts.bus, maxActors: opts.maxActors ?? 5000, config, replaying, dispatch, modelOptions: (id) => this.steering.modelOptions(id), onDeadline, isStopped, onTransition: (slot, from, to, now) => {
      if (slot.kind === "channel") escalateChannel({ config: this.config, ensure: (t) => this.actors.ensure(t), step: (s, e) => this.actors.step(s, e) }, slot.id, from, to, now);
    } });
    this.healthWatch = new HealthWatch({ clock: opts.clock, journal: opts.journal, bus: opts.bus, config, topology, actors: () => this.actors, replaying, dispatch });
    this.outcomes = new ActionOutcomes({ clock: opts.clock, mode: () => opts.executor.mode(), actors: () => this.actors, steering: () => this.steering, replaying, refreshHealth: (r) => this.healthWatch.refresh(r) });
    this.operatorTarget = { state: this.operator, actors: this.actors, routes: this.steering.routes, replaying, config, dispatch, asOperator: (by, fn) => this.effects.asOperator(by, fn) };
  }

  get config(): SelfHealConfig {
    return this.currentConfig;
  }

  get topology(): Topology {
    return this.currentTopology;
  }

  get health(): Health {
    return this.healthWatch.health;
  }

  get dropped(): number {
    return this.inbox.dropped;
  }

  agentsDown(): string[] {
    return this.healthWatch.agentsDown();
  }

  /** Spawns an actor for everything in the topology that has none yet (after any restore). */
  start(): void {
    const { journal, clock } = this.opts;
    const topology = this.currentTopology;
    journal.append("supervisor.started", { models: modelsOf(topology).length, channels: topology.channels.length, cron: topology.cron.length, dryRun: this.config.dryRun }, { ts: clock.now(), durable: true });
    ensureTopology(this.actors, topology, true);
    this.actors.armAll();
    this.healthWatch.refresh("started");
  }

  stop(): void {
    this.stopped = true;
    this.actors.stop();
  }

  /** Hot path: O(1), never throws. Journals the observation (buffered) and queues it for the actors. */
  observe(event: DomainEvent): void {
    this.inbox.observe(event);
  }

  /** Processes every queued event now. */
  drain(): void {
    this.inbox.drain();
  }

  /** Steering for before_model_resolve: the model to use instead of `candidate`, if any. */
  route(agentId: string | undefined, candidate: ModelRef, runId?: string, trigger?: string): ModelRef | undefined {
    return this.steering.route(agentId, candidate, runId, trigger);
  }

  /** Gate for before_agent_run: why to hold a run whose whole chain is routed around (see SteeringState.hold). */
  hold(agentId: string | undefined, model: ModelRef): string | undefined {
    return this.steering.hold(agentId, model);
  }

  chainFor(agentId: string | undefined, candidate: ModelRef): readonly ModelRef[] {
    return this.steering.chainFor(agentId, candidate);
  }

  /** Whether turns are steered away from `model` now. */
  isRoutedAround(model: ModelRef): boolean {
    return this.steering.routes.isAvoided(model);
  }

  /** The models turns are steered away from now. */
  routedAround(): ModelRef[] {
    return this.steering.routes.list();
  }

  /** Quota watch: until when non-urgent turns avoid `pattern`, if they do at `now`. */
  sparedUntil(pattern: string, now: number): number | undefined {
    return this.steering.routes.sparedUntil(pattern, now);
  }

  /** Applies a new config and topology: options to every actor, actors for new entities, stops removed models. */
  reconfigure(config: SelfHealConfig, topology: Topology): void {
    this.currentConfig = config;
    this.currentTopology = topology;
    this.healthWatch.configure(topology, config);
    applyTopology(this.actors, this.steering, this.opts.journal, this.opts.clock.now(), config, topology);
    this.healthWatch.refresh("config changed");
  }

  /** An operator request: journaled durably first, then applied (see operator-apply.ts). */
  operate(event: OperatorRequested): void {
    this.opts.journal.append(event.type, operatorFields(event), { ts: event.ts, durable: true });
    this.process(event);
    this.actors.changed = true;
    this.healthWatch.refresh(`operator ${event.verb}`);
    if (this.opts.bus.wants("changed")) this.opts.bus.emit("changed");
  }

  /** Why the executor must hold `effect` now (maintenance mode, alert silence); undefined lets it run. */
  operatorHold(effect: Pick<Effect, "action" | "params">, now: number): OperatorHold | undefined {
    return this.operator.hold(effect, now);
  }

  /** The operator windows in force at `now` (status view). */
  operatorView(now: number): ReturnType<OperatorState["view"]> {
    return this.operator.view(now);
  }

  isPaused(now: number): boolean {
    return this.operator.isPaused(now);
  }

  /** Sees every live (not replayed) domain event after the actors did (task recovery); one tap. */
  onLiveEvent(tap: ((event: DomainEvent) => void) | undefined): void {
    this.eventTap = tap;
  }

  /** Feeds one event to the actors (live, or during a replay session). */
  process(event: DomainEvent): void {
    const now = event.ts;
    if (event.type === "operator.requested") {
      applyOperator(this.operatorTarget, event);
      return;
    }
    // Maintenance mode: observations are journaled (observe did that) but reach no actor, so nothing is decided.
    if (this.operator.isPaused(now) && event.type !== "actor.cleared" && event.type !== "gateway.started") return;
    for (const { target, event: machineEvent } of machineEventFor(event, this.actors)) {
      const slot = this.actors.ensure(target);
      if (slot) this.actors.step(slot, { ...machineEvent, now });
    }
    this.healthWatch.observe(event);
    this.healthWatch.refresh(event.type);
    if (!this.replaying && this.eventTap) {
      try {
        this.eventTap(event);
      } catch {
        this.inbox.dropped++;
      }
    }
  }

  /** Sends a machine event to one actor (spawning it if the topology lacks it); false when at the actor cap. */
  send(target: Target, event: ActorEvent): boolean {
    const slot = this.actors.ensure(target);
    if (!slot) return false;
    this.actors.step(slot, event);
    this.healthWatch.refresh(event.type);
    return true;
  }

  dispatch(effect: Effect): void {
    this.effects.dispatch(effect);
  }

  onOutcome(effect: Effect, outcome: Outcome, at: number): void {
    this.effects.onOutcome(effect, outcome, at);
  }

  /** Route-table updates and machine feedback of an action outcome (live, replay, the watchdog's outbox). */
  applyOutcome(effect: Pick<Effect, "action" | "target" | "reason" | "params">, status: OutcomeStatus, why: string | undefined, error: string | undefined, at: number): void {
    this.outcomes.apply(effect, status, why, error, at);
  }

  /** The last actions (at most 50), oldest first. */
  recentActions(): readonly RecentAction[] {
    return this.outcomes.recent();
  }

  /** Applies a (validated) strategy set: models a strategy names get that strategy's cooldowns. */
  setStrategies(strategies: readonly Strategy[]): void {
    this.steering.setStrategies(strategies);
  }

  currentStrategies(): readonly Strategy[] {
    return this.steering.currentStrategies();
  }

  stateOf(kind: ActorKind, id: string): string | undefined {
    return this.actors.stateOf(kind, id);
  }

  /** One actor's state and context, if supervised. */
  actor(kind: ActorKind, id: string): ActorEntry | undefined {
    return this.actors.entry(kind, id);
  }

  /** Every supervised actor (of one kind), in the order they were first supervised. */
  actorList(kind?: ActorKind): ActorEntry[] {
    return this.actors.entries(kind);
  }

  get actorCount(): number {
    return this.actors.size;
  }

  /** Starts a replay: nothing is journaled, armed or executed until the session ends (see replay.ts). */
  beginReplay(): ReplaySession {
    this.replaying = true;
    this.actors.changed = true;
    const end = () => {
      this.replaying = false;
      this.actors.changed = true;
      this.actors.armAll();
    };
    return openReplaySession({ ...this.parts(), config: () => this.currentConfig, process: (e) => this.process(e), applyOutcome: (...a) => this.applyOutcome(...a), end });
  }

  /** What replay builds (the snapshot cache, see snapshot-state.ts); `recent`: the recent actions to store. */
  exportState(recent: readonly RecentAction[] = this.outcomes.recent()): SupervisorStateParts {
    return exportState(this.parts(), recent);
  }

  /** Puts validated state (snapshot-state.ts) into a supervisor that has replayed nothing yet. */
  importState(parts: SupervisorStateParts): void {
    importState(this.parts(), parts);
  }

  private parts() {
    return { actors: this.actors, steering: this.steering, health: this.healthWatch, operator: this.operator, outcomes: this.outcomes };
  }
}
