// The alert times replay feeds the executor (`noteAlert`), kept up to date from the journal so a snapshot can carry them.
import type { Effect } from "../domain/effects.js";
import { alertFromEffect } from "../effects/alert-text.js";
import type { ReplayedAlerts } from "./replay.js";

type AlertEffect = Pick<Effect, "action" | "target" | "reason" | "params">;

/** The latest alert sent (or attempted) per alert key, as a replay of the journal would note it. */
export interface NotedAlert {
  readonly effect: AlertEffect;
  readonly at: number;
}

export class AlertLedger implements ReplayedAlerts {
  private readonly byKey = new Map<string, NotedAlert>();

  noteAlert(effect: AlertEffect, at: number): void {
    if (effect.action !== "alert" || !Number.isFinite(at)) return;
    let key: string;
    try {
      key = alertFromEffect(effect as Effect, at).key;
    } catch {
      return; // the executor cannot note it either (replay counts the record as skipped)
    }
    const prev = this.byKey.get(key);
    if (prev === undefined || prev.at < at) {
      this.byKey.set(key, { effect: { action: effect.action, target: effect.target, reason: effect.reason, ...(effect.params ? { params: effect.params } : {}) }, at });
    }
  }

  /** A record the runtime appended: an executed or failed alert counts, as in replay. */
  observe(type: string, ts: number, fields: Readonly<Record<string, unknown>>): void {
    if ((type !== "action.executed" && type !== "action.failed") || fields.action !== "alert" || typeof fields.target !== "string") return;
    const params = fields.params && typeof fields.params === "object" ? (fields.params as Record<string, unknown>) : undefined;
    this.noteAlert({ action: "alert", target: fields.target, reason: typeof fields.reason === "string" ? fields.reason : "", ...(params ? { params } : {}) }, ts);
  }

  entries(): NotedAlert[] {
    return [...this.byKey.values()];
  }

  /** Replayed alerts go to `next` (the executor) and are noted here. */
  tee(next: ReplayedAlerts): ReplayedAlerts {
    return {
      noteAlert: (effect, at) => {
        next.noteAlert(effect, at);
        this.noteAlert(effect, at);
      },
    };
  }
}
