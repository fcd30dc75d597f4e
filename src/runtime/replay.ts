// Rebuilds the supervisor's state from the journal: checkpoints overwrite, observations re-run, no effect runs.
import { KIND_OF_RECORD } from "./actor-kinds.js";
import type { Effect } from "../domain/effects.js";
import { eventFromRecord } from "./records.js";
import type { JournalRecord } from "../journal/envelope.js";
import type { Supervisor, ReplaySession } from "./supervisor.js";
import type { Health } from "./bus.js";
import { isActionName } from "../domain/effects.js";
import { HeadOnly } from "./replay-peek.js";

export interface ReplayStats {
  records: number;
  checkpoints: number;
  observations: number;
  actions: number;
  skipped: number;
  /** Successful calls not stepped because a later checkpoint of their model overwrote what they would change. */
  superseded: number;
  /** Successful calls folded into a later success of the same healthy model (only the last one is stepped). */
  folded: number;
  /** Records of types replay ignores, read without decoding (see replay-peek.ts). */
  headOnly: number;
}

const HEALTHS: ReadonlySet<string> = new Set(["healthy", "degraded", "healing", "outage"]);

/** What replay tells the executor: alerts sent before a restart still count for `alerts.minIntervalSeconds`. */
export interface ReplayedAlerts {
  noteAlert(effect: Pick<Effect, "action" | "target" | "reason" | "params">, at: number): void;
}

/**
 * Replays `records` into `supervisor`. One fast path, exact by construction and proven equal to the plain
 * replay by a property test (test/runtime/snapshot-replay.int.test.ts): a successful call of a healthy model
 * whose success changes nothing in outage detection only sets `failures: 0, lastOkAt` on that model (its state
 * name stays), so it is held back: a later success of the same model replaces it, a later checkpoint of the model
 * drops it, another observation of the model steps it first, and records that may touch any model (actions,
 * operator requests, ...) step every held-back success first.
 */
export interface ReplayOptions {
  /** Step every record as it comes (no held-back successes): the reference the fast path is tested against. */
  readonly plain?: boolean;
}

export function replayInto(supervisor: Supervisor, records: Iterable<JournalRecord>, alerts?: ReplayedAlerts, options: ReplayOptions = {}): ReplayStats {
  const stats: ReplayStats = { records: 0, checkpoints: 0, observations: 0, actions: 0, skipped: 0, superseded: 0, folded: 0, headOnly: 0 };
  // Only the last record's time is used (for the options pass below): parsed once, not per record.
  let lastTs: unknown;
  const session = supervisor.beginReplay();
  const held = new HeldSuccesses(session, stats);
  const fast = options.plain !== true && supervisor.config.outage.consecutiveFailures >= 1;
  try {
    for (const record of records) {
      stats.records++;
      if (record instanceof HeadOnly) {
        stats.headOnly++;
        lastTs = record.ts;
        continue;
      }
      try {
        if (fast && record.type === "call" && held.take(record)) {
          stats.observations++;
        } else {
          held.before(record);
          applyRecord(session, record, stats, alerts);
        }
        lastTs = record.ts;
      } catch {
        stats.skipped++;
      }
    }
    held.stepAll();
    // Checkpoints carry the options of the config they were written under (budgets, thresholds): the
    // current config wins, as it would for a live config change. (The machines take no time from OPTIONS_UPDATED.)
    const parsed = typeof lastTs === "string" ? Date.parse(lastTs) : Number.NaN;
    stats.skipped += session.applyCurrentOptions(Number.isFinite(parsed) ? parsed : 0);
  } finally {
    session.end();
  }
  return stats;
}

/**
 * Records that touch no model actor and read no model context in replay (their actors are other kinds; outage
 * detection and health read only state names, which a held-back success does not change).
 */
const UNTOUCHING: ReadonlySet<string> = new Set(["channel.state", "cron.state", "gateway.state", "health", "channel.observed", "cron.run", "gateway.started"]);
/** Observations that step only the actor of their own `model` (and outage detection, which reads state names). */
const OWN_MODEL: ReadonlySet<string> = new Set(["call", "probe.result"]);

/** Successful calls of healthy, quiet models, held back until something else happens (see replayInto). */
class HeldSuccesses {
  private readonly byModel = new Map<string, number>();

  constructor(
    private readonly session: ReplaySession,
    private readonly stats: ReplayStats,
  ) {}

  /** Holds `record` back when it is a successful call that only sets the model's last success; false otherwise. */
  take(record: JournalRecord): boolean {
    const model = record.model;
    if (record.ok !== true || record.probe === true || typeof model !== "string") return false;
    const at = Date.parse(record.ts);
    const s = this.session;
    if (!Number.isFinite(at) || s.isPaused(at) || s.stateOf("model", model) !== "healthy" || !s.isQuiet(model)) return false;
    if (this.byModel.has(model)) this.stats.folded++;
    this.byModel.set(model, at);
    return true;
  }

  /** Before `record` is applied: what it may read or change of a model with a held-back success. */
  before(record: JournalRecord): void {
    if (this.byModel.size === 0 || UNTOUCHING.has(record.type)) return;
    const model = record.type === "model.state" ? record.actor : OWN_MODEL.has(record.type) ? record.model : undefined;
    if (typeof model !== "string") return this.stepAll();
    const at = this.byModel.get(model);
    if (at === undefined) return;
    this.byModel.delete(model);
    // A checkpoint of the model overwrites what the success would have set.
    if (record.type === "model.state") this.stats.superseded++;
    else this.step(model, at);
  }

  stepAll(): void {
    if (this.byModel.size === 0) return;
    for (const [model, at] of this.byModel) this.step(model, at);
    this.byModel.clear();
  }

  private step(model: string, at: number): void {
    try {
      this.session.step("model", model, { type: "CALL_SUCCEEDED", now: at });
    } catch {
      this.stats.skipped++;
    }
  }
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
