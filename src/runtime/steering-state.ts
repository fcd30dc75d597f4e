// The supervisor's steering: which models are routed around (or spared for non-urgent turns), which model a turn
// uses instead, which turns are held, and the per-model options that follow from strategies and held chains.
import type { Clock } from "../domain/clock.js";
import type { ModelRef } from "../domain/events.js";
import type { SelfHealConfig } from "../config/types.js";
import type { Topology } from "../config/topology.js";
import { cooldownOverride, type Strategy } from "../strategies/index.js";
import { optionsFor } from "./routing.js";
import { RouteTable, pickRoute, heldModels, holdReason } from "./steering.js";
import type { ActorTable } from "./actor-table.js";

export interface SteeringDeps {
  readonly clock: Clock;
  readonly config: () => SelfHealConfig;
  readonly topology: () => Topology;
  readonly actors: () => ActorTable;
}

export class SteeringState {
  readonly routes = new RouteTable();
  private readonly routedByRun = new Map<string, Set<ModelRef>>();
  private readonly heldCapped = new Set<ModelRef>();
  private strategies: readonly Strategy[] = [];

  constructor(private readonly deps: SteeringDeps) {}

  /** Steering for before_model_resolve: the model to use instead of `candidate`, if any. */
  route(agentId: string | undefined, candidate: ModelRef, runId?: string, trigger?: string): ModelRef | undefined {
    // Quota watch: non-urgent turns (cron, heartbeat, …) also avoid models whose budget is nearly spent.
    const now = this.deps.clock.now();
    const routes = this.routes;
    const spare = trigger !== undefined && this.deps.config().quota.nonUrgentTriggers.includes(trigger);
    const avoided = spare ? (m: ModelRef) => routes.isAvoided(m) || routes.isSpared(m, now) : (m: ModelRef) => routes.isAvoided(m);
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

  /** Why to hold a run back whose model and whole chain are routed around; undefined lets it run. */
  hold(agentId: string | undefined, model: ModelRef): string | undefined {
    if (!this.deps.config().outage.holdTurns) return undefined;
    return holdReason(this.chainFor(agentId, model), model, (m) => this.routes.isAvoided(m));
  }

  chainFor(agentId: string | undefined, candidate: ModelRef): readonly ModelRef[] {
    const agents = this.deps.topology().agents;
    const own = agentId ? agents.find((a) => a.agentId === agentId) : undefined;
    if (own && own.chain.includes(candidate)) return own.chain;
    return agents.find((a) => a.chain.includes(candidate))?.chain ?? own?.chain ?? [];
  }

  /**
   * While every model of an agent is routed around, probes are the only way back: cap those models'
   * cooldowns at outage.probeIntervalSeconds (provider hints still win) and restore them afterwards.
   */
  refreshHeldCaps(): void {
    const held = heldModels(this.deps.topology().agents, (m) => this.routes.isAvoided(m));
    const now = this.deps.clock.now();
    for (const id of new Set([...held, ...this.heldCapped])) {
      const capped = held.has(id);
      if (capped === this.heldCapped.has(id)) continue;
      if (capped) this.heldCapped.add(id);
      else this.heldCapped.delete(id);
      this.deps.actors().send("model", id, { type: "OPTIONS_UPDATED", now, options: this.modelOptions(id) });
    }
  }

  /** After a config change: caps are recomputed from scratch. */
  recomputeHeldCaps(): void {
    this.heldCapped.clear();
    this.refreshHeldCaps();
  }

  /** Model options: config, then a strategy's cooldown for that model, then the outage cap on held models. */
  modelOptions(id: string): Record<string, number> {
    const config = this.deps.config();
    const options = optionsFor("model", config);
    const own = cooldownOverride(this.strategies, id);
    if (own) {
      options.baseCooldownMs = own.baseCooldownMs;
      options.maxCooldownMs = own.maxCooldownMs;
      // A strategy's cooldown is the owner's explicit choice: the probe-gap cap does not shorten it.
      options.maxProbeGapMs = 0;
    }
    if (this.heldCapped.has(id)) {
      options.maxCooldownMs = Math.min(options.maxCooldownMs ?? Infinity, config.outage.probeIntervalSeconds * 1000);
      options.baseCooldownMs = Math.min(options.baseCooldownMs ?? Infinity, options.maxCooldownMs ?? Infinity);
    }
    return options;
  }

  /** Applies a (validated) strategy set: models a strategy names get that strategy's cooldowns. */
  setStrategies(strategies: readonly Strategy[]): void {
    const actors = this.deps.actors();
    const models = actors.entries("model").map((a) => a.id);
    const before = new Map(models.map((id) => [id, JSON.stringify(cooldownOverride(this.strategies, id) ?? null)]));
    this.strategies = strategies;
    const now = this.deps.clock.now();
    for (const [id, was] of before) {
      if (JSON.stringify(cooldownOverride(strategies, id) ?? null) === was) continue;
      actors.send("model", id, { type: "OPTIONS_UPDATED", now, options: this.modelOptions(id) });
    }
  }

  currentStrategies(): readonly Strategy[] {
    return this.strategies;
  }

  heldCappedModels(): ModelRef[] {
    return [...this.heldCapped];
  }

  restoreHeldCaps(models: readonly ModelRef[]): void {
    this.heldCapped.clear();
    for (const m of models) this.heldCapped.add(m);
  }
}
