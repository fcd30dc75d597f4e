// GET /self-heal/metrics: Prometheus text exposition (0.0.4) of the supervisor's state and its counters since start.
import type { Runtime } from "../runtime/create-runtime.js";
import { MAX_MODELS } from "../projections/live-counters.js";

export const METRICS_PATH = "/self-heal/metrics";
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
const MODEL_STATES = ["healthy", "cooldown", "probing", "recovered", "disabled"] as const;
const HEALTH = ["healthy", "degraded", "healing", "outage"] as const;

/** Escapes a label value (backslash, double quote, newline) and caps its length. */
export function labelValue(v: string): string {
  return v.slice(0, 200).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

class Exposition {
  private readonly lines: string[] = [];
  family(name: string, type: "gauge" | "counter", help: string): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    return this;
  }
  sample(name: string, labels: Record<string, string>, value: number): this {
    const l = Object.entries(labels).map(([k, v]) => `${k}="${labelValue(v)}"`).join(",");
    this.lines.push(`${name}${l ? `{${l}}` : ""} ${Number.isFinite(value) ? value : 0}`);
    return this;
  }
  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

/** The exposition for a runtime (or only `self_heal_up 0` when none runs in this process). */
export function metricsText(runtime: Runtime | undefined, now: number): string {
  const x = new Exposition();
  x.family("self_heal_up", "gauge", "1 when the self-heal supervisor runs in this gateway process.").sample("self_heal_up", {}, runtime ? 1 : 0);
  if (!runtime) return x.text();
  const status = runtime.status();
  x.family("self_heal_health", "gauge", "Overall health: 1 for the current value of the state label.");
  for (const h of HEALTH) x.sample("self_heal_health", { state: h }, status.health === h ? 1 : 0);
  const models = status.models.slice(0, MAX_MODELS);
  x.family("self_heal_model_state", "gauge", "Model state: 1 for the model's current state, 0 for the others.");
  for (const m of models) for (const s of MODEL_STATES) x.sample("self_heal_model_state", { model: m.id, state: s }, m.state === s ? 1 : 0);
  x.family("self_heal_model_cooldown_remaining_seconds", "gauge", "Seconds until the model's cooldown or disable ends (0 when none).");
  for (const m of models) {
    const until = m.until ? Date.parse(m.until) : Number.NaN;
    x.sample("self_heal_model_cooldown_remaining_seconds", { model: m.id }, Number.isFinite(until) ? Math.max(0, Math.round((until - now) / 1000)) : 0);
  }
  x.family("self_heal_model_routed_around", "gauge", "1 while turns are routed around the model.");
  for (const m of models) x.sample("self_heal_model_routed_around", { model: m.id }, m.routedAround ? 1 : 0);
  const c = runtime.counters;
  x.family("self_heal_model_calls_total", "counter", "Model calls seen since the gateway started (own probes excluded).");
  for (const [model, n] of [...c.calls.entries()].sort()) x.sample("self_heal_model_calls_total", { model }, n);
  x.family("self_heal_model_errors_total", "counter", "Failed model calls since the gateway started, by error category.");
  for (const [key, n] of [...c.errors.entries()].sort()) {
    const [model = "", category = ""] = key.split("\u0000");
    x.sample("self_heal_model_errors_total", { model, category }, n);
  }
  x.family("self_heal_actions_total", "counter", "Supervisor actions since the gateway started, by action and outcome (executed, dry_run, skipped, failed).");
  for (const [key, n] of [...c.actions.entries()].sort()) {
    const [action = "", outcome = ""] = key.split("\u0000");
    x.sample("self_heal_actions_total", { action, outcome }, n);
  }
  const quota = status.quota ?? [];
  if (quota.length > 0) {
    x.family("self_heal_quota_used", "gauge", "Quota watch: requests or tokens used in the budget's current window.");
    for (const q of quota) for (const kind of ["requests", "tokens"] as const) if (q[kind].limit !== undefined) x.sample("self_heal_quota_used", { model: q.model, kind }, q[kind].used);
    x.family("self_heal_quota_limit", "gauge", "Quota watch: the budget per window.");
    for (const q of quota) for (const kind of ["requests", "tokens"] as const) if (q[kind].limit !== undefined) x.sample("self_heal_quota_limit", { model: q.model, kind }, q[kind].limit as number);
    x.family("self_heal_quota_used_ratio", "gauge", "Quota watch: the larger share of the budget used in the current window (1 = all of it).");
    for (const q of quota) x.sample("self_heal_quota_used_ratio", { model: q.model }, q.percent / 100);
  }
  x.family("self_heal_hook_errors_total", "counter", "Errors caught in the plugin's hook handlers since the gateway started, by kind (the first of each kind is logged).");
  for (const [kind, n] of [...c.hookErrors.entries()].sort()) x.sample("self_heal_hook_errors_total", { kind }, n);
  const j = runtime.journal.stats();
  x.family("self_heal_journal_dropped_total", "counter", "Journal records dropped (buffer full or not writable).").sample("self_heal_journal_dropped_total", {}, j.dropped);
  return x.text();
}

interface RouteResponse {
  statusCode: number;
  setHeader(name: string, value: string): void;
  end(body?: string): void;
}

/** The route handler: always 200 with an exposition (a missing supervisor is `self_heal_up 0`). */
export function metricsHandler(runtime: () => Runtime | undefined, now: () => number = Date.now): (req: unknown, res: RouteResponse) => boolean {
  return (_req, res) => {
    res.statusCode = 200;
    res.setHeader("content-type", METRICS_CONTENT_TYPE);
    res.end(metricsText(runtime(), now()));
    return true;
  };
}
