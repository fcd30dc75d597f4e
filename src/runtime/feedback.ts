// What an executed/skipped/failed action tells the actors (used live and during replay alike).
import type { Effect } from "../domain/effects.js";

export type OutcomeStatus = "executed" | "skipped" | "failed";

export interface Feedback {
  readonly kind: "model" | "channel" | "cron" | "gateway";
  readonly id: string;
  readonly event: { type: string } & Record<string, unknown>;
}

/** The machine event an action outcome produces, if any (probe results arrive as observations instead). */
export function feedbackFor(effect: Pick<Effect, "action" | "target">, status: OutcomeStatus, why?: string, error?: string): Feedback | undefined {
  switch (effect.action) {
    case "restart_channel": {
      // A dry run "restarts" for the machine's sake so the rehearsal shows what would follow.
      const ok = status === "executed" || (status === "skipped" && why === "dry_run");
      const refused = status === "skipped" && !ok;
      return { kind: "channel", id: effect.target, event: { type: "RESTART_DONE", ok, ...(ok ? {} : { error: error ?? why ?? "not restarted" }), ...(refused ? { refused: true } : {}) } };
    }
    case "restart_gateway":
      // When executed, the gateway's own restart reports back through gateway.started.
      return status === "executed" ? undefined : { kind: "gateway", id: "gateway", event: { type: "STARTED" } };
    default:
      return undefined;
  }
}
