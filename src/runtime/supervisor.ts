// The supervisor: routes domain events to per-entity actors, journals, re-arms deadlines, hands effects to the executor.
import type { AnyMachineSnapshot } from "xstate";
import type { Clock, TimerHandle } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { DomainEvent, ModelRef } from "../domain/events.js";
import type { Effect } from "../domain/effects.js";
import { countsAgainstModel } from "../domain/taxonomy.js";
import type { SelfHealConfig } from "../config/types.js";
import type { Topology } from "../config/topology.js";
import { modelsOf } from "../config/topology.js";
import type { JournalPort } from "../effects/journal-port.js";
import type { Executor, Outcome } from "../effects/executor.js";
import type { SupervisorBus, Health } from "./bus.js";
import { type ActorKind, STATE_RECORD, spawnActor, stepActor, nameOf, contextOf } from "./actor-kinds.js";
import { inputFor, optionsFor, machineEventFor, type Target } from "./routing.js";
import { feedbackFor } from "./feedback.js";
import { recordFields } from "./records.js";
import { RouteTable, pickRoute, heldModels, holdReason } from "./steering.js";
import { OutageDetector } from "./outage.js";
import { computeHealth } from "./health.js";
import { outageAlert, recoveryAlert } from "./outage-alerts.js";
import { DeadlineTimers } from "./actor-timers.js";
import { cooldownOverride, type Strategy } from "../strategies/index.js";
import { NON_URGENT } from "../projections/quota-effects.js";
import type { OperatorRequested } from "../domain/operator.js";
import { OperatorState } from "./operator-state.js";
import { applyOperator } from "./operator-apply.js";
import { operatorFields } from "./operator-records.js";
import { escalateChannel } from "./channel-escalation.js";

/** Probing is switched off or not permitted by OpenClaw: only real traffic can test the model. */
function probeImpossible(status: string, why: string | undefined, error: string | undefined): boolean {
  if (status === "skipped") return why === "disabled";
  return status === "failed" && /not permitted/i.test(error ?? "");
}

export interface Slot {
  readonly kind: ActorKind;
  readonly id: string;
  snapshot: AnyMachineSnapshot;
  timer?: TimerHandle;
  timerAt?: number;
}

