// Quota watch: counts each budgeted model's calls and tokens per window, raises one alert at warnPercent and one at
// criticalPercent per window, and (optionally) asks to route non-urgent turns away at criticalPercent until the
// window resets. Pure: time comes from the records; effects come out as data for the executor.
import type { Effect } from "../domain/effects.js";
import type { QuotaBudget, SelfHealConfig } from "../config/types.js";
import type { RollupRecord } from "./rollup-fold.js";
import { budgetCovers, windowAt, type WindowSpan } from "./quota-window.js";
import { quotaAlert, quotaFailBack, quotaRoute } from "./quota-effects.js";

const HOUR = 3_600_000;
const MAX_MODELS_CACHED = 1000;

export type QuotaConfig = SelfHealConfig["quota"];

/** Usage already counted before this process started: one entry per hour (start ms) with calls and tokens. */
export type QuotaHistory = (pattern: string, fromMs: number, toMs: number) => Iterable<{ hour: number; requests: number; tokens: number }>;

export interface QuotaWatchOptions {
  readonly config: () => QuotaConfig;
  /** Restores a budget's usage in its current window (e.g. from the hourly rollups) when the watch starts counting it. */
  readonly history?: QuotaHistory;
  /** Until when non-urgent turns are already routed away from a budget's models (the route table after a replay). */
  readonly routedUntil?: (pattern: string) => number | undefined;
}

export type QuotaLevel = "ok" | "warning" | "critical";

/** A budget's usage in its current window (status.json `quota`, metrics, the status tool). */
export interface QuotaUsage {
  readonly model: string;
  readonly window: QuotaBudget["window"];
  readonly windowStart: string;
  readonly resetsAt: string;
  readonly requests: { readonly used: number; readonly limit?: number };
  readonly tokens: { readonly used: number; readonly limit?: number };
  /** The larger of the two shares, percent. */
  readonly percent: number;
  readonly level: QuotaLevel;
  /** Non-urgent turns are being routed away until this time. */
  readonly routedUntil?: string;
  /** Shared health: what the other gateways reported using in this window (already included in `used`). */
  readonly peers?: { readonly requests: number; readonly tokens: number };
}

/** This gateway's own count of one budget (what shared health tells the other gateways). */
export interface OwnUsage {
  readonly model: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly requests: number;
  readonly tokens: number;
}

interface PeerUsage {
  readonly windowStart: number;
  readonly requests: number;
  readonly tokens: number;
}

const NO_PEERS: PeerUsage = { windowStart: 0, requests: 0, tokens: 0 };

interface BudgetState {
  budget: QuotaBudget;
  readonly signature: string;
  span: WindowSpan;
  requests: number;
  tokens: number;
  /** Rolling windows only: hour start → [calls, tokens]. */
  readonly hours: Map<number, [number, number]>;
  /** Highest level already alerted in this window (0 none, 1 warning, 2 critical). */
  alerted: number;
  routedUntil: number | undefined;
}

function signatureOf(b: QuotaBudget): string {
  return `${b.model}|${b.window}|${b.rollingHours}|${b.resetHourUtc}`;
}

export class QuotaWatch {
  private states = new Map<string, BudgetState>();
  private readonly byModel = new Map<string, BudgetState[]>();
  private configured: readonly QuotaBudget[] | undefined;
  /** Shared health: the other gateways' usage per budget (from `peer.quota` records). */
  private readonly peers = new Map<string, PeerUsage>();

  constructor(private readonly opts: QuotaWatchOptions) {}

  /** Folds one journal record (a call, a probe of ours, a call.usage); returns the alerts and routes it triggers. */
  observe(rec: RollupRecord): Effect[] {
    let requests = 0;
    let tokens = 0;
    const f = rec.fields;
    if (rec.type === "call") {
      if (f.probe === true) return [];
      requests = 1;
      tokens = positive(f.tokens);
    } else if (rec.type === "probe.result") {
      // The plugin's own probe is a request to the provider too (its few tokens are not reported).
      requests = 1;
    } else if (rec.type === "call.usage") {
      tokens = positive(f.tokens);
      if (tokens === 0) return [];
    } else if (rec.type === "peer.quota") {
      return this.observePeers(rec);
    } else {
      return [];
    }
    if (typeof f.model !== "string") return [];
    this.sync(rec.ts);
    const states = this.statesFor(f.model);
    if (states.length === 0) return [];
    const effects: Effect[] = [];
    for (const state of states) {
      if (rec.ts < state.span.start) continue; // a late record of an earlier window
      this.advance(state, rec.ts);
      state.requests += requests;
      state.tokens += tokens;
      if (state.budget.window === "rolling") {
        const hour = rec.ts - (((rec.ts % HOUR) + HOUR) % HOUR);
        const slot = state.hours.get(hour) ?? [0, 0];
        slot[0] += requests;
        slot[1] += tokens;
        state.hours.set(hour, slot);
      }
      this.evaluate(state, rec.ts, effects);
    }
    return effects;
  }

