// Translates the two older plugins' config keys (openclaw-self-healing, @openclaw/resilience) into self-heal's. Pure:
// file reads (state file, old logs) are passed in as facts.

export interface KeyNote {
  /** The old key, e.g. "openclaw-self-healing.cooldownMinutes". */
  readonly from: string;
  /** The new key (under plugins.entries.self-heal.config), or null when it has no counterpart. */
  readonly to: string | null;
  readonly note: string;
}

export interface Translation {
  readonly config: Record<string, unknown>;
  readonly keys: KeyNote[];
  readonly warnings: string[];
}

export const SELF_HEALING_ID = "openclaw-self-healing";
/** Entry ids the resilience plugin may have been installed under. */
export const RESILIENCE_IDS = ["resilience", "openclaw-resilience", "@openclaw/resilience"] as const;

/** Top-level keys only openclaw-self-healing has (modelOrder and dryRun mean the same in self-heal). */
export const SELF_HEALING_ONLY_KEYS = ["cooldownMinutes", "probeIntervalSec", "probeEnabled", "autoFix", "pluginDisableCooldownSec", "stateFile"] as const;

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const MODEL = /^[^/\s]+\/\S+$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Sets `a.b.c` in a plain object. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let at = target;
  for (const p of parts.slice(0, -1)) {
    if (!isObject(at[p])) at[p] = {};
    at = at[p] as Record<string, unknown>;
  }
  at[parts[parts.length - 1] as string] = value;
}

export function expandHome(path: string, home: string): string {
  return path === "~" ? home : path.startsWith("~/") ? `${home}${path.slice(1)}` : path;
}

export interface SelfHealingFacts {
  readonly home: string;
  readonly githubRepository?: string | undefined;
  /** Models the old state file had in cooldown, when it could be read. */
  readonly stateFileCooldowns?: number | undefined;
  readonly stateFileError?: string | undefined;
}

/** openclaw-self-healing's `config` object → self-heal config (every documented key, one note each). */
export function translateSelfHealing(raw: Record<string, unknown>, facts: SelfHealingFacts): Translation {
  const config: Record<string, unknown> = {};
  const keys: KeyNote[] = [];
  const warnings: string[] = [];
  const from = (k: string) => `${SELF_HEALING_ID}.${k}`;
  const put = (k: string, to: string, value: unknown, note: string) => {
    setPath(config, to, value);
    keys.push({ from: from(k), to, note });
  };
  const drop = (k: string, note: string) => keys.push({ from: from(k), to: null, note });
  const bad = (k: string, v: unknown, want: string) => {
    drop(k, `left out: ${JSON.stringify(v)} is not ${want}`);
    warnings.push(`${from(k)} = ${JSON.stringify(v)} is not ${want}; it was left out`);
  };

  for (const [k, v] of Object.entries(raw)) {
    switch (k) {
      case "modelOrder":
        if (Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === "string" && MODEL.test(m))) put(k, "modelOrder", [...v], "same meaning: the model chain to supervise, best first");
        else bad(k, v, "a non-empty list of provider/model ids");
        break;
      case "cooldownMinutes": {
        const n = num(v);
        if (n === undefined || n < 1) bad(k, v, "a number of minutes ≥ 1");
        else put(k, "model.maxCooldownSeconds", clamp(n * 60, 30, 604_800), `the old plugin cooled a model for a fixed ${n} min; self-heal starts at model.baseCooldownSeconds (30 s) and doubles up to this, and a provider's Retry-After or reset time still wins`);
        break;
      }
      case "probeIntervalSec": {
        const n = num(v);
        if (n === undefined || n <= 0) bad(k, v, "a number of seconds");
        else put(k, "outage.probeIntervalSeconds", clamp(n, 5, 3600), "a cooled model is probed when its cooldown ends; while every model of an agent is down they are probed at least this often" + (n > 3600 ? " (capped at 3600 s)" : ""));
        break;
      }
      case "probeEnabled":
        if (typeof v === "boolean") put(k, "actions.probeModel", v, "same switch: probe cooled models with one tiny request");
        else bad(k, v, "true or false");
        break;
      case "dryRun":
        if (typeof v === "boolean") put(k, "dryRun", v, "same meaning: decide and journal everything, execute nothing");
        else bad(k, v, "true or false");
        break;
      case "autoFix":
        if (!isObject(v)) bad(k, v, "an object");
        else translateAutoFix(v, facts, { put, drop, bad });
        break;
      case "pluginDisableCooldownSec":
        drop(k, "no counterpart: self-heal does not watch other plugins' health yet (actions.disablePlugin exists, nothing proposes it)");
        break;
      case "stateFile": {
        const found = facts.stateFileError ? `; it could not be read (${facts.stateFileError})` : facts.stateFileCooldowns !== undefined ? `; it held ${facts.stateFileCooldowns} model(s) in cooldown, which self-heal learns again from their next failure` : "";
        drop(k, `replaced by the journal (<stateDir>/journal) and status.json${found}`);
        break;
      }
      case "statusFile":
        if (typeof v === "string" && v.length > 0) put(k, "statusFile", expandHome(v, facts.home), "same meaning: a status JSON dashboards can poll, now with both the old fields and self-heal's");
        else bad(k, v, "a file path");
        break;
      default:
        drop(k, "not a documented openclaw-self-healing key; left out");
        warnings.push(`${from(k)} is not a key openclaw-self-healing documents; it was left out`);
    }
  }
  // The old plugin fell back to GITHUB_REPOSITORY when issueRepo was missing.
  if (!keys.some((n) => n.from === from("autoFix.issueRepo")) && facts.githubRepository && REPO.test(facts.githubRepository)) {
    setPath(config, "alerts.githubRepo", facts.githubRepository);
    keys.push({ from: `${from("autoFix.issueRepo")} (GITHUB_REPOSITORY)`, to: "alerts.githubRepo", note: `not set; GITHUB_REPOSITORY=${facts.githubRepository} used, as the old plugin did` });
  }
  return { config, keys, warnings };
}

