// Maintenance mode and alert silence, as the operator's journaled requests set them. Replay rebuilds it from the same records.
import type { Effect } from "../domain/effects.js";
import type { OperatorSurface } from "../domain/operator.js";

export interface OperatorWindow {
  readonly until: number;
  readonly by: string;
  readonly surface: OperatorSurface;
  readonly since: number;
}

export interface OperatorStateJson {
  readonly paused?: OperatorWindow;
  readonly silenced?: OperatorWindow;
}

export type OperatorHold = { readonly why: "paused" | "silenced"; readonly detail: string };

const iso = (ms: number): string => new Date(ms).toISOString();

export class OperatorState {
  paused: OperatorWindow | undefined;
  silenced: OperatorWindow | undefined;

  isPaused(now: number): boolean {
    return this.paused !== undefined && now < this.paused.until;
  }

  isSilenced(now: number): boolean {
    return this.silenced !== undefined && now < this.silenced.until;
  }

  /**
   * Why the executor must not run `effect` now: everything waits while paused (maintenance mode), alerts while
   * silenced. An operator's own request (`params.operator`) always runs.
   */
  hold(effect: Pick<Effect, "action" | "params">, now: number): OperatorHold | undefined {
    if (effect.params?.operator !== undefined) return undefined;
    if (this.paused && now < this.paused.until) return { why: "paused", detail: `maintenance mode until ${iso(this.paused.until)} (asked by ${this.paused.by}); resume with: self-heal resume` };
    if (effect.action === "alert" && this.silenced && now < this.silenced.until) {
      return { why: "silenced", detail: `alerts silenced until ${iso(this.silenced.until)} (asked by ${this.silenced.by}); end it with: self-heal silence off` };
    }
    return undefined;
  }

  toJSON(): OperatorStateJson {
    return { ...(this.paused ? { paused: this.paused } : {}), ...(this.silenced ? { silenced: this.silenced } : {}) };
  }

  restore(raw: unknown): void {
    const r = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    this.paused = windowOf(r.paused);
    this.silenced = windowOf(r.silenced);
  }

  /** The status view: only windows still in force. */
  view(now: number): { paused?: { until: string; by: string; surface: string }; silenced?: { until: string; by: string; surface: string } } {
    const show = (w: OperatorWindow | undefined) => (w && now < w.until ? { until: iso(w.until), by: w.by, surface: w.surface } : undefined);
    const paused = show(this.paused);
    const silenced = show(this.silenced);
    return { ...(paused ? { paused } : {}), ...(silenced ? { silenced } : {}) };
  }
}

function windowOf(v: unknown): OperatorWindow | undefined {
  if (!v || typeof v !== "object") return undefined;
  const w = v as Record<string, unknown>;
  if (typeof w.until !== "number" || typeof w.by !== "string" || typeof w.surface !== "string") return undefined;
  return { until: w.until, by: w.by, surface: w.surface as OperatorSurface, since: typeof w.since === "number" ? w.since : w.until };
}
