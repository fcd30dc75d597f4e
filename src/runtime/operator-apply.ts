// What an operator request does to the supervisor (live and during replay alike): clear, fail back, probe,
// pause/resume, silence. Effects it asks for carry `params.operator` (they run even in maintenance mode).
import type { OperatorRequested } from "../domain/operator.js";
import type { Effect } from "../domain/effects.js";
import type { SelfHealConfig } from "../config/types.js";
import type { ActorKind } from "./actor-kinds.js";
import type { ActorTable } from "./actor-table.js";
import type { OperatorState } from "./operator-state.js";
import type { RouteTable } from "./steering.js";

/** What an operator request may change: the supervisor hands these parts of itself (never itself). */
export interface OperatorTarget {
  readonly state: OperatorState;
  readonly actors: ActorTable;
  readonly routes: RouteTable;
  readonly replaying: () => boolean;
  readonly config: () => SelfHealConfig;
  readonly asOperator: (by: string, fn: () => void) => void;
  readonly dispatch: (effect: Effect) => void;
}

const KINDS: readonly ActorKind[] = ["model", "channel", "cron", "gateway"];
const HOUR = 3_600_000;

/** The actor a target names: `kind:id`, `gateway` (also "gateway budget"), or a bare id looked up model, channel, cron. */
export function resolveTarget(s: { stateOf(kind: ActorKind, id: string): string | undefined }, target: string | undefined, only?: ActorKind): { kind: ActorKind; id: string } | undefined {
  const text = (target ?? "").trim();
  if (text.length === 0) return undefined;
  if (/^gateway(\s+budget)?$/i.test(text) || text === "gateway:gateway") return only && only !== "gateway" ? undefined : s.stateOf("gateway", "gateway") !== undefined ? { kind: "gateway", id: "gateway" } : undefined;
  const colon = text.indexOf(":");
  const prefix = colon > 0 ? text.slice(0, colon) : "";
  const explicit = (KINDS as readonly string[]).includes(prefix);
  const kinds = explicit ? [prefix as ActorKind] : KINDS;
  const id = explicit ? text.slice(colon + 1) : text;
  for (const kind of kinds) {
    if (only && kind !== only) continue;
    if (s.stateOf(kind, id) !== undefined) return { kind, id };
  }
  return undefined;
}

export function applyOperator(s: OperatorTarget, e: OperatorRequested): void {
  const window = { by: e.by, surface: e.surface, since: e.ts };
  switch (e.verb) {
    case "pause":
      s.state.paused = { ...window, until: e.until ?? e.ts + HOUR };
      return;
    case "resume":
      s.state.paused = undefined;
      return;
    case "silence":
      s.state.silenced = e.until !== undefined && e.until > e.ts ? { ...window, until: e.until } : undefined;
      return;
    case "clear": {
      const t = resolveTarget(s.actors, e.target);
      const slot = t ? s.actors.get(t.kind, t.id) : undefined;
      if (!t || !slot) return;
      s.asOperator(e.by, () => s.actors.step(slot, { type: "CLEARED", now: e.ts }));
      if (t.kind === "model") s.routes.clear(t.id);
      return;
    }
    case "failback": {
      const t = resolveTarget(s.actors, e.target, "model");
      const slot = t ? s.actors.get("model", t.id) : undefined;
      if (!t || !slot) return;
      s.asOperator(e.by, () => s.actors.step(slot, { type: "FAILED_BACK", now: e.ts }));
      s.routes.clear(t.id);
      return;
    }
    case "probe": {
      const t = resolveTarget(s.actors, e.target, "model");
      if (!t || s.replaying()) return;
      s.asOperator(e.by, () => s.dispatch({ action: "probe_model", target: t.id, reason: `probe asked by ${e.by}`, params: { timeoutMs: s.config().model.probeTimeoutSeconds * 1000 } }));
      return;
    }
  }
}
