// Wires shared health to one supervisor: its model actors, its bus, its journal (through observe).
import { hostname } from "node:os";
import type { Clock } from "../domain/clock.js";
import type { Category } from "../domain/taxonomy.js";
import type { SharedRedisConfig } from "../config/types.js";
import type { SupervisorBus } from "../runtime/bus.js";
import type { Supervisor } from "../runtime/supervisor.js";
import { SharedHealth, type ModelView } from "./shared-health.js";
import type { SharedStore } from "./store.js";
import { LazyRedisStore } from "./lazy-redis-store.js";
import type { OwnUsage } from "../projections/quota-watch.js";

/** This gateway's name for the others: configured, else host name and process id (no secret in either). */
export function gatewayNameOf(config: SharedRedisConfig | undefined, pid = process.pid): string {
  if (config?.gatewayName) return config.gatewayName;
  const host = hostname().replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 48) || "gateway";
  return `${host}-${pid}`;
}

export function modelViewOf(supervisor: Supervisor, id: string): ModelView | undefined {
  const slot = supervisor.actor("model", id);
  if (!slot) return undefined;
  const ctx = slot.context;
  const last = ctx.lastError as { category?: Category; evidence?: string; retryAfterMs?: number } | undefined;
  return {
    state: slot.state,
    ...(typeof ctx.until === "number" ? { until: ctx.until } : {}),
    ...(typeof ctx.reason === "string" ? { reason: ctx.reason } : {}),
    ...(last?.category ? { lastError: { category: last.category, evidence: last.evidence ?? "", ...(typeof last.retryAfterMs === "number" ? { retryAfterMs: last.retryAfterMs } : {}) } } : {}),
  };
}

export interface AttachOptions {
  readonly supervisor: Supervisor;
  readonly bus: SupervisorBus;
  readonly clock: Clock;
  readonly log: (level: "info" | "warn", message: string) => void;
  /** Redis settings (the store is a RedisStore on them), or an explicit store (rehearsal, tests). */
  readonly redis?: SharedRedisConfig;
  readonly store?: SharedStore;
  readonly gateway?: string;
  readonly keyPrefix?: string;
  readonly pollMs?: number;
  readonly ownQuota?: (now: number) => readonly OwnUsage[];
  readonly record?: (type: string, fields: Record<string, unknown>) => void;
}

/** Starts shared health for this supervisor; undefined when neither Redis settings nor a store are given. */
export function attachSharedHealth(opts: AttachOptions): SharedHealth | undefined {
  let store = opts.store;
  if (!store && opts.redis) {
    try {
      store = new LazyRedisStore(opts.redis);
    } catch (error) {
      opts.log("warn", `self-heal shared health: not started (${(error as Error).message}); this gateway goes on with its own health`);
      return undefined;
    }
  }
  if (!store) return undefined;
  const { supervisor } = opts;
  const shared = new SharedHealth({
    store,
    gateway: opts.gateway ?? gatewayNameOf(opts.redis),
    keyPrefix: opts.keyPrefix ?? opts.redis?.keyPrefix ?? "self-heal:",
    clock: opts.clock,
    bus: opts.bus,
    observe: (event) => supervisor.observe(event),
    model: (id) => modelViewOf(supervisor, id),
    models: () => supervisor.actorList("model").map((s) => s.id),
    probeTimeoutMs: () => supervisor.config.model.probeTimeoutSeconds * 1000,
    log: opts.log,
    ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
    ...(opts.ownQuota ? { ownQuota: opts.ownQuota } : {}),
    ...(opts.record ? { record: opts.record } : {}),
  });
  shared.start();
  return shared;
}

/** createRuntime's entry: shared health from config (or an explicit store), undefined when off. */
export function startSharedHealth(opts: {
  supervisor: Supervisor;
  bus: SupervisorBus;
  clock: Clock;
  log: (level: "info" | "warn" | "error", message: string) => void;
  config: { sharedHealth: { redis?: SharedRedisConfig } };
  store?: SharedStore | undefined;
  gateway?: string | undefined;
  pollMs?: number | undefined;
  ownQuota?: ((now: number) => readonly OwnUsage[]) | undefined;
  record?: (type: string, fields: Record<string, unknown>) => void;
}): SharedHealth | undefined {
  const redis = opts.config.sharedHealth?.redis;
  if (!redis && !opts.store) return undefined;
  return attachSharedHealth({
    supervisor: opts.supervisor, bus: opts.bus, clock: opts.clock, log: opts.log,
    ...(redis ? { redis } : {}), ...(opts.store ? { store: opts.store } : {}),
    ...(opts.gateway ? { gateway: opts.gateway } : {}), ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
    ...(opts.ownQuota ? { ownQuota: opts.ownQuota } : {}), ...(opts.record ? { record: opts.record } : {}),
  });
}
