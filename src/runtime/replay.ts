// Rebuilds the supervisor's state from the journal: checkpoints overwrite, observations re-run, no effect runs.
import { KIND_OF_RECORD } from "./actor-kinds.js";
import type { Effect } from "../domain/effects.js";
import { eventFromRecord } from "./records.js";
import type { JournalRecord } from "../journal/envelope.js";
import type { Supervisor, ReplaySession } from "./supervisor.js";
import type { Health } from "./bus.js";
import { isActionName } from "../domain/effects.js";

export interface ReplayStats {
  records: number;
  checkpoints: number;
  observations: number;
  actions: number;
  skipped: number;
  /** Observations not stepped because a later checkpoint of their actor overwrites what they would change. */
  superseded: number;
}

export interface ReplayOptions {
  /**
   * Model id → seq of its last checkpoint in the records (see checkpoint-index.ts). A successful call of a model
   * that is healthy, before that checkpoint, with no failure streak and no agent down, changes nothing that
   * survives: the call is counted but not stepped. Only for a replay from the journal's start.
   */
  readonly lastCheckpoints?: ReadonlyMap<string, number>;
}

const HEALTHS: ReadonlySet<string> = new Set(["healthy", "degraded", "healing", "outage"]);

/** What replay tells the executor: alerts sent before a restart still count for `alerts.minIntervalSeconds`. */
export interface ReplayedAlerts {
  noteAlert(effect: Pick<Effect, "action" | "target" | "reason" | "params">, at: number): void;
}

export function replayInto(supervisor: Supervisor, records: Iterable<JournalRecord>, alerts?: ReplayedAlerts, options: ReplayOptions = {}): ReplayStats {
  const stats: ReplayStats = { records: 0, checkpoints: 0, observations: 0, actions: 0, skipped: 0, superseded: 0 };
  const last = options.lastCheckpoints;
  // Only the last record's time is used (for the options pass below): parsed once, not per record.
  let lastTs: unknown;
  const session = supervisor.beginReplay();
  try {
    for (const record of records) {
      stats.records++;
      try {
        if (last !== undefined && record.type === "call" && isSuperseded(session, record, last)) {
          stats.observations++;
          stats.superseded++;
        } else {
          applyRecord(session, record, stats, alerts);
        }
        lastTs = record.ts;
      } catch {
        stats.skipped++;
      }
    }
    // Checkpoints carry the options of the config they were written under (budgets, thresholds): the
    // current config wins, as it would for a live config change. (The machines take no time from OPTIONS_UPDATED.)
    const parsed = typeof lastTs === "string" ? Date.parse(lastTs) : Number.NaN;
    const now = Number.isFinite(parsed) ? parsed : 0;
    stats.skipped += session.applyCurrentOptions(now);
  } finally {
    session.end();
  }
  return stats;
}

function isSuperseded(supervisor: ReplaySession, record: JournalRecord, last: ReadonlyMap<string, number>): boolean {
  const model = record.model;
  if (record.ok !== true || record.probe === true || typeof model !== "string") return false;
  const checkpoint = last.get(model);
  return checkpoint !== undefined && record.seq < checkpoint && supervisor.stateOf("model", model) === "healthy" && supervisor.isQuiet(model);
}

function applyRecord(supervisor: ReplaySession, record: JournalRecord, stats: ReplayStats, alerts: ReplayedAlerts | undefined): void {
  const r = record as Record<string, unknown>;
  const kind = Object.hasOwn(KIND_OF_RECORD, record.type) ? KIND_OF_RECORD[record.type] : undefined;
  if (kind) {
    const id = typeof r.actor === "string" ? r.actor : undefined;
    const to = typeof r.to === "string" ? r.to : undefined;
    const ctx = r.ctx && typeof r.ctx === "object" ? (r.ctx as Record<string, unknown>) : undefined;
    if (!id || !to || !ctx) {
      stats.skipped++;
      return;
    }
    supervisor.restore(kind, id, to, ctx);
    stats.checkpoints++;
    return;
  }
  switch (record.type) {
    case "actor.stopped": {
      if (r.kind === "model" && typeof r.id === "string") supervisor.stopModel(r.id);
      return;
    }
    case "action.executed":
    case "action.skipped":
    case "action.failed": {
      const at = Date.parse(record.ts);
      // An unreadable ts would become an Invalid Date in status.json (and make every status read throw).
      if (!isActionName(r.action) || typeof r.target !== "string" || !Number.isFinite(at)) {
        stats.skipped++;
        return;
      }
      const status = record.type === "action.executed" ? "executed" : record.type === "action.skipped" ? "skipped" : "failed";
      const params = r.params && typeof r.params === "object" ? (r.params as Record<string, unknown>) : undefined;
      const effect = { action: r.action, target: r.target, reason: typeof r.reason === "string" ? r.reason : "", ...(params ? { params } : {}) };
      if (effect.action === "alert" && status !== "skipped") alerts?.noteAlert(effect, at);
      supervisor.applyOutcome(
        effect,
        status,
        typeof r.why === "string" ? r.why : undefined,
        typeof r.error === "string" ? r.error : undefined,
        at,
      );
      stats.actions++;
      return;
    }
    case "health": {
      if (typeof r.to === "string" && HEALTHS.has(r.to)) supervisor.setHealth(r.to as Health);
      return;
    }
    default: {
      const event = eventFromRecord(record);
      if (!event) return;
      supervisor.process(event);
      stats.observations++;
    }
  }
}