export interface RecentAction {
  readonly at: number;
  readonly action: string;
  readonly target: string;
  readonly reason: string;
  readonly outcome: string;
  readonly why?: string;
}

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
  readonly slots = new Map<string, Slot>();
  readonly routes = new RouteTable();
  readonly recent: RecentAction[] = [];
  config: SelfHealConfig;
  topology: Topology;
  private readonly outage: OutageDetector;
  private healthState: Health = "healthy";
  /** Whether an actor's state name may have changed since health was last computed (skips an O(actors) scan). */
  private statesChanged = true;
  private lastOutage = false;
  private inbox: DomainEvent[] = [];
  private scheduled = false;
  private replaying = false;
  private stopped = false;
  private droppedEvents = 0;
  private readonly routedByRun = new Map<string, Set<ModelRef>>();
  private readonly heldCapped = new Set<ModelRef>();
  private readonly timers: DeadlineTimers<Slot>;
  private strategies: readonly Strategy[] = [];
  /** Maintenance mode and alert silence (operator requests; replayed from the journal). */
  readonly operator = new OperatorState();
  /** Set while an operator request runs: the effects it causes carry `params.operator`. */
  private actingFor: string | undefined;
  /** Sees every live (not replayed) domain event after the actors did (task recovery). */
  eventTap: ((event: DomainEvent) => void) | undefined;

  constructor(private readonly opts: SupervisorOptions) {
    this.config = opts.config;
    this.topology = opts.topology;
    this.outage = new OutageDetector(opts.config.outage.consecutiveFailures);
    this.outage.configure(opts.topology.agents, opts.config.outage.consecutiveFailures);
    this.timers = new DeadlineTimers<Slot>(opts.clock, (slot, now) => {
      if (this.stopped || this.slots.get(`${slot.kind}:${slot.id}`) !== slot) return;
      try {
        this.apply(slot, { type: "DEADLINE", now });
        this.refreshHealth("deadline");
      } catch {
        this.droppedEvents++;
      }
    });
  }

  get health(): Health {
    return this.healthState;
  }

  get dropped(): number {
    return this.droppedEvents;
  }

  agentsDown(): string[] {
    return this.outage.agentsDown();
  }

  /** Spawns an actor for everything in the topology that has none yet (after any restore). */
  start(): void {
    const { journal, clock } = this.opts;
    journal.append("supervisor.started", { models: modelsOf(this.topology).length, channels: this.topology.channels.length, cron: this.topology.cron.length, dryRun: this.config.dryRun }, { ts: clock.now(), durable: true });
    this.ensure({ kind: "gateway", id: "gateway" });
    for (const model of modelsOf(this.topology)) this.ensure({ kind: "model", id: model });
    for (const channel of this.topology.channels) this.ensure({ kind: "channel", id: channel });
    for (const job of this.topology.cron) this.ensure({ kind: "cron", id: job.id });
    for (const slot of this.slots.values()) this.timers.arm(slot);
    this.refreshHealth("started");
  }

  stop(): void {
    this.stopped = true;
    this.timers.stop();
    for (const slot of this.slots.values()) this.timers.disarm(slot);
  }

  /** Hot path: O(1), never throws. Journals the observation (buffered) and queues it for the actors. */
  observe(event: DomainEvent): void {
    try {
      if (this.stopped) return;
      this.opts.journal.append(event.type, recordFields(event), { ts: event.ts });
      if (this.opts.inline) {
        this.process(event);
        return;
      }
      if (this.inbox.length >= (this.opts.maxInbox ?? 10_000)) {
        this.droppedEvents++;
        return;
      }
      this.inbox.push(event);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    } catch {
      this.droppedEvents++;
    }
  }

  /** Processes every queued event now. */
  drain(): void {
    this.scheduled = false;
    const batch = this.inbox;
    this.inbox = [];
    for (const event of batch) {
      try {
        this.process(event);
      } catch {
        this.droppedEvents++;
      }
    }
  }

  /** Steering for before_model_resolve: the model to use instead of `candidate`, if any. */
  route(agentId: string | undefined, candidate: ModelRef, runId?: string, trigger?: string): ModelRef | undefined {
    // Quota watch: non-urgent turns (cron, heartbeat, …) also avoid models whose budget is nearly spent.
    const now = this.opts.clock.now();
    const spare = trigger !== undefined && this.config.quota.nonUrgentTriggers.includes(trigger);
    const avoided = spare ? (m: ModelRef) => this.routes.isAvoided(m) || this.routes.isSpared(m, now) : (m: ModelRef) => this.routes.isAvoided(m);
    if (!avoided(candidate)) return undefined;
    const chain = this.chainFor(agentId, candidate);
    const routed = runId ? this.routedByRun.get(runId) : undefined;
    const pick = pickRoute(chain, candidate, avoided, routed);
    if (pick && runId) {
      if (!routed && this.routedByRun.size >= 1000) this.routedByRun.delete(this.routedByRun.keys().next().value as string);
      const set = routed ?? new Set<ModelRef>();
      set.add(pick);
      this.routedByRun.set(runId, set);
    }
    return pick;
  }

  /**
   * Gate for before_agent_run: why to hold a run back when `model` and every other model of the agent's
   * chain are routed around (sending it would only hit sick models); undefined lets it run. Probes keep
   * running, and the first success fails the model back, which opens the gate again.
   */
  hold(agentId: string | undefined, model: ModelRef): string | undefined {
    if (!this.config.outage.holdTurns) return undefined;
    return holdReason(this.chainFor(agentId, model), model, (m) => this.routes.isAvoided(m));
  }

  chainFor(agentId: string | undefined, candidate: ModelRef): readonly ModelRef[] {
    const agents = this.topology.agents;
    const own = agentId ? agents.find((a) => a.agentId === agentId) : undefined;
    if (own && own.chain.includes(candidate)) return own.chain;
    return agents.find((a) => a.chain.includes(candidate))?.chain ?? own?.chain ?? [];
  }

  /** Applies a new config and topology: options to every actor, actors for new entities, stops removed models. */
  reconfigure(config: SelfHealConfig, topology: Topology): void {
    this.config = config;
    this.topology = topology;
    this.outage.configure(topology.agents, config.outage.consecutiveFailures);
    const now = this.opts.clock.now();
    const wanted = new Set(modelsOf(topology));
    for (const slot of [...this.slots.values()]) {
      if (slot.kind === "model" && !wanted.has(slot.id)) {
        this.timers.disarm(slot);
        this.slots.delete(`model:${slot.id}`);
        this.routes.clear(slot.id);
        this.opts.journal.append("actor.stopped", { kind: "model", id: slot.id }, { ts: now, durable: true });
        continue;
      }
      this.apply(slot, { type: "OPTIONS_UPDATED", now, options: slot.kind === "model" ? this.modelOptions(slot.id, false) : optionsFor(slot.kind, config) });
    }
    for (const model of wanted) this.ensure({ kind: "model", id: model });
    for (const channel of topology.channels) this.ensure({ kind: "channel", id: channel });
    for (const job of topology.cron) this.ensure({ kind: "cron", id: job.id });
    this.heldCapped.clear();
    this.refreshHeldCaps();
    this.statesChanged = true;
    this.refreshHealth("config changed");
  }

  // ---- internals ---------------------------------------------------------------------------

  /** An operator request: journaled durably first, then applied (see operator-apply.ts). */
  operate(event: OperatorRequested): void {
    this.opts.journal.append(event.type, operatorFields(event), { ts: event.ts, durable: true });
    this.process(event);
    this.statesChanged = true;
    this.refreshHealth(`operator ${event.verb}`);
    if (this.opts.bus.wants("changed")) this.opts.bus.emit("changed");
  }

  /** Runs `fn` with every effect it dispatches marked as the operator's (`params.operator`). */
  asOperator(by: string, fn: () => void): void {
    const before = this.actingFor;
    this.actingFor = by;
    try {
      fn();
    } finally {
      this.actingFor = before;
    }
  }

  get isReplaying(): boolean {
    return this.replaying;
  }

  /** Feeds one event to the actors (live, or replaying the journal when `this.replaying`). */
  process(event: DomainEvent): void {
    const now = event.ts;
    if (event.type === "operator.requested") {
      applyOperator(this, event);
      return;
    }
    // Maintenance mode: observations are journaled (observe did that) but reach no actor, so nothing is decided.
    if (this.operator.isPaused(now) && event.type !== "actor.cleared" && event.type !== "gateway.started") return;
    const routed = machineEventFor(event, this);
    for (const { target, event: machineEvent } of routed) {
      const slot = this.ensure(target);
      if (slot) this.apply(slot, { ...machineEvent, now });
    }
    if ((event.type === "call" && !event.probe) || event.type === "probe.result") {
      const counts = event.ok || !event.classification || countsAgainstModel(event.classification.category);
      if (counts) this.onOutageChanges(this.outage.record(event.model, event.ok, (m) => this.stateOf("model", m) === "disabled"), now);
    }
    if (event.type === "turn.held") {
      const agentId = event.agentId ?? this.topology.agents.find((a) => a.chain.includes(event.model))?.agentId;
      if (agentId) this.onOutageChanges(this.outage.held(agentId, (m) => this.stateOf("model", m) === "disabled"), now);
    }
    this.refreshHealth(event.type);
    if (!this.replaying && this.eventTap) {
      try {
        this.eventTap(event);
      } catch {
        this.droppedEvents++;
      }
    }
  }

  ensure(target: Target): Slot | undefined {
    const key = `${target.kind}:${target.id}`;
    const existing = this.slots.get(key);
    if (existing) return existing;
    if (this.slots.size >= (this.opts.maxActors ?? 5000)) return undefined;
    const now = this.opts.clock.now();
    const input = inputFor(target, this.config, now, this.opts.random);
    if (target.kind === "model") input.options = this.modelOptions(target.id, this.heldCapped.has(target.id));
    const step = spawnActor(target.kind, input);
    const slot: Slot = { kind: target.kind, id: target.id, snapshot: step.snapshot };
    this.slots.set(key, slot);
    this.statesChanged = true;
    if (!this.replaying) {
      this.journalState(slot, "none", "supervised", now);
      this.timers.arm(slot);
    }
    return slot;
  }

  apply(slot: Slot, event: { type: string; now: number } & Record<string, unknown>): void {
    const before = slot.snapshot;
    const step = stepActor(slot.kind, before, event);
    slot.snapshot = step.snapshot;
    if (this.replaying) return;
    const from = nameOf(before);
    const to = nameOf(step.snapshot);
    if (from !== to) this.statesChanged = true;
    if (from !== to || contextOf(before).until !== contextOf(step.snapshot).until) {
      this.journalState(slot, from, String(contextOf(step.snapshot).reason ?? event.type), event.now);
    }
    this.timers.arm(slot);
    for (const effect of step.effects) this.dispatch(effect);
    if (slot.kind === "channel") escalateChannel(this, slot.id, from, to, event.now);
  }

  dispatch(effect: Effect): void {
    if (this.replaying || this.stopped) return;
    if (this.actingFor !== undefined) effect = { ...effect, params: { ...effect.params, operator: this.actingFor } };
    const at = this.opts.clock.now();
    void this.opts.executor.execute(effect).then(
      (outcome) => this.onOutcome(effect, outcome, at),
      () => undefined,
    );
  }

  onOutcome(effect: Effect, outcome: Outcome, at: number): void {
    this.applyOutcome(effect, outcome.status, outcome.status === "skipped" ? outcome.why : undefined, outcome.status === "failed" ? outcome.error : undefined, at);
    if (outcome.status === "executed" && outcome.probe && !this.stopped) {
      const p = outcome.probe;
      this.observe({ type: "probe.result", ts: this.opts.clock.now(), model: effect.target, ok: p.ok, durationMs: p.durationMs, ...(p.classification ? { classification: p.classification } : {}) });
    }
  }

  /** Route-table updates and machine feedback of an action outcome (shared with replay). */
  applyOutcome(effect: Pick<Effect, "action" | "target" | "reason" | "params">, status: "executed" | "skipped" | "failed", why: string | undefined, error: string | undefined, at: number): void {
    const until = effect.params?.until;
    if (effect.params?.scope === NON_URGENT) {
      // Quota watch: only non-urgent turns move; the model's own health and routes are untouched.
      if (status === "executed" && effect.action === "route_around" && typeof until === "number") this.routes.spare(effect.target, until);
      if (status === "executed" && effect.action === "fail_back") this.routes.unspare(effect.target);
      this.noteRecent(effect, status, why, at);
      return;
    }
    if (status === "executed" && effect.action === "route_around") this.routes.avoid(effect.target, typeof until === "number" ? until : undefined);
    if (status === "executed" && effect.action === "fail_back") this.routes.clear(effect.target);
    if (effect.action === "probe_model" && probeImpossible(status, why, error)) {
      // Without probes, real traffic is the half-open test: stop routing around the model.
      this.routes.clear(effect.target);
    }
    if (effect.action === "route_around" || effect.action === "fail_back" || effect.action === "probe_model") this.refreshHeldCaps();
    this.noteRecent(effect, status, why, at);
    const fb = feedbackFor(effect, status, why, error);
    if (fb) {
      const slot = this.slots.get(`${fb.kind}:${fb.id}`);
      if (slot) this.apply(slot, { ...fb.event, now: this.opts.clock.now() } as { type: string; now: number });
      if (!this.replaying) this.refreshHealth(effect.action);
    }
  }

  private noteRecent(effect: Pick<Effect, "action" | "target" | "reason">, status: "executed" | "skipped" | "failed", why: string | undefined, at: number): void {
    const outcome = status === "executed" && this.opts.executor.mode() === "rehearsal" ? "dry_run" : status === "skipped" && why === "dry_run" ? "dry_run" : status;
    this.recent.push({ at, action: effect.action, target: effect.target, reason: effect.reason, outcome, ...(why ? { why } : {}) });
    if (this.recent.length > 50) this.recent.shift();
  }

  /**
   * While every model of an agent is routed around, probes are the only way back: cap those models'
   * cooldowns at outage.probeIntervalSeconds (provider hints still win) and restore them afterwards.
   */
  private refreshHeldCaps(): void {
    const held = heldModels(this.topology.agents, (m) => this.routes.isAvoided(m));
    const now = this.opts.clock.now();
    for (const id of new Set([...held, ...this.heldCapped])) {
      const capped = held.has(id);
      if (capped === this.heldCapped.has(id)) continue;
      if (capped) this.heldCapped.add(id);
      else this.heldCapped.delete(id);
      const slot = this.slots.get(`model:${id}`);
      if (!slot) continue;
      this.apply(slot, { type: "OPTIONS_UPDATED", now, options: this.modelOptions(id, capped) });
    }
  }

  /** Model options: config, then a strategy's cooldown for that model, then the outage cap on held models. */
  private modelOptions(id: string, capped: boolean): Record<string, number> {
    const options = optionsFor("model", this.config);
    const own = cooldownOverride(this.strategies, id);
    if (own) {
      options.baseCooldownMs = own.baseCooldownMs;
      options.maxCooldownMs = own.maxCooldownMs;
      // A strategy's cooldown is the owner's explicit choice: the probe-gap cap does not shorten it.
      options.maxProbeGapMs = 0;
    }
    if (capped) options.maxCooldownMs = Math.min(options.maxCooldownMs ?? Infinity, this.config.outage.probeIntervalSeconds * 1000);
    if (capped) options.baseCooldownMs = Math.min(options.baseCooldownMs ?? Infinity, options.maxCooldownMs ?? Infinity);
    return options;
  }

  /** Applies a (validated) strategy set: models a strategy names get that strategy's cooldowns. */
  setStrategies(strategies: readonly Strategy[]): void {
    const before = new Map([...this.slots.values()].filter((s) => s.kind === "model").map((s) => [s.id, JSON.stringify(cooldownOverride(this.strategies, s.id) ?? null)]));
    this.strategies = strategies;
    const now = this.opts.clock.now();
    for (const [id, was] of before) {
      if (JSON.stringify(cooldownOverride(strategies, id) ?? null) === was) continue;
      const slot = this.slots.get(`model:${id}`);
      if (slot) this.apply(slot, { type: "OPTIONS_UPDATED", now, options: this.modelOptions(id, this.heldCapped.has(id)) });
    }
  }

  currentStrategies(): readonly Strategy[] {
    return this.strategies;
  }

  stateOf(kind: ActorKind, id: string): string | undefined {
    const slot = this.slots.get(`${kind}:${id}`);
    return slot ? nameOf(slot.snapshot) : undefined;
  }

  setReplaying(on: boolean): void {
    this.replaying = on;
    this.statesChanged = true;
  }

  setHealth(health: Health): void {
    this.healthState = health;
  }

  /** What replay builds beside the actors and routes (the snapshot cache, see snapshot-state.ts). */
  replayedExtras(): { health: Health; streaks: Array<[ModelRef, number]>; down: string[]; heldCapped: ModelRef[] } {
    return { health: this.healthState, ...this.outage.state(), heldCapped: [...this.heldCapped] };
  }

  restoreExtras(extras: { health: Health; streaks: ReadonlyArray<readonly [ModelRef, number]>; down: readonly string[]; heldCapped: readonly ModelRef[] }): void {
    this.healthState = extras.health;
    this.outage.restore(extras.streaks, extras.down);
    this.heldCapped.clear();
    for (const m of extras.heldCapped) this.heldCapped.add(m);
    this.statesChanged = true;
  }

  /** Re-arms every actor's deadline (after a replay). */
  armAll(): void {
    for (const slot of this.slots.values()) this.timers.arm(slot);
  }

  private onOutageChanges(changes: ReturnType<OutageDetector["record"]>, now: number): void {
    if (this.replaying) return;
    for (const change of changes) {
      const chain = this.outage.chainOf(change.agentId);
      const describe = (m: ModelRef) => {
        const ctx = this.slots.get(`model:${m}`);
        const last = ctx ? (contextOf(ctx.snapshot).lastError as { category?: string; evidence?: string } | undefined) : undefined;
        return { model: m, state: this.stateOf("model", m) ?? "unknown", category: last?.category, evidence: last?.evidence };
      };
      this.opts.journal.append(change.entered ? "outage.started" : "outage.ended", { agentId: change.agentId, chain: [...chain] }, { ts: now, durable: true });
      this.dispatch(change.entered ? outageAlert(change.agentId, chain.map(describe)) : recoveryAlert(change.agentId));
      if (change.entered && this.config.outage.restartGateway) {
        const gw = this.ensure({ kind: "gateway", id: "gateway" });
        if (gw) this.apply(gw, { type: "RESTART_REQUESTED", now, reason: `all models of agent ${change.agentId} down` });
      }
    }
  }

  private refreshHealth(reason: string): void {
    if (this.replaying) return;
    const outage = this.outage.agentsDown().length > 0;
    // Health depends only on the actors' state names and the outage flag: unchanged inputs, unchanged health.
    if (!this.statesChanged && outage === this.lastOutage) return;
    this.statesChanged = false;
    this.lastOutage = outage;
    const states: string[] = [];
    for (const slot of this.slots.values()) states.push(nameOf(slot.snapshot));
    const next = computeHealth(states, outage);
    if (next === this.healthState) return;
    const from = this.healthState;
    this.healthState = next;
    const ts = this.opts.clock.now();
    this.opts.journal.append("health", { from, to: next, reason }, { ts, durable: true });
    if (this.opts.bus.wants("health")) this.opts.bus.emit("health", { from, to: next, reason, ts });
  }

  private journalState(slot: Slot, from: string, reason: string, ts: number): void {
    const context = contextOf(slot.snapshot);
    const to = nameOf(slot.snapshot);
    const until = typeof context.until === "number" ? context.until : undefined;
    this.opts.journal.append(
      STATE_RECORD[slot.kind],
      { actor: slot.id, from, to, reason, ...(until !== undefined ? { until: new Date(until).toISOString() } : {}), ctx: context },
      { ts, durable: true },
    );
    const bus = this.opts.bus;
    const name = STATE_RECORD[slot.kind] as "model.state";
    if (bus.wants(name)) bus.emit(name, { kind: slot.kind, id: slot.id, from, to, reason, ts, ...(until !== undefined ? { until } : {}) });
    if (bus.wants("changed")) bus.emit("changed");
  }

}
