// What an operator request does to the supervisor (live and during replay alike): clear, fail back, probe,
// pause/resume, silence. Effects it asks for carry `params.operator` (they run even in maintenance mode).
import type { OperatorRequested } from "../domain/operator.js";
import type { ActorKind } from "./actor-kinds.js";
import type { Supervisor } from "./supervisor.js";

const KINDS: readonly ActorKind[] = ["model", "channel", "cron", "gateway"];
const HOUR = 3_600_000;

/** The actor a target names: `kind:id`, `gateway` (also "gateway budget"), or a bare id looked up model, channel, cron. */
export function resolveTarget(s: Pick<Supervisor, "stateOf">, target: string | undefined, only?: ActorKind): { kind: ActorKind; id: string } | undefined {
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

export function applyOperator(s: Supervisor, e: OperatorRequested): void {
  const window = { by: e.by, surface: e.surface, since: e.ts };
  switch (e.verb) {
    case "pause":
      s.operator.paused = { ...window, until: e.until ?? e.ts + HOUR };
      return;
    case "resume":
      s.operator.paused = undefined;
      return;
    case "silence":
      s.operator.silenced = e.until !== undefined && e.until > e.ts ? { ...window, until: e.until } : undefined;
      return;
    case "clear": {
      const t = resolveTarget(s, e.target);
      const slot = t ? s.slots.get(`${t.kind}:${t.id}`) : undefined;
      if (!t || !slot) return;
      s.asOperator(e.by, () => s.apply(slot, { type: "CLEARED", now: e.ts }));
      if (t.kind === "model") s.routes.clear(t.id);
      return;
    }
    case "failback": {
      const t = resolveTarget(s, e.target, "model");
      const slot = t ? s.slots.get(`model:${t.id}`) : undefined;
      if (!t || !slot) return;
      s.asOperator(e.by, () => s.apply(slot, { type: "FAILED_BACK", now: e.ts }));
      s.routes.clear(t.id);
      return;
    }
    case "probe": {
      const t = resolveTarget(s, e.target, "model");
      if (!t || s.isReplaying) return;
      s.asOperator(e.by, () => s.dispatch({ action: "probe_model", target: t.id, reason: `probe asked by ${e.by}`, params: { timeoutMs: s.config.model.probeTimeoutSeconds * 1000 } }));
      return;
    }
  }
}
