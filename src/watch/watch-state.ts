// What the watchdog remembers between ticks and between runs (`--once` from cron): `<stateDir>/watch/state.json`.
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../projections/atomic-write.js";
import type { GatewayHealth } from "./types.js";

export interface WatchMemory {
  /** Our restarts (epoch ms), newest last; only those inside the budget window are kept. */
  readonly restarts: readonly number[];
  /** Times the gateway was seen going from up to not up (epoch ms), for crash-loop detection. */
  readonly deaths: readonly number[];
  readonly lastHealth?: GatewayHealth;
  /** Checks in a row that saw the gateway not up. */
  readonly badStreak?: number;
  /** Whether /readyz answered 200 at the last check (a starting gateway is up but not ready). */
  readonly lastReady?: boolean;
  readonly lastRestartAt?: number;
  /** Set when the budget was spent and the owner was told; cleared when the gateway is seen up again. */
  readonly escalatedAt?: number;
  /** Set when a restart was refused for an invalid openclaw.json and the owner was told; cleared when up again. */
  readonly refusedAt?: number;
  /** Since when /readyz answers but not 200. */
  readonly notReadySince?: number;
  /** The last openclaw.json seen valid while the gateway was up (mtime, size), so it is validated once per change. */
  readonly configSeen?: { readonly mtimeMs: number; readonly size: number };
}

export const EMPTY_MEMORY: WatchMemory = Object.freeze({ restarts: [], deaths: [] });

export function watchDir(stateDir: string): string {
  return join(stateDir, "watch");
}

function memoryFile(stateDir: string): string {
  return join(watchDir(stateDir), "state.json");
}

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((n): n is number => typeof n === "number" && Number.isFinite(n)) : [];
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The remembered state; a missing or unreadable file is a fresh start (never an error). */
export function loadMemory(stateDir: string): WatchMemory {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(memoryFile(stateDir), "utf8")) as Record<string, unknown>;
    if (!raw || typeof raw !== "object") return EMPTY_MEMORY;
  } catch {
    return EMPTY_MEMORY;
  }
  const health = raw.lastHealth;
  const seen = raw.configSeen as Record<string, unknown> | undefined;
  const mtimeMs = optionalNumber(seen?.mtimeMs);
  const size = optionalNumber(seen?.size);
  return {
    restarts: numbers(raw.restarts),
    deaths: numbers(raw.deaths),
    ...optionalField("badStreak", optionalNumber(raw.badStreak)),
    ...(typeof raw.lastReady === "boolean" ? { lastReady: raw.lastReady } : {}),
    ...(health === "up" || health === "down" || health === "hung" || health === "crash_loop" ? { lastHealth: health } : {}),
    ...optionalField("lastRestartAt", optionalNumber(raw.lastRestartAt)),
    ...optionalField("escalatedAt", optionalNumber(raw.escalatedAt)),
    ...optionalField("refusedAt", optionalNumber(raw.refusedAt)),
    ...optionalField("notReadySince", optionalNumber(raw.notReadySince)),
    ...(mtimeMs !== undefined && size !== undefined ? { configSeen: { mtimeMs, size } } : {}),
  };
}

function optionalField<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

export function saveMemory(stateDir: string, memory: WatchMemory): void {
  const file = memoryFile(stateDir);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, `${JSON.stringify(memory)}\n`);
}
