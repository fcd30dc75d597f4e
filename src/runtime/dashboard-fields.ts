// The fields openclaw-self-healing's dashboards read, computed beside self-heal's own status fields.
import type { Supervisor } from "./supervisor.js";

export interface DashboardFields {
  /** The model the next turn of the first agent would use (its first model not routed around). */
  activeModel: string | null;
  /** openclaw-self-healing's summary of its config, in its own names. */
  config: { dryRun: boolean; probeEnabled: boolean; cooldownMinutes: number; modelOrder: string[] };
  /** Only when a channel named whatsapp is supervised (that plugin's single-channel field). */
  whatsapp?: { status: "connected" | "disconnected" | "unknown"; disconnectStreak: number };
}

const AVAILABLE = new Set(["healthy", "recovered"]);

/** `available` or `cooldown`, and seconds left, per model (openclaw-self-healing's model status). */
export function modelDashboard(state: string, until: unknown, now: number): { status: "available" | "cooldown"; cooldownRemainingSec: number } {
  const cooling = !AVAILABLE.has(state);
  const left = cooling && typeof until === "number" ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
  return { status: cooling ? "cooldown" : "available", cooldownRemainingSec: left };
}

export function channelDashboard(state: string, streak: unknown): { status: "connected" | "disconnected" | "unknown"; disconnectStreak: number } {
  const status = state === "connected" ? "connected" : state === "disconnected" || state === "given_up" || state === "restarting" || state === "startup_grace" ? "disconnected" : "unknown";
  return { status, disconnectStreak: typeof streak === "number" ? streak : 0 };
}

export function dashboardFields(s: Supervisor, now: number): DashboardFields {
  const order = s.config.modelOrder ?? s.topology.agents[0]?.chain ?? [];
  const chain = s.topology.agents[0]?.chain ?? order;
  const activeModel = chain.find((m) => !s.isRoutedAround(m)) ?? null;
  const wa = s.actor("channel", "whatsapp");
  return {
    activeModel,
    config: { dryRun: s.config.dryRun, probeEnabled: s.config.actions.probeModel, cooldownMinutes: Math.round(s.config.model.maxCooldownSeconds / 6) / 10, modelOrder: [...order] },
    ...(wa ? { whatsapp: channelDashboard(wa.state, wa.context.streak) } : {}),
  };
}

/** The dashboard copy (statusFile): the same snapshot, with generatedAt in epoch seconds as that plugin wrote it. */
export function dashboardCopy(status: Record<string, unknown>): Record<string, unknown> {
  const iso = typeof status.generatedAt === "string" ? status.generatedAt : undefined;
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return { ...status, ...(Number.isFinite(ms) ? { generatedAt: Math.floor(ms / 1000), generatedAtIso: iso } : {}) };
}
