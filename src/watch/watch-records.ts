// The journal records the watchdog writes (all marked `source: "watch"` by the outbox). Action records follow the
// shared contract (`action.proposed|executed|skipped|failed` with action, target, reason), so status, replay and the
// reports show the watchdog's restarts beside the plugin's own decisions.
import type { OutboxEntry } from "./outbox.js";
import type { GatewayHealth, WatchCheck } from "./types.js";

export type WatchActionName = "restart_gateway" | "alert";

export function gatewaySeen(ts: number, health: GatewayHealth, previous: GatewayHealth | undefined, seen: string, checks: readonly WatchCheck[], extra: Record<string, unknown> = {}): OutboxEntry {
  return {
    type: "watch.gateway",
    ts,
    fields: { state: health, ...(previous ? { previous } : {}), reason: seen, checks: checks.map((c) => ({ name: c.name, ok: c.ok, ms: c.ms, detail: c.detail })), ...extra },
  };
}

export function actionRecord(
  ts: number,
  phase: "proposed" | "executed" | "skipped" | "failed",
  action: WatchActionName,
  reason: string,
  extra: { why?: string; error?: string; params?: Record<string, unknown> } = {},
): OutboxEntry {
  return { type: `action.${phase}`, ts, fields: { action, target: "gateway", reason, ...extra } };
}

export function configRestored(ts: number, fields: { backup: string; keptAs: string; diff: string; errors: readonly string[] }): OutboxEntry {
  return { type: "watch.config_restored", ts, fields: { ...fields, errors: fields.errors.slice(0, 5) } };
}
