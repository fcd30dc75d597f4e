// Pure: from one tick's checks and what the watchdog remembers, the gateway's health and the action to take.
import { budgetAllows, restartsWithin } from "../../machines/restart-budget.js";
import type { WatchMemory } from "./watch-state.js";
import type { GatewayHealth, WatchAction, WatchCheck, WatchSettings } from "./types.js";

/** The settings that judging and deciding read (see WatchSettings for their meaning). */
export type DecideLimits = Pick<WatchSettings, "budgetMax" | "budgetWindowMs" | "startupGraceMs" | "crashLoopCount" | "crashLoopWindowMs" | "confirm">;

export interface Judgement {
  readonly health: GatewayHealth;
  /** Plain words: what was seen. */
  readonly seen: string;
  /** The memory after this observation (deaths, notReadySince, lastHealth; escalation cleared when up). */
  readonly memory: WatchMemory;
}

export interface Decision {
  readonly action: WatchAction;
  /** `refused`: the watchdog will not act (already escalated); otherwise the action is to be carried out. */
  readonly refused: boolean;
  readonly why: string;
}

function find(checks: readonly WatchCheck[], name: string): WatchCheck | undefined {
  return checks.find((c) => c.name === name);
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** The gateway's health from the checks (see types.ts for the meaning of each value). */
export function judge(checks: readonly WatchCheck[], memory: WatchMemory, now: number, limits: DecideLimits): Judgement {
  const port = find(checks, "port");
  const readyz = find(checks, "readyz");
  const rpc = find(checks, "rpc");
  const heartbeat = find(checks, "heartbeat");
  let health: GatewayHealth;
  let seen: string;
  let notReadySince = memory.notReadySince;
  if (port && !port.ok) {
    health = "down";
    seen = `the gateway's port is closed: ${port.detail}`;
    notReadySince = undefined;
  } else if (readyz && !readyz.ok && readyz.value === undefined) {
    health = "hung";
    seen = `the gateway accepts connections but does not answer: ${readyz.detail}`;
  } else if (readyz && !readyz.ok) {
    notReadySince ??= now;
    const since = now - notReadySince;
    health = since > limits.startupGraceMs ? "hung" : "up";
    seen = `/readyz ${readyz.detail} for ${seconds(since)}${health === "hung" ? ` (longer than ${seconds(limits.startupGraceMs)})` : " (starting or draining)"}`;
  } else if (rpc && !rpc.ok) {
    health = "hung";
    seen = `/readyz answers but the RPC round trip does not: ${rpc.detail}`;
  } else if (heartbeat && !heartbeat.ok) {
    health = "hung";
    seen = `the gateway answers but the self-heal plugin's heartbeat stopped: ${heartbeat.detail}`;
  } else {
    health = "up";
    seen = "the gateway is ready and answers";
    notReadySince = undefined;
  }
  if (readyz?.ok) notReadySince = undefined;
  // A death is a gateway that was up going down or hung, not one still starting after our own restart.
  const starting = memory.lastRestartAt !== undefined && now - memory.lastRestartAt < limits.startupGraceMs;
  const died = health !== "up" && memory.lastHealth === "up" && !starting;
  const deaths = [...memory.deaths, ...(died ? [now] : [])].filter((t) => now - t < limits.crashLoopWindowMs);
  if (health !== "up" && deaths.length >= limits.crashLoopCount) {
    health = "crash_loop";
    seen = `${seen}; it went down ${deaths.length} times in ${seconds(limits.crashLoopWindowMs)}`;
  }
  const { escalatedAt: _escalated, refusedAt: _refused, notReadySince: _since, ...rest } = memory;
  const keep = health === "up" ? rest : memory;
  const next: WatchMemory = {
    ...keep,
    deaths,
    lastHealth: health,
    lastReady: readyz?.ok === true,
    badStreak: health === "up" ? 0 : (memory.badStreak ?? 0) + 1,
    restarts: restartsWithin(memory.restarts, now, limits.budgetWindowMs),
    ...(notReadySince !== undefined ? { notReadySince } : {}),
  };
  if (notReadySince === undefined) delete (next as { notReadySince?: number }).notReadySince;
  // The startup grace ends when the restarted gateway is ready: a death after that is judged at once.
  if (readyz?.ok) delete (next as { lastRestartAt?: number }).lastRestartAt;
  return { health, seen, memory: next };
}

/** What to do about it. Config validity is checked later, when the restart is carried out. */
export function decide(judgement: Judgement, now: number, limits: DecideLimits): Decision {
  const { health, memory } = judgement;
  if (health === "up") return { action: "none", refused: false, why: judgement.seen };
  if (memory.lastRestartAt !== undefined && now - memory.lastRestartAt < limits.startupGraceMs) {
    return {
      action: "none",
      refused: false,
      why: `${judgement.seen}; restarted ${seconds(now - memory.lastRestartAt)} ago, waiting up to ${seconds(limits.startupGraceMs)} for it to come up`,
    };
  }
  const streak = memory.badStreak ?? 1;
  if (streak < limits.confirm) {
    return { action: "none", refused: false, why: `${judgement.seen}; seen ${streak} time(s) in a row, acting at ${limits.confirm}` };
  }
  if (memory.escalatedAt !== undefined) {
    return {
      action: "none",
      refused: true,
      why: `${judgement.seen}; the restart budget was spent and the owner was alerted at ${new Date(memory.escalatedAt).toISOString()}: not restarting again until the gateway is seen up`,
    };
  }
  if (!budgetAllows(memory.restarts, now, limits.budgetWindowMs, limits.budgetMax)) {
    const used = restartsWithin(memory.restarts, now, limits.budgetWindowMs).length;
    return { action: "escalate", refused: false, why: `${judgement.seen}; ${used} restarts in the last ${seconds(limits.budgetWindowMs)} already (budget ${limits.budgetMax}): giving up and alerting the owner` };
  }
  return { action: "restart", refused: false, why: judgement.seen };
}
