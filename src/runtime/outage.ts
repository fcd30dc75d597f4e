// All-models-down detection: every candidate of an agent failing N times in a row (or disabled).
import type { ModelRef } from "../domain/events.js";
import type { AgentChain } from "../config/topology.js";

export interface OutageChange {
  readonly agentId: string;
  readonly entered: boolean;
}

export class OutageDetector {
  private readonly streak = new Map<ModelRef, number>();
  private readonly down = new Set<string>();
  private chains: readonly AgentChain[] = [];
  /** The chains each model is part of (record() re-checks only those, plus the agents already down). */
  private byModel = new Map<ModelRef, AgentChain[]>();
  private byAgent = new Map<string, AgentChain>();

  constructor(private threshold: number) {}

  configure(chains: readonly AgentChain[], threshold: number): void {
    this.chains = chains;
    this.threshold = threshold;
    this.byModel = new Map();
    this.byAgent = new Map();
    for (const c of chains) {
      if (!this.byAgent.has(c.agentId)) this.byAgent.set(c.agentId, c);
      for (const m of new Set(c.chain)) {
        const list = this.byModel.get(m);
        if (list) list.push(c);
        else this.byModel.set(m, [c]);
      }
    }
  }

  /**
   * Records one model outcome; returns the agents whose outage state changed. Only the agents whose chain
   * holds `model`, and the agents already down, can change: O(chains of the model), not O(all agents).
   */
  record(model: ModelRef, ok: boolean, isDisabled: (m: ModelRef) => boolean): OutageChange[] {
    this.streak.set(model, ok ? 0 : (this.streak.get(model) ?? 0) + 1);
    const own = this.byModel.get(model) ?? [];
    if (this.down.size === 0) return this.evaluate(isDisabled, own);
    const downChains: AgentChain[] = [];
    for (const agentId of this.down) {
      const c = this.byAgent.get(agentId);
      if (c && !own.includes(c)) downChains.push(c);
    }
    return this.evaluate(isDisabled, downChains.length > 0 ? [...own, ...downChains] : own);
  }

  /**
   * A turn of `agentId` was held (every model of its chain routed around): the agent is down when each
   * candidate's last outcome was a failure (or it is disabled), without waiting for `threshold` failures
   * each (at the default config a fallback cannot be probed, so its streak would grow only with real turns).
   */
  held(agentId: string, isDisabled: (m: ModelRef) => boolean): OutageChange[] {
    const c = this.byAgent.get(agentId);
    if (!c || this.down.has(agentId) || c.chain.length === 0) return [];
    if (!c.chain.every((m) => (this.streak.get(m) ?? 0) >= 1 || isDisabled(m))) return [];
    this.down.add(agentId);
    return [{ agentId, entered: true }];
  }

  /**
   * An agent goes down when every candidate failed `threshold` times in a row (or is disabled), and stays
   * down until one candidate is no longer failing (its streak reset by a success) and not disabled.
   */
  evaluate(isDisabled: (m: ModelRef) => boolean, chains: readonly AgentChain[] = this.chains): OutageChange[] {
    const changes: OutageChange[] = [];
    for (const { agentId, chain } of chains) {
      const need = this.down.has(agentId) ? 1 : this.threshold;
      const allDown = chain.length > 0 && chain.every((m) => (this.streak.get(m) ?? 0) >= need || isDisabled(m));
      if (allDown && !this.down.has(agentId)) {
        this.down.add(agentId);
        changes.push({ agentId, entered: true });
      } else if (!allDown && this.down.has(agentId)) {
        this.down.delete(agentId);
        changes.push({ agentId, entered: false });
      }
    }
    return changes;
  }

  agentsDown(): string[] {
    return [...this.down];
  }

  /** True when `model` has no failure streak and no agent is down: a success of it would change nothing here. */
  isQuiet(model: ModelRef): boolean {
    // Known with a zero streak (not merely absent: recording would insert it, and the order of streaks is state).
    return this.down.size === 0 && this.streak.get(model) === 0;
  }

  /** Failure streaks and agents down (the snapshot cache); `restore` puts them back. */
  state(): { streaks: Array<[ModelRef, number]>; down: string[] } {
    return { streaks: [...this.streak], down: [...this.down] };
  }

  restore(streaks: ReadonlyArray<readonly [ModelRef, number]>, down: readonly string[]): void {
    this.streak.clear();
    this.down.clear();
    for (const [model, n] of streaks) this.streak.set(model, n);
    for (const agentId of down) this.down.add(agentId);
  }

  streakOf(model: ModelRef): number {
    return this.streak.get(model) ?? 0;
  }

  chainOf(agentId: string): readonly ModelRef[] {
    return this.chains.find((c) => c.agentId === agentId)?.chain ?? [];
  }
}
