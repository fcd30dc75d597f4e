// ioredis settings from sharedHealth.redis, and the URL as log lines may show it (no user, password or db).
import { readFileSync } from "node:fs";
import type { RedisOptions } from "ioredis";
import type { SharedRedisConfig } from "../config/types.js";

/** "redis 10.0.0.5:6379" — the URL without user, password or db. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol === "rediss:" ? "rediss" : "redis"} ${u.hostname}:${u.port || "6379"}`;
  } catch {
    return "redis (unreadable URL)";
  }
}

/** Plain words for a connection error (ioredis messages may quote the address, never the password). */
export function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e?.code === "string") return e.code;
  return typeof e?.message === "string" ? e.message.slice(0, 120) : "connection error";
}

export function redisOptions(config: SharedRedisConfig): RedisOptions {
  const tlsOn = config.tls.enabled || config.url.startsWith("rediss://");
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.commandTimeoutMs,
    connectTimeout: Math.max(1000, config.commandTimeoutMs * 2),
    // Reconnect forever, at most every 2 s: when Redis comes back, sharing resumes on its own.
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    enableReadyCheck: true,
    ...(tlsOn
      ? {
          tls: {
            rejectUnauthorized: config.tls.rejectUnauthorized,
            ...(config.tls.caFile ? { ca: readFileSync(config.tls.caFile) } : {}),
            ...(config.tls.servername ? { servername: config.tls.servername } : {}),
          },
        }
      : {}),
  };
}