interface Sink {
  put(k: string, to: string, value: unknown, note: string): void;
  drop(k: string, note: string): void;
  bad(k: string, v: unknown, want: string): void;
}

function translateAutoFix(autoFix: Record<string, unknown>, facts: SelfHealingFacts, sink: Sink): void {
  for (const [sub, v] of Object.entries(autoFix)) {
    const k = `autoFix.${sub}`;
    const flag = (to: string, note: string) => (typeof v === "boolean" ? sink.put(k, to, v, note) : sink.bad(k, v, "true or false"));
    switch (sub) {
      case "patchSessionPins":
        flag("actions.patchSession", "same switch: repoint user-pinned sessions away from a dead model");
        break;
      case "disableFailingPlugins":
        flag("actions.disablePlugin", "same switch; note that nothing proposes disabling a plugin yet (no plugin health check)");
        break;
      case "disableFailingCrons":
        flag("actions.disableCron", "same switch: a job is disabled after cron.failureThreshold (3) failed runs in a row");
        break;
      case "issueRepo": {
        const env = facts.githubRepository;
        if (typeof v === "string" && REPO.test(v)) sink.put(k, "alerts.githubRepo", v, "same meaning: open a GitHub issue (gh issue create) when a failing cron job is disabled");
        else if (env && REPO.test(env)) sink.put(k, "alerts.githubRepo", env, `${JSON.stringify(v)} is not owner/repo; GITHUB_REPOSITORY=${env} used, as the old plugin did`);
        else sink.drop(k, `${JSON.stringify(v)} is not owner/repo and GITHUB_REPOSITORY is not set: no issues are opened (set alerts.githubRepo to have them)`);
        break;
      }
      case "whatsappMinRestartIntervalSec": {
        const n = num(v);
        if (n === undefined || n <= 0) sink.bad(k, v, "a number of seconds");
        else {
          sink.put(k, "channels.restartBudgetMax", 1, "with channels.restartBudgetWindowMinutes: at most one restart of a channel per interval");
          sink.put(k, "channels.restartBudgetWindowMinutes", clamp(Math.ceil(n / 60), 1, 10_080), `${n} s rounded up to whole minutes; applies to every channel, not only WhatsApp`);
        }
        break;
      }
      default:
        sink.drop(k, "not a documented autoFix key; left out");
    }
  }
}

export interface ResilienceFacts {
  readonly home: string;
  /** True when the (expanded) logDir already holds day files that self-heal did not write (resilience's call logs). */
  readonly logDirHasForeignFiles?: boolean;
}

/** @openclaw/resilience's config → self-heal config. */
export function translateResilience(raw: Record<string, unknown>, facts: ResilienceFacts, id = "resilience"): Translation {
  const config: Record<string, unknown> = {};
  const keys: KeyNote[] = [];
  const warnings: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const from = `${id}.${k}`;
    const bad = (want: string) => {
      keys.push({ from, to: null, note: `left out: ${JSON.stringify(v)} is not ${want}` });
      warnings.push(`${from} = ${JSON.stringify(v)} is not ${want}; it was left out`);
    };
    switch (k) {
      case "logDir": {
        if (typeof v !== "string" || v.length === 0) {
          bad("a directory");
          break;
        }
        const dir = expandHome(v, facts.home);
        if (facts.logDirHasForeignFiles) {
          const own = `${dir.replace(/\/+$/, "")}/self-heal`;
          setPath(config, "logDir", own);
          keys.push({ from, to: "logDir", note: `~ expanded; ${dir} holds resilience's own call logs, which stay untouched, so the journal goes to ${own}` });
        } else {
          setPath(config, "logDir", dir);
          keys.push({ from, to: "logDir", note: "~ expanded; the journal's per-call records carry the same fields as resilience's logs" });
        }
        break;
      }
      case "statsRetentionDays": {
        const n = num(v);
        if (n === undefined || n < 1) bad("a number of days ≥ 1");
        else {
          setPath(config, "statsRetentionDays", clamp(n, 1, 3650));
          keys.push({ from, to: "statsRetentionDays", note: "same meaning: whole journal days older than this are deleted" });
        }
        break;
      }
      case "defaultStrategy":
        if (v === "exponential" || v === "fixed" || v === "custom") {
          setPath(config, "defaultStrategy", v);
          keys.push({ from, to: "defaultStrategy", note: "same meaning" });
        } else bad('"exponential", "fixed" or "custom"');
        break;
      default:
        keys.push({ from, to: null, note: "not a documented resilience key; left out" });
        warnings.push(`${from} is not a key resilience documents; it was left out`);
    }
  }
  return { config, keys, warnings };
}

/** Deep-merges `under` beneath `over` (over wins), returning a new object. */
export function mergeUnder(over: Record<string, unknown>, under: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...under };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? mergeUnder(v, out[k] as Record<string, unknown>) : v;
  return out;
}
