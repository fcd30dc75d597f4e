// What the simulated OpenClaw's parts share: virtual time, the world, the plugin's hook sink, seeded jitter, logs.
import type { Clock } from "../../domain/clock.js";
import type { Random } from "../../domain/random.js";
import type { Category } from "../../domain/taxonomy.js";
import type { HookSink } from "../../adapter/ingest/hook-sink.js";
import type { World } from "./world.js";

/** One request sent to a provider (turn attempt or supervisor probe). */
export interface RequestRecord {
  readonly ts: number;
  readonly model: string;
  readonly probe: boolean;
  readonly ok: boolean;
  /** The failure category, or "hang" for a provider that never answered. */
  readonly failure?: Category | "hang" | undefined;
  /** True when the world had this model failing or hanging when the request was sent. */
  readonly sick: boolean;
  readonly durationMs: number;
  readonly runId?: string | undefined;
}

export interface SimContext {
  readonly clock: Clock;
  readonly world: World;
  /** The plugin's hooks (a sink that answers nothing when the supervisor is off). */
  readonly sink: HookSink;
  /** Latency and backoff jitter. */
  readonly rng: Random;
  /** A fresh run id (uuid-shaped, deterministic). */
  newId(): string;
  /** Agent-event sequence number. */
  nextSeq(): number;
  record(request: RequestRecord): void;
}

/** Resolves after `ms` of virtual time. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimer(clock.now() + Math.max(0, Math.round(ms)), resolve);
  });
}

/** A uniformly jittered integer in [min, max]. */
export function between(rng: Random, min: number, max: number): number {
  return Math.round(min + (max - min) * rng());
}

/** uuid-shaped ids from a seeded random (never crypto: rehearsals must be reproducible). */
export function idFactory(rng: Random): () => string {
  const hex = (digits: number) => {
    let out = "";
    while (out.length < digits) out += Math.floor(rng() * 0x100000000).toString(16).padStart(8, "0");
    return out.slice(0, digits);
  };
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** A sink for OpenClaw without the plugin: every hook goes unanswered. */
export const SILENT_SINK: HookSink = {
  hook: () => undefined,
  agentEvent: () => undefined,
};