  /**
   * Re-reads the config (budgets added, removed or changed, thresholds moved) and re-evaluates every budget at
   * `now`: a raised budget or routeNonUrgent turned off gives back the routes it no longer justifies.
   */
  reconcile(now: number): Effect[] {
    const effects: Effect[] = [];
    const before = this.states;
    this.sync(now, true);
    for (const [pattern, state] of before) {
      // A removed budget gives its route back; a changed one keeps it until evaluate() below says otherwise.
      if (!this.states.has(pattern) && state.routedUntil !== undefined && state.routedUntil > now) effects.push(quotaFailBack(pattern, "budget removed"));
    }
    for (const state of this.states.values()) {
      this.advance(state, now);
      this.evaluate(state, now, effects);
    }
    return effects;
  }

  /** Shared health: the other gateways together used `requests`/`tokens` of budget `model` in the window from `windowStart`. */
  private observePeers(rec: RollupRecord): Effect[] {
    const f = rec.fields;
    if (typeof f.model !== "string" || typeof f.windowStart !== "number") return [];
    this.peers.set(f.model, { windowStart: f.windowStart, requests: positive(f.requests), tokens: positive(f.tokens) });
    this.sync(rec.ts);
    const state = this.states.get(f.model);
    if (!state) return [];
    const effects: Effect[] = [];
    this.advance(state, rec.ts);
    this.evaluate(state, rec.ts, effects);
    return effects;
  }

  private peersOf(state: BudgetState, spanStart: number): PeerUsage {
    const p = this.peers.get(state.budget.model);
    return p && (state.budget.window === "rolling" || p.windowStart === spanStart) ? p : NO_PEERS;
  }

  /** Whether a budget covering `model` is at or above quota.criticalPercent at `now` (scheduled probes wait then). */
  critical(model: string, now: number): boolean {
    this.sync(now);
    const cfg = this.opts.config();
    for (const state of this.statesFor(model)) {
      const own = now >= state.span.end ? this.peekAdvanced(state, now) : state;
      const peers = this.peersOf(state, own.span.start);
      if (levelOf(percentOf(state.budget, own.requests + peers.requests, own.tokens + peers.tokens), cfg) === 2) return true;
    }
    return false;
  }

  /** This gateway's own counts (without the other gateways'), for shared health. */
  ownUsage(now: number): OwnUsage[] {
    this.sync(now);
    const out: OwnUsage[] = [];
    for (const state of this.states.values()) {
      const current = now >= state.span.end ? this.peekAdvanced(state, now) : { requests: state.requests, tokens: state.tokens, span: state.span };
      out.push({ model: state.budget.model, windowStart: current.span.start, windowEnd: current.span.end, requests: current.requests, tokens: current.tokens });
    }
    return out;
  }

