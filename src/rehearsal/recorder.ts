// Records what a rehearsal shows: the supervisor's bus (transitions, actions, health), world changes and turns.
import type { SupervisorBus, ActionEvent, StateChange } from "../runtime/bus.js";
import type { TurnRecord } from "../host/simulated/turn-engine.js";
import { formatDuration } from "./offsets.js";
import { redactSecrets } from "../domain/classifier/redact.js";

/** An answered turn that took this long is shown in the timeline even when the same model answered before. */
export const SLOW_TURN_MS = 30_000;

export interface TimelineEntry {
  readonly atMs: number;
  /** Who: "world", "model google/gemini-3-flash", "action", "health", "turn s1", … */
  readonly actor: string;
  /** What happened: a transition "healthy → cooldown", an action "route_around google/…", a turn result. */
  readonly event: string;
  readonly outcome?: string | undefined;
  readonly why?: string | undefined;
  /** Consecutive alike turn failures folded into this entry. */
  repeats?: number;
  lastAtMs?: number;
}

export type ActionOutcome = "dry_run" | "refused" | "failed";

export interface ActionRecord {
  readonly atMs: number;
  readonly action: string;
  readonly target: string;
  readonly reason: string;
  readonly outcome: ActionOutcome;
  readonly why?: string | undefined;
  readonly detail?: string | undefined;
}

function untilText(change: StateChange, startMs: number): string {
  if (change.until === undefined) return "";
  const mins = (change.until - change.ts) / 60_000;
  return ` (until +${formatDuration(change.until - startMs)}, ${mins >= 1 ? `${mins.toFixed(1)} min` : `${Math.round(mins * 60)} s`} from now)`;
}

export class Recorder {
  readonly timeline: TimelineEntry[] = [];
  readonly actions: ActionRecord[] = [];
  /** Every actor transition, as the bus reported it. */
  readonly changes: StateChange[] = [];
  /** Actors the supervisor started (their "none → …" transitions are not shown one by one). */
  readonly supervised: string[] = [];
  private readonly proposedAt = new Map<number, number>();
  private lastServed = new Map<string, string | undefined>();
  private lastFailure: TimelineEntry | undefined;

  constructor(private readonly startMs: number) {}

  attach(bus: SupervisorBus): void {
    const state = (change: StateChange) => {
      this.changes.push(change);
      if (change.from === "none") {
        this.supervised.push(`${change.kind} ${change.id}`);
        return;
      }
      this.push({ atMs: change.ts, actor: `${change.kind} ${change.id}`, event: `${change.from} → ${change.to}`, why: `${change.reason}${untilText(change, this.startMs)}` });
    };
    bus.on("model.state", state);
    bus.on("channel.state", state);
    bus.on("cron.state", state);
    bus.on("gateway.state", state);
    bus.on("health", (h) => this.push({ atMs: h.ts, actor: "health", event: `${h.from} → ${h.to}`, why: h.reason }));
    bus.on("action.proposed", (a) => this.proposedAt.set(a.id, a.ts));
    bus.on("action.executed", (a) => this.action(a, "dry_run"));
    bus.on("action.skipped", (a) => this.action(a, a.why === "dry_run" ? "dry_run" : "refused"));
    bus.on("action.failed", (a) => this.action(a, "failed"));
  }

  world(atMs: number, text: string): void {
    this.push({ atMs, actor: "world", event: redactSecrets(text) });
  }

  host(atMs: number, actor: string, text: string): void {
    this.push({ atMs, actor, event: text });
  }

  /**
   * A turn is shown when it fails, when a different model than before answers, or when it took SLOW_TURN_MS or more. Alike failures in a row
   * (same outcome and error, no answered turn between them) fold into the first one's entry.
   */
  turn(t: TurnRecord): void {
    const who = t.trigger === "cron" ? `cron ${t.jobId ?? ""}`.trim() : `turn ${t.session}`;
    const took = formatDuration(t.endedAt - t.arrivedAt);
    if (t.recovery) {
      // A task re-run (recover_task) is always shown: it is the held or failed turn answered late.
      const event = t.ok ? `re-run answered by ${t.model} after ${took}` : `re-run ${t.outcome} after ${took}`;
      this.push({ atMs: t.endedAt, actor: `task ${t.session}`, event, why: t.ok ? `run ${t.runId}` : (t.error ?? t.outcome).slice(0, 160) });
      return;
    }
    if (!t.ok) {
      const why = redactSecrets((t.error ?? t.outcome).slice(0, 1_000)).slice(0, 160);
      const prev = this.lastFailure;
      if (prev && prev.why === why && prev.event.startsWith(`${t.outcome}`)) {
        prev.repeats = (prev.repeats ?? 1) + 1;
        prev.lastAtMs = t.endedAt;
        return;
      }
      const entry: TimelineEntry = { atMs: t.endedAt, actor: who, event: `${t.outcome} after ${took} (${t.requests} requests)`, why };
      this.push(entry);
      this.lastFailure = entry;
      return;
    }
    this.lastFailure = undefined;
    const key = `${t.agentId}`;
    // A slow answer is shown even from the same model: the user waited for it.
    if (this.lastServed.has(key) && this.lastServed.get(key) === t.model && t.endedAt - t.arrivedAt < SLOW_TURN_MS) return;
    this.lastServed.set(key, t.model);
    this.push({ atMs: t.endedAt, actor: who, event: `answered by ${t.model} after ${took}`, ...(t.model !== t.requested ? { why: `requested ${t.requested}` } : {}) });
  }

  private action(a: ActionEvent, outcome: ActionOutcome): void {
    const atMs = this.proposedAt.get(a.id) ?? a.ts;
    this.proposedAt.delete(a.id);
    const e = a.effect;
    const detail = e.action === "alert" && typeof e.params?.title === "string" ? e.params.title : undefined;
    const why = outcome === "refused" ? a.why : outcome === "failed" ? a.error : undefined;
    this.actions.push({ atMs, action: e.action, target: e.target, reason: e.reason, outcome, ...(why ? { why } : {}), ...(detail ? { detail } : {}) });
    this.push({ atMs, actor: "action", event: `${e.action} ${e.target}`, outcome: why ? `${outcome}: ${why}` : outcome, why: detail ?? e.reason });
  }

  private push(entry: TimelineEntry): void {
    this.timeline.push(entry);
  }
}
