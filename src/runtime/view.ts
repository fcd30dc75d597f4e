// A read-only view of the supervisor in the status.json shape (../shared/DESIGN.md "Status snapshot").
import type { Supervisor } from "./supervisor.js";
import type { Health } from "./bus.js";
import type { QuotaUsage } from "../projections/quota-watch.js";
import { channelDashboard, dashboardFields, modelDashboard, type DashboardFields } from "./dashboard-fields.js";

export interface ModelStatus {
  id: string;
  state: string;
  reason?: string;
  until?: string;
  failures: number;
  ejections: number;
  routedAround: boolean;
  lastOkAt?: string;
  lastError?: { category: string; evidence: string; at: string };
  /** openclaw-self-healing's dashboard fields. */
  status: "available" | "cooldown";
  cooldownRemainingSec: number;
}

export interface StatusSnapshot extends Partial<DashboardFields> {
  generatedAt: string;
  health: Health;
  dryRun: boolean;
  models: ModelStatus[];
  channels: Array<{ id: string; state: string; reason?: string; until?: string; restartsInWindow: number; status: "connected" | "disconnected" | "unknown"; disconnectStreak: number }>;
  cron: Array<{ id: string; state: string; reason?: string; consecutiveFailures: number }>;
  gateway: { state: string; restartsInWindow: number; lastRestartAt?: string };
  outage: { agents: string[] };
  recentActions: Array<{ at: string; action: string; target: string; reason: string; outcome: string; why?: string }>;
  /** Quota watch (only when budgets are configured): each budget's usage in its current window. */
  quota?: QuotaUsage[];
  /** Operator windows in force: maintenance mode (`paused`) and alert silence. */
  operator?: { paused?: { until: string; by: string; surface: string }; silenced?: { until: string; by: string; surface: string } };
  /** True while paused: observing and journaling, acting on nothing. */
  maintenance?: boolean;
}

/** ISO text of an epoch-ms time, or undefined when it is not one a Date can hold (status must never throw). */
const iso = (ms: unknown): string | undefined => (typeof ms === "number" && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function inWindow(restarts: unknown, windowMs: number, now: number): { count: number; last?: number } {
  if (!Array.isArray(restarts)) return { count: 0 };
  const times = restarts.filter((t): t is number => typeof t === "number");
  const last = times.length > 0 ? Math.max(...times) : undefined;
  return { count: times.filter((t) => now - t < windowMs).length, ...(last !== undefined ? { last } : {}) };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export function statusOf(s: Supervisor, now: number): StatusSnapshot {
  const models: ModelStatus[] = [];
  const channels: StatusSnapshot["channels"] = [];
  const cron: StatusSnapshot["cron"] = [];
  let gateway: StatusSnapshot["gateway"] = { state: "running", restartsInWindow: 0 };
  for (const slot of s.actorList()) {
    const ctx = slot.context;
    const state = slot.state;
    const reason = typeof ctx.reason === "string" && ctx.reason.length > 0 ? ctx.reason : undefined;
    const until = iso(ctx.until);
    if (slot.kind === "model") {
      const le = ctx.lastError as { category?: string; evidence?: string; at?: number } | undefined;
      models.push({
        id: slot.id,
        state,
        ...optional("reason", reason),
        ...optional("until", until),
        failures: num(ctx.failures),
        ejections: num(ctx.ejections),
        routedAround: s.isRoutedAround(slot.id),
        ...optional("lastOkAt", iso(ctx.lastOkAt)),
        ...(le && le.category ? { lastError: { category: le.category, evidence: le.evidence ?? "", at: iso(le.at) ?? "" } } : {}),
        ...modelDashboard(state, ctx.until, now),
      });
    } else if (slot.kind === "channel") {
      const w = inWindow(ctx.restarts, s.config.channels.restartBudgetWindowMinutes * 60_000, now);
      channels.push({ id: slot.id, state, ...optional("reason", reason), ...optional("until", until), restartsInWindow: w.count, ...channelDashboard(state, ctx.streak) });
    } else if (slot.kind === "cron") {
      cron.push({ id: slot.id, state, ...optional("reason", reason), consecutiveFailures: num(ctx.consecutiveFailures) });
    } else {
      const w = inWindow(ctx.restarts, s.config.gateway.restartBudgetWindowMinutes * 60_000, now);
      gateway = { state, restartsInWindow: w.count, ...optional("lastRestartAt", iso(w.last)) };
    }
  }
  const operator = s.operatorView(now);
  return {
    ...(operator.paused || operator.silenced ? { operator } : {}),
    ...(operator.paused ? { maintenance: true } : {}),
    generatedAt: new Date(now).toISOString(),
    health: s.health,
    dryRun: s.config.dryRun,
    models,
    channels,
    cron,
    gateway,
    outage: { agents: s.agentsDown() },
    ...dashboardFields(s, now),
    recentActions: s.recentActions().slice(-20).map((a) => ({ at: new Date(a.at).toISOString(), action: a.action, target: a.target, reason: a.reason, outcome: a.outcome, ...optional("why", a.why) })),
  };
}
