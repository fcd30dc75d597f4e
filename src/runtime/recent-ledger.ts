// The recent-actions list as replay builds it (each outcome at its record's ts), kept from the appended records so a
// snapshot carries exactly what a full replay would show (live, `at` is when the action was dispatched).
import { isActionName } from "../domain/effects.js";
import type { ExecutorMode } from "../effects/executor.js";
import type { RecentAction } from "./supervisor.js";

const STATUS: Readonly<Record<string, "executed" | "skipped" | "failed">> = {
  "action.executed": "executed",
  "action.skipped": "skipped",
  "action.failed": "failed",
};

export class RecentLedger {
  private list: RecentAction[] = [];

  constructor(private readonly mode: () => ExecutorMode) {}

  /** Starts from a replayed supervisor's list (after the startup replay). */
  reset(from: readonly RecentAction[]): void {
    this.list = [...from];
  }

  /** A record the runtime appended: an action outcome is noted as replay's applyOutcome would. Never throws. */
  observe(type: string, ts: number, fields: Readonly<Record<string, unknown>>): void {
    const status = Object.hasOwn(STATUS, type) ? STATUS[type] : undefined;
    if (status === undefined || !isActionName(fields.action) || typeof fields.target !== "string" || !Number.isFinite(ts)) return;
    const why = typeof fields.why === "string" ? fields.why : undefined;
    let outcome: string = status;
    try {
      if (status === "executed" && this.mode() === "rehearsal") outcome = "dry_run";
    } catch {
      // keep the status
    }
    if (status === "skipped" && why === "dry_run") outcome = "dry_run";
    const reason = typeof fields.reason === "string" ? fields.reason : "";
    this.list.push({ at: Math.floor(ts), action: fields.action, target: fields.target, reason, outcome, ...(why ? { why } : {}) });
    if (this.list.length > 50) this.list.shift();
  }

  entries(): RecentAction[] {
    return [...this.list];
  }
}
