// The supervisor's overall health and all-models-down (outage) detection: journaled transitions, alerts, restarts.
import type { Clock } from "../domain/clock.js";
import type { DomainEvent, ModelRef } from "../domain/events.js";
import type { Effect } from "../domain/effects.js";
import { countsAgainstModel } from "../domain/taxonomy.js";
import type { SelfHealConfig } from "../config/types.js";
import type { Topology } from "../config/topology.js";
import type { JournalPort } from "../effects/journal-port.js";
import type { SupervisorBus, Health } from "./bus.js";
import { OutageDetector, type OutageChange } from "./outage.js";
import { computeHealth } from "./health.js";
import { outageAlert, recoveryAlert } from "./outage-alerts.js";
import type { ActorTable } from "./actor-table.js";

export interface HealthWatchDeps {
  readonly clock: Clock;
  readonly journal: JournalPort;
  readonly bus: SupervisorBus;
  readonly config: () => SelfHealConfig;
  readonly topology: () => Topology;
  readonly actors: () => ActorTable;
  readonly replaying: () => boolean;
  readonly dispatch: (effect: Effect) => void;
}

/** The part of the health state replay rebuilds beside the actors (the snapshot cache). */
export interface HealthExtras {
  readonly health: Health;
  readonly streaks: ReadonlyArray<readonly [ModelRef, number]>;
  readonly down: readonly string[];
}

export class HealthWatch {
  private readonly outage: OutageDetector;
  private state: Health = "healthy";
  private lastOutage = false;

  constructor(private readonly deps: HealthWatchDeps) {
    const threshold = deps.config().outage.consecutiveFailures;
    this.outage = new OutageDetector(threshold);
    this.outage.configure(deps.topology().agents, threshold);
  }

  get health(): Health {
    return this.state;
  }

  set health(health: Health) {
    this.state = health;
  }

  agentsDown(): string[] {
    return this.outage.agentsDown();
  }

  configure(topology: Topology, config: SelfHealConfig): void {
    this.outage.configure(topology.agents, config.outage.consecutiveFailures);
  }

  /** True when a success of `model` would change nothing here (no failure streak, no agent down). */
  isQuiet(model: ModelRef): boolean {
    return this.outage.isQuiet(model);
  }

  /** Feeds a model outcome or a held turn to the outage detector (live: alerts and restarts on changes). */
  observe(event: DomainEvent): void {
    const now = event.ts;
    if ((event.type === "call" && !event.probe) || event.type === "probe.result") {
      const counts = event.ok || !event.classification || countsAgainstModel(event.classification.category);
      if (counts) this.onOutageChanges(this.outage.record(event.model, event.ok, this.isDisabled), now);
    }
    if (event.type === "turn.held") {
      const agentId = event.agentId ?? this.deps.topology().agents.find((a) => a.chain.includes(event.model))?.agentId;
      if (agentId) this.onOutageChanges(this.outage.held(agentId, this.isDisabled), now);
    }
  }

  /** Recomputes health from the actors' state names and the outage flag; journals and announces a change. */
  refresh(reason: string): void {
    if (this.deps.replaying()) return;
    const actors = this.deps.actors();
    const outage = this.outage.agentsDown().length > 0;
    // Health depends only on the actors' state names and the outage flag: unchanged inputs, unchanged health.
    if (!actors.changed && outage === this.lastOutage) return;
    actors.changed = false;
    this.lastOutage = outage;
    const next = computeHealth(actors.stateNames(), outage);
    if (next === this.state) return;
    const from = this.state;
    this.state = next;
    const ts = this.deps.clock.now();
    this.deps.journal.append("health", { from, to: next, reason }, { ts, durable: true });
    if (this.deps.bus.wants("health")) this.deps.bus.emit("health", { from, to: next, reason, ts });
  }

  extras(): HealthExtras {
    return { health: this.state, ...this.outage.state() };
  }

  restore(extras: HealthExtras): void {
    this.state = extras.health;
    this.outage.restore(extras.streaks, extras.down);
  }

  private readonly isDisabled = (m: ModelRef): boolean => this.deps.actors().stateOf("model", m) === "disabled";

  private onOutageChanges(changes: OutageChange[], now: number): void {
    if (this.deps.replaying()) return;
    const actors = this.deps.actors();
    for (const change of changes) {
      const chain = this.outage.chainOf(change.agentId);
      const describe = (m: ModelRef) => {
        const actor = actors.entry("model", m);
        const last = actor ? (actor.context.lastError as { category?: string; evidence?: string } | undefined) : undefined;
        return { model: m, state: actor?.state ?? "unknown", category: last?.category, evidence: last?.evidence };
      };
      this.deps.journal.append(change.entered ? "outage.started" : "outage.ended", { agentId: change.agentId, chain: [...chain] }, { ts: now, durable: true });
      this.deps.dispatch(change.entered ? outageAlert(change.agentId, chain.map(describe)) : recoveryAlert(change.agentId));
      if (change.entered && this.deps.config().outage.restartGateway) {
        const gw = actors.ensure({ kind: "gateway", id: "gateway" });
        if (gw) actors.step(gw, { type: "RESTART_REQUESTED", now, reason: `all models of agent ${change.agentId} down` });
      }
    }
  }
}
