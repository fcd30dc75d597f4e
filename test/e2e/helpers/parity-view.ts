// What the parity test compares between a rehearsal and a real gateway run of the same scenario (pure).
//
// Per user turn: its outcome (answered / failed / held) and the model that answered. Per session: the task re-runs
// (answered / failed, answering model). And the supervisor's decisions from the journal: the ordered list of actions
// (action + target, plus how it ended when it did not run), normalised where real time legitimately differs (see
// actionSequence), and which models were probed with what result.

export type TurnOutcome = "answered" | "failed" | "held";

export interface TurnView {
  /** The scenario step's index in `steps`. */
  readonly step: number;
  readonly session: string;
  readonly outcome: TurnOutcome;
  readonly model?: string | undefined;
}

export interface RerunView {
  readonly session: string;
  readonly outcome: "answered" | "failed";
  readonly model?: string | undefined;
}

export interface ParityView {
  readonly turns: TurnView[];
  readonly reruns: RerunView[];
  readonly actions: string[];
  readonly probed: string[];
}

export interface JournalRecord {
  readonly seq: number;
  readonly type: string;
  readonly [k: string]: unknown;
}

/** Translates a name seen in a journal (model ref, agent id) back to the scenario's, or undefined when it is not the scenario's. */
export type NameMap = (token: string) => string | undefined;

/** The identity map: a rehearsal's journal already speaks the scenario's names. */
export const SAME_NAMES: NameMap = (token) => token;

/**
 * `text` with every token (split at "|", ":" and spaces) translated; undefined when no token belongs to the scenario
 * (a record of another scenario sharing the gateway).
 */
export function translate(text: string, names: NameMap): string | undefined {
  let mine = false;
  const out = text.replace(/[^|: ]+/g, (token) => {
    const mapped = names(token);
    if (mapped === undefined) return token;
    mine = true;
    return mapped;
  });
  return mine ? out : undefined;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The subject of an action: its target, and for alerts (target "owner") the alert's key, which names the agent or
 * model; an alert about one model (a revoked key) has no key, only the model in its params.
 */
function subjectOf(proposed: JournalRecord): string {
  const target = str(proposed.target);
  if (proposed.action !== "alert") return target;
  const params = proposed.params as { key?: unknown; model?: unknown } | undefined;
  const about = str(params?.key) || str(params?.model);
  return about ? `${target} ${about}` : target;
}

/**
 * The supervisor's actions in decision order (action.proposed), each "action subject" plus " (failed)" or
 * " (skipped: why)" when it did not run (a rehearsal's simulated run counts as run). Normalised:
 *  - probe_model is left out of the sequence (how many probes a cooldown needs depends on real time; `probedModels`
 *    keeps which models were probed and how that ended);
 *  - then consecutive repeats collapse into one (a route_around renewed after each failed probe is one decision);
 *  - then each run of consecutive recover_task entries is sorted by target (tasks re-run in one burst in store order).
 */
export function actionSequence(records: readonly JournalRecord[], names: NameMap): string[] {
  const endings = new Map<number, JournalRecord>();
  for (const r of records) if (typeof r.ref === "number" && r.type.startsWith("action.") && r.type !== "action.proposed") endings.set(r.ref, r);
  const items: string[] = [];
  for (const r of records) {
    if (r.type !== "action.proposed" || r.action === "probe_model") continue;
    const subject = translate(subjectOf(r), names);
    if (subject === undefined) continue;
    const end = endings.get(r.seq);
    const how = end?.type === "action.failed" ? " (failed)" : end?.type === "action.skipped" && end.why !== "dry_run" ? ` (skipped: ${str(end.why)})` : "";
    const item = `${str(r.action)} ${subject}${how}`;
    if (items[items.length - 1] !== item) items.push(item);
  }
  return sortRecoverBursts(items);
}

function sortRecoverBursts(items: string[]): string[] {
  const out: string[] = [];
  let burst: string[] = [];
  const flush = () => {
    out.push(...burst.sort());
    burst = [];
  };
  for (const item of items) {
    if (item.startsWith("recover_task ")) burst.push(item);
    else {
      flush();
      out.push(item);
    }
  }
  flush();
  return out;
}

/**
 * Each model probed, with how its probes ended ("ok", "failed" for a sick answer, "refused" when the host would not
 * run it, "skipped" when a guard stopped it). A probe skipped by the probe budget is left out: that budget is one per
 * gateway, and in the parity run several scenarios share one gateway, so it runs out there and not in a rehearsal.
 */
export function probedModels(records: readonly JournalRecord[], names: NameMap): string[] {
  const proposed = new Map<number, string>();
  for (const r of records) if (r.type === "action.proposed" && r.action === "probe_model") proposed.set(r.seq, str(r.target));
  const seen = new Set<string>();
  for (const r of records) {
    if (typeof r.ref !== "number" || !proposed.has(r.ref) || r.type === "action.proposed") continue;
    if (r.type === "action.skipped" && r.why === "budget") continue;
    const model = translate(proposed.get(r.ref) as string, names);
    if (model === undefined) continue;
    const how = r.type === "action.failed" ? "refused" : r.type === "action.skipped" ? `skipped` : r.ok === true ? "ok" : "failed";
    seen.add(`${model} ${how}`);
  }
  return [...seen].sort();
}

/** Task re-runs (turn records whose run id is a recovery key), per session in order. */
export function reruns(records: readonly JournalRecord[], names: NameMap): RerunView[] {
  const out: RerunView[] = [];
  for (const r of records) {
    if (r.type !== "turn" || !str(r.runId).startsWith("selfheal-")) continue;
    const key = translate(str(r.sessionKey), names);
    if (key === undefined) continue;
    const session = key.split(":").slice(3).join(":");
    const model = r.ok === true && typeof r.model === "string" ? translate(r.model, names) : undefined;
    out.push({ session, outcome: r.ok === true ? "answered" : "failed", ...(model ? { model } : {}) });
  }
  return out.sort((a, b) => a.session.localeCompare(b.session));
}
