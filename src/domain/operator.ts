// Operator verbs: what an owner can ask the supervisor to do, as a past-tense fact the journal keeps. Pure.

export const OPERATOR_VERBS = ["clear", "pause", "resume", "probe", "failback", "silence"] as const;
export type OperatorVerb = (typeof OPERATOR_VERBS)[number];

/** Where the request came from: gateway RPC, the `self-heal` CLI (through RPC), chat command, agent tool, offline on a state dir. */
export const OPERATOR_SURFACES = ["rpc", "cli", "chat", "tool", "offline"] as const;
export type OperatorSurface = (typeof OPERATOR_SURFACES)[number];

/** Verbs that name an actor (`clear`, `probe`, `failback`); the others take a duration. */
export const TARGETED_VERBS: ReadonlySet<OperatorVerb> = new Set(["clear", "probe", "failback"]);

/** One line of help per verb, in the words every surface prints. */
export const VERB_HELP: Record<OperatorVerb, string> = {
  clear: "clear <model|channel:ID|cron:ID|gateway>  forget a disabled, cooled or escalated actor's failures and act normally again",
  pause: "pause [DURATION]                          maintenance mode: keep observing and journaling, act on nothing (default 1h)",
  resume: "resume                                    end maintenance mode now",
  probe: "probe <model>                             send one probe to a model now",
  failback: "failback <model>                          send turns back to a model now (it is watched as recovered)",
  silence: "silence [DURATION|off]                    send no alerts for a while (default 1h); they are still journaled",
};

/** An operator asked for something (journal type `operator.requested`). `until` ends a pause or silence (epoch ms). */
export interface OperatorRequested {
  readonly type: "operator.requested";
  readonly ts: number;
  readonly verb: OperatorVerb;
  readonly target?: string;
  readonly until?: number;
  /** Who asked: a sender id, an operator device, or "operator" when nothing better is known. */
  readonly by: string;
  readonly surface: OperatorSurface;
}

export function isOperatorVerb(v: unknown): v is OperatorVerb {
  return typeof v === "string" && (OPERATOR_VERBS as readonly string[]).includes(v);
}

export function isOperatorSurface(v: unknown): v is OperatorSurface {
  return typeof v === "string" && (OPERATOR_SURFACES as readonly string[]).includes(v);
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Longest pause or silence: a week. */
export const MAX_OPERATOR_MS = 7 * 86_400_000;

/** "90s", "30m", "2h", "1d" (or a bare number of minutes) → ms; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|sec|min|hour|hours|day|days)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "m").toLowerCase()[0] as string;
  const ms = Math.round(Number(m[1]) * (UNITS[unit] ?? 60_000));
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
