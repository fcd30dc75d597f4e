// Counters since this process started (Prometheus counters): calls and errors per model, actions per kind and outcome.
// Label values are bounded: at most MAX_MODELS models (the rest count as "other"), known categories and actions only.
import type { RollupRecord } from "./rollup-fold.js";
import { isActionName } from "../domain/effects.js";
import { isCategory } from "../domain/taxonomy.js";

export const MAX_MODELS = 100;

export type ActionOutcome = "executed" | "dry_run" | "skipped" | "failed";

export class LiveCounters {
  readonly calls = new Map<string, number>();
  /** `model\u0000category` → failed calls. */
  readonly errors = new Map<string, number>();
  /** `action\u0000outcome` → count. */
  readonly actions = new Map<string, number>();
  /** Ingest handler errors by kind (hook name, agent_event, or a timer or callback's name); the ingest bumps it. */
  readonly hookErrors = new Map<string, number>();

  observe(rec: RollupRecord): void {
    const f = rec.fields;
    if (rec.type === "call") {
      if (typeof f.model !== "string" || f.probe === true) return;
      const model = this.modelLabel(f.model);
      this.calls.set(model, (this.calls.get(model) ?? 0) + 1);
      const category = typeof f.errorType === "string" ? f.errorType : undefined;
      const ok = f.ok === true || (f.ok === undefined && category === undefined);
      if (!ok) bump(this.errors, `${model}\u0000${isCategory(category) ? category : "unknown"}`);
    } else if (rec.type === "action.executed" || rec.type === "action.skipped" || rec.type === "action.failed") {
      const action = isActionName(f.action) ? f.action : "other";
      const outcome: ActionOutcome =
        rec.type === "action.failed" ? "failed" : rec.type === "action.skipped" ? (f.why === "dry_run" ? "dry_run" : "skipped") : f.simulated ? "dry_run" : "executed";
      bump(this.actions, `${action}\u0000${outcome}`);
    }
  }

  private modelLabel(model: string): string {
    return this.calls.has(model) || this.calls.size < MAX_MODELS ? model : "other";
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
