// One operator request, from any surface: checked, journaled (operator.requested), applied, answered in plain words.
import { MAX_OPERATOR_MS, OPERATOR_VERBS, TARGETED_VERBS, VERB_HELP, isOperatorVerb, parseDuration, type OperatorRequested, type OperatorSurface } from "../domain/operator.js";
import { resolveTarget } from "./operator-apply.js";
import type { Supervisor } from "./supervisor.js";
import type { ActorKind } from "./actor-kinds.js";

export interface OperatorAsk {
  readonly verb: string;
  readonly target?: string;
  /** pause/silence: "30m", "2h", "1d"; silence also "off". */
  readonly duration?: string;
  readonly by?: string;
  readonly surface: OperatorSurface;
}

export type OperatorReply =
  | { readonly ok: true; readonly text: string; readonly request: OperatorRequested; readonly dryRun: boolean }
  | { readonly ok: false; readonly error: string };

const HOUR = 3_600_000;

export function operatorHelp(prefix = "self-heal"): string {
  return ["Operator commands:", ...OPERATOR_VERBS.map((v) => `  ${prefix} ${VERB_HELP[v]}`)].join("\n");
}

/** Splits "clear fakea/m1" / "pause 30m" (chat command, CLI arguments) into an ask. */
export function askFromWords(words: readonly string[], surface: OperatorSurface, by?: string): OperatorAsk {
  const [verb = "", arg] = words;
  const v = verb.toLowerCase();
  const base = { verb: v, surface, ...(by ? { by } : {}) };
  if (v === "pause" || v === "silence") return { ...base, ...(arg !== undefined ? { duration: arg } : {}) };
  return { ...base, ...(words.length > 1 ? { target: words.slice(1).join(" ") } : {}) };
}

/** What checking an ask needs: which actors exist (a live supervisor, or the CLI's rebuild of the journal). */
export interface ActorLookup {
  stateOf(kind: ActorKind, id: string): string | undefined;
  actorList(): ReadonlyArray<{ readonly kind: string; readonly id: string }>;
}

function known(s: ActorLookup, kind?: string): string {
  const ids = s.actorList().filter((x) => !kind || x.kind === kind).map((x) => (x.kind === "model" || x.kind === "gateway" ? x.id : `${x.kind}:${x.id}`));
  return ids.length > 0 ? ids.slice(0, 12).join(", ") + (ids.length > 12 ? ", …" : "") : "none";
}

/** Checks an ask against the supervisor without changing anything: the request to journal, or a plain error. */
export function checkAsk(s: ActorLookup, ask: OperatorAsk, now: number): { request: OperatorRequested } | { error: string } {
  if (!isOperatorVerb(ask.verb)) return { error: `Unknown operator command "${ask.verb}". ${operatorHelp()}` };
  const by = (ask.by ?? "").trim().slice(0, 120) || "operator";
  const base = { type: "operator.requested" as const, ts: now, verb: ask.verb, by, surface: ask.surface };
  if (TARGETED_VERBS.has(ask.verb)) {
    const only = ask.verb === "clear" ? undefined : "model";
    if (!ask.target || ask.target.trim().length === 0) return { error: `"${ask.verb}" needs a target: ${VERB_HELP[ask.verb]}` };
    const t = resolveTarget(s, ask.target, only);
    if (!t) return { error: `Nothing supervised is called "${ask.target}". Known ${only ?? "targets"}: ${known(s, only)}.` };
    return { request: { ...base, target: t.kind === "model" ? t.id : `${t.kind}:${t.id}` } };
  }
  if (ask.verb === "resume") return { request: base };
  const text = (ask.duration ?? "").trim();
  if (ask.verb === "silence" && /^(off|0|none|stop)$/i.test(text)) return { request: { ...base, until: now } };
  const ms = text.length === 0 ? HOUR : parseDuration(text);
  if (ms === undefined) return { error: `"${text}" is not a duration. Use e.g. 30m, 2h or 1d (at most 7d).` };
  if (ms > MAX_OPERATOR_MS) return { error: `${text} is longer than the 7-day maximum.` };
  return { request: { ...base, until: now + ms } };
}

function describe(s: Supervisor, r: OperatorRequested): string {
  const until = r.until !== undefined ? new Date(r.until).toISOString() : "";
  switch (r.verb) {
    case "clear":
      return `Cleared ${r.target}: its failures are forgotten and it is now ${s.stateOf(...kindId(r.target)) ?? "cleared"}; self-heal acts on it normally again.`;
    case "failback":
      return `Failed back to ${r.target}: turns go to it again; it is watched as recovered and cooled down again if it fails.`;
    case "probe":
      return `Probing ${r.target} now; the result appears in the journal and in self-heal status.`;
    case "pause":
      return `Maintenance mode until ${until}: self-heal keeps observing and journaling but acts on nothing. End it with: self-heal resume.`;
    case "resume":
      return "Maintenance mode ended: self-heal acts on the next failure again.";
    case "silence":
      return r.until !== undefined && r.until > r.ts ? `Alerts silenced until ${until}; they are still journaled. End it with: self-heal silence off.` : "Alerts are no longer silenced.";
  }
}

function kindId(target: string | undefined): ["model" | "channel" | "cron" | "gateway", string] {
  const t = target ?? "";
  const colon = t.indexOf(":");
  const prefix = colon > 0 ? t.slice(0, colon) : "";
  if (prefix === "channel" || prefix === "cron" || prefix === "gateway") return [prefix, t.slice(colon + 1)];
  return ["model", t];
}

/** Checks, journals and applies one request. Never throws. */
export function operate(s: Supervisor, ask: OperatorAsk, now: number): OperatorReply {
  try {
    const checked = checkAsk(s, ask, now);
    if ("error" in checked) return { ok: false, error: checked.error };
    s.operate(checked.request);
    const dryRun = s.config.dryRun;
    const note = dryRun && (checked.request.verb === "clear" || checked.request.verb === "failback" || checked.request.verb === "probe") ? " (dry run: the state changed, no action was executed)" : "";
    return { ok: true, text: describe(s, checked.request) + note, request: checked.request, dryRun };
  } catch (error) {
    return { ok: false, error: `self-heal could not do that: ${(error as Error).message}` };
  }
}