  /** Every budget's usage in its window at `now`, in config order. */
  usage(now: number): QuotaUsage[] {
    this.sync(now);
    const cfg = this.opts.config();
    const out: QuotaUsage[] = [];
    for (const state of this.states.values()) {
      const own = now >= state.span.end ? this.peekAdvanced(state, now) : { requests: state.requests, tokens: state.tokens, span: state.span };
      const peers = this.peersOf(state, own.span.start);
      const current = { span: own.span, requests: own.requests + peers.requests, tokens: own.tokens + peers.tokens };
      const percent = percentOf(state.budget, current.requests, current.tokens);
      out.push({
        model: state.budget.model,
        window: state.budget.window,
        windowStart: new Date(current.span.start).toISOString(),
        resetsAt: new Date(current.span.end).toISOString(),
        requests: { used: current.requests, ...(state.budget.requests !== undefined ? { limit: state.budget.requests } : {}) },
        tokens: { used: current.tokens, ...(state.budget.tokens !== undefined ? { limit: state.budget.tokens } : {}) },
        percent: Math.round(percent * 10) / 10,
        level: levelName(levelOf(percent, cfg)),
        ...(state.routedUntil !== undefined && state.routedUntil > now ? { routedUntil: new Date(state.routedUntil).toISOString() } : {}),
        ...(peers.requests + peers.tokens > 0 ? { peers: { requests: peers.requests, tokens: peers.tokens } } : {}),
      });
    }
    return out;
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Builds states for the configured budgets when the config changed (restoring each new one's window). */
  private sync(now: number, force = false): void {
    const budgets = this.opts.config().budgets;
    if (!force && budgets === this.configured) return;
    this.configured = budgets;
    const next = new Map<string, BudgetState>();
    for (const budget of budgets) {
      const signature = signatureOf(budget);
      const kept = this.states.get(budget.model);
      if (kept && kept.signature === signature) {
        // Same window: keep the counts (limits are read from the new budget object).
        kept.budget = budget;
        next.set(budget.model, kept);
        continue;
      }
      next.set(budget.model, this.fresh(budget, signature, now));
    }
    this.states = next;
    this.byModel.clear();
  }

  private fresh(budget: QuotaBudget, signature: string, now: number): BudgetState {
    const span = windowAt(budget, now);
    const state: BudgetState = { budget, signature, span, requests: 0, tokens: 0, hours: new Map(), alerted: 0, routedUntil: undefined };
    try {
      for (const h of this.opts.history?.(budget.model, span.start, now) ?? []) {
        if (h.hour < span.start || h.hour > now) continue;
        state.requests += h.requests;
        state.tokens += h.tokens;
        if (budget.window === "rolling") state.hours.set(h.hour, [h.requests, h.tokens]);
      }
    } catch {
      // no history: count from now on
    }
    // What was crossed before a restart was alerted then: do not alert it again.
    state.alerted = levelOf(percentOf(budget, state.requests, state.tokens), this.opts.config());
    const until = this.opts.routedUntil?.(budget.model);
    if (until !== undefined && until > now) state.routedUntil = until;
    return state;
  }

  private statesFor(model: string): BudgetState[] {
    let states = this.byModel.get(model);
    if (!states) {
      states = [...this.states.values()].filter((s) => budgetCovers(s.budget.model, model));
      if (this.byModel.size >= MAX_MODELS_CACHED) this.byModel.clear();
      this.byModel.set(model, states);
    }
    return states;
  }

  /** Moves a state into the window holding `ts` (a reset for fixed windows; old hours drop out of rolling ones). */
  private advance(state: BudgetState, ts: number): void {
    if (ts < state.span.end) return;
    const next = this.peekAdvanced(state, ts);
    state.span = next.span;
    state.requests = next.requests;
    state.tokens = next.tokens;
    for (const hour of state.hours.keys()) if (hour < next.span.start) state.hours.delete(hour);
  }

  private peekAdvanced(state: BudgetState, ts: number): { span: WindowSpan; requests: number; tokens: number } {
    const span = windowAt(state.budget, ts);
    if (state.budget.window !== "rolling") return { span, requests: 0, tokens: 0 };
    let requests = 0;
    let tokens = 0;
    for (const [hour, [n, t]] of state.hours) {
      if (hour < span.start) continue;
      requests += n;
      tokens += t;
    }
    return { span, requests, tokens };
  }

  private evaluate(state: BudgetState, now: number, effects: Effect[]): void {
    const cfg = this.opts.config();
    const peers = this.peersOf(state, state.span.start);
    const requests = state.requests + peers.requests;
    const tokens = state.tokens + peers.tokens;
    const percent = percentOf(state.budget, requests, tokens);
    const level = levelOf(percent, cfg);
    if (level > state.alerted) effects.push(quotaAlert(state.budget, level === 2 ? "critical" : "warning", percent, requests, tokens, state.span, cfg));
    state.alerted = level;
    const routed = state.routedUntil !== undefined && state.routedUntil > now;
    if (level === 2 && cfg.routeNonUrgent && !routed) {
      const until = state.budget.window === "rolling" ? releaseAt(state, cfg.criticalPercent) : state.span.end;
      state.routedUntil = until;
      effects.push(quotaRoute(state.budget, percent, until, cfg.nonUrgentTriggers));
    } else if (routed && (level < 2 || !cfg.routeNonUrgent)) {
      state.routedUntil = undefined;
      effects.push(quotaFailBack(state.budget.model, level < 2 ? `usage back under ${cfg.criticalPercent}%` : "quota.routeNonUrgent turned off"));
    }
  }
}

/** Rolling windows: when usage falls under `criticalPercent` if nothing more is spent (old hours drop out). */
function releaseAt(state: BudgetState, criticalPercent: number): number {
  const span = state.budget.rollingHours * HOUR;
  let requests = state.requests;
  let tokens = state.tokens;
  for (const hour of [...state.hours.keys()].sort((a, b) => a - b)) {
    const [n, t] = state.hours.get(hour) as [number, number];
    requests -= n;
    tokens -= t;
    if (percentOf(state.budget, requests, tokens) < criticalPercent) return hour + span;
  }
  return state.span.end;
}

function positive(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0;
}

export function percentOf(budget: Pick<QuotaBudget, "requests" | "tokens">, requests: number, tokens: number): number {
  const r = budget.requests ? requests / budget.requests : 0;
  const t = budget.tokens ? tokens / budget.tokens : 0;
  return Math.max(r, t) * 100;
}

function levelOf(percent: number, cfg: Pick<QuotaConfig, "warnPercent" | "criticalPercent">): number {
  return percent >= cfg.criticalPercent ? 2 : percent >= cfg.warnPercent ? 1 : 0;
}

function levelName(level: number): QuotaLevel {
  return level === 2 ? "critical" : level === 1 ? "warning" : "ok";
}
