// The one executor: every side effect passes here — switch, dry-run, budgets, config guard — and is journaled.
import type { Effect } from "../domain/effects.js";
import { DISRUPTIVE_ACTIONS, RESTART_ACTIONS } from "../domain/effects.js";
import type { Clock } from "../domain/clock.js";
import type { SelfHealConfig } from "../config/types.js";
import { PLUGIN_ID } from "../config/manifest.js";
import type { Host, ProbeOutcome } from "../host/host.js";
import type { SupervisorBus } from "../runtime/bus.js";
import type { JournalPort } from "./journal-port.js";
import { actionEnabled, switchName } from "./action-switches.js";
import { ConfigGuard } from "./config-guard.js";
import { alertFromEffect } from "./alert-text.js";
import { finalizeEvidence, redactSecrets } from "../domain/classifier/redact.js";

/** A probe's classification as the supervisor may keep it: hosts quote provider text, so its evidence is redacted. */
function withRedactedEvidence(probe: ProbeOutcome | undefined): ProbeOutcome | undefined {
  const c = probe ? probe.classification : undefined;
  return probe && c ? { ...probe, classification: { ...c, evidence: finalizeEvidence(c.evidence) } } : probe;
}

export type SkipReason = "dry_run" | "config_invalid" | "budget" | "disabled" | "self" | "journal_unavailable" | "peer_probing" | "paused" | "silenced";

/** Shared health's probe lease (src/shared-health): one gateway probes a model, the others wait for its result. */
export interface ProbeLease {
  /** undefined: probe now; else the name of the gateway probing this model. Never rejects. */
  acquireProbe(model: string): Promise<string | undefined>;
  probeDone(model: string, outcome: ProbeOutcome | undefined): void;
}

export type Outcome =
  | { readonly status: "executed"; readonly simulated?: boolean; readonly probe?: ProbeOutcome }
  | { readonly status: "skipped"; readonly why: SkipReason; readonly detail?: string }
  | { readonly status: "failed"; readonly error: string };

/** live: act for real; dry_run: act on nothing; rehearsal: act on the simulated host, report as dry-run. */
export type ExecutorMode = "live" | "dry_run" | "rehearsal";

export interface ExecutorOptions {
  readonly host: Host;
  readonly journal: JournalPort;
  readonly clock: Clock;
  readonly bus: SupervisorBus;
  readonly config: () => SelfHealConfig;
  readonly mode?: () => ExecutorMode;
  readonly backupDir?: string;
  /** Probes allowed per rolling minute across all models. */
  readonly maxProbesPerMinute?: number;
  /** Shared health's probe lease, when sharing is on. */
  readonly probeLease?: () => ProbeLease | undefined;
  /** The operator's maintenance mode / alert silence: why an effect must wait, if it must. */
  readonly hold?: (effect: Effect, now: number) => { why: "paused" | "silenced"; detail: string } | undefined;
}

export class Executor {
  private readonly guard: ConfigGuard;
  private readonly lastAlertAt = new Map<string, number>();
  private readonly probesInFlight = new Set<string>();
  private probeTimes: number[] = [];
  private inFlight = 0;

  constructor(private readonly opts: ExecutorOptions) {
    this.guard = new ConfigGuard(opts.host, opts.backupDir, () => opts.config().gateway.configBackupsKept);
  }

  /**
   * Replay: an alert that went out (or was attempted) at `at` before a restart still counts for
   * `alerts.minIntervalSeconds`, so a crash loop does not resend it on every start.
   */
  noteAlert(effect: Pick<Effect, "action" | "target" | "reason" | "params">, at: number): void {
    if (effect.action !== "alert" || !Number.isFinite(at)) return;
    const key = alertFromEffect(effect as Effect, at).key;
    if ((this.lastAlertAt.get(key) ?? Number.NEGATIVE_INFINITY) < at) this.lastAlertAt.set(key, at);
  }

  /** Number of host calls still running. */
  pending(): number {
    return this.inFlight;
  }

  mode(): ExecutorMode {
    if (this.opts.mode) return this.opts.mode();
    return this.opts.config().dryRun ? "dry_run" : "live";
  }

  /**
   * Journals the proposal durably, applies the guards synchronously, then runs the host call.
   * Never throws: every outcome is journaled and returned.
   */
  async execute(effect: Effect): Promise<Outcome> {
    const { journal, clock } = this.opts;
    const base = { action: effect.action, target: effect.target, reason: effect.reason, ...(effect.params ? { params: effect.params } : {}) };
    const id = journal.append("action.proposed", base, { ts: clock.now(), durable: true });
    this.emit("action.proposed", id, effect);
    const skip = this.precheck(effect);
    if (skip) return this.skipped(id, effect, skip.why, skip.detail);
    if (RESTART_ACTIONS.has(effect.action) || DISRUPTIVE_ACTIONS.has(effect.action)) {
      // Never disrupt anything whose intent is not on disk: a restart must not be able to loop.
      if (journal.isDurable && !journal.isDurable(id)) return this.skipped(id, effect, "journal_unavailable", "the decision could not be written to the journal");
    }
    if (RESTART_ACTIONS.has(effect.action)) {
      // A dry run still validates (so it can report a refusal) but writes no backup.
      const check = await this.guard.check(clock.now(), this.mode() !== "dry_run");
      if (!check.ok) return this.skipped(id, effect, "config_invalid", check.errors.join("; "));
      if (check.backup) journal.append("config.backup", { file: check.backup, action: effect.action }, { ts: clock.now() });
    }
    const mode = this.mode();
    if (mode === "dry_run") return this.skipped(id, effect, "dry_run");
    this.inFlight++;
    const lease = effect.action === "probe_model" ? this.opts.probeLease?.() : undefined;
    try {
      const holder = lease ? await lease.acquireProbe(effect.target) : undefined;
      if (holder !== undefined) return this.skipped(id, effect, "peer_probing", `gateway ${holder} is probing it; waiting for its result`);
      const probe = withRedactedEvidence(await this.run(effect));
      if (lease) lease.probeDone(effect.target, probe);
      const simulated = mode === "rehearsal";
      journal.append("action.executed", { ...base, ref: id, ...(simulated ? { simulated } : {}), ...(probe ? { ok: probe.ok, durationMs: probe.durationMs } : {}) }, { ts: clock.now(), durable: true });
      this.emit("action.executed", id, effect);
      return probe ? { status: "executed", probe, simulated } : { status: "executed", simulated };
    } catch (error) {
      // Host errors quote CLI output and URLs: keep tokens out of the journal, status and alerts.
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      journal.append("action.failed", { ...base, ref: id, error: message.slice(0, 500) }, { ts: clock.now(), durable: true });
      this.emit("action.failed", id, effect, undefined, message);
      lease?.probeDone(effect.target, undefined);
      return { status: "failed", error: message };
    } finally {
      this.inFlight--;
      if (effect.action === "probe_model") this.probesInFlight.delete(effect.target);
    }
  }

  private precheck(effect: Effect): { why: SkipReason; detail?: string } | undefined {
    const config = this.opts.config();
    if (!config.enabled) return { why: "disabled", detail: "enabled=false" };
    if (!actionEnabled(config.actions, effect.action)) return { why: "disabled", detail: `${switchName(effect.action)}=false` };
    if (effect.action === "disable_plugin" && effect.target === PLUGIN_ID) return { why: "self", detail: "never disables itself" };
    const now = this.opts.clock.now();
    const held = this.opts.hold?.(effect, now);
    if (held) return held;
    if (effect.action === "alert") {
      const alert = alertFromEffect(effect, now);
      const last = this.lastAlertAt.get(alert.key);
      if (last !== undefined && now - last < config.alerts.minIntervalSeconds * 1000) {
        return { why: "budget", detail: "duplicate alert inside alerts.minIntervalSeconds" };
      }
      this.lastAlertAt.set(alert.key, now);
    }
    if (effect.action === "probe_model") {
      if (this.probesInFlight.has(effect.target)) return { why: "budget", detail: "a probe of this model is in flight" };
      this.probeTimes = this.probeTimes.filter((t) => now - t < 60_000);
      if (this.probeTimes.length >= (this.opts.maxProbesPerMinute ?? 12)) return { why: "budget", detail: "probe rate limit" };
      if (this.mode() !== "dry_run") {
        this.probeTimes.push(now);
        this.probesInFlight.add(effect.target);
      }
    }
    return undefined;
  }

  private async run(effect: Effect): Promise<ProbeOutcome | undefined> {
    const { host, clock } = this.opts;
    const p = effect.params ?? {};
    switch (effect.action) {
      case "probe_model":
        return host.probeModel(effect.target, typeof p.timeoutMs === "number" ? p.timeoutMs : 30_000);
      case "restart_channel":
        await host.restartChannel(effect.target);
        return undefined;
      case "restart_gateway":
        await host.restartGateway(effect.reason);
        return undefined;
      case "disable_cron":
        await host.disableCron(effect.target);
        return undefined;
      case "disable_plugin":
        await host.disablePlugin(effect.target);
        return undefined;
      case "patch_session":
        await host.patchSession(effect.target, typeof p.model === "string" ? p.model : null);
        return undefined;
      case "recover_task":
        await host.recoverTask(effect.target, p);
        return undefined;
      case "alert":
        await host.sendAlert(alertFromEffect(effect, clock.now()));
        return undefined;
      case "route_around":
      case "fail_back":
        // Steering is in-process state (the routing table); executing it needs no host call.
        return undefined;
    }
  }

  private skipped(id: number, effect: Effect, why: SkipReason, detail?: string): Outcome {
    const { journal, clock } = this.opts;
    journal.append(
      "action.skipped",
      { action: effect.action, target: effect.target, reason: effect.reason, ref: id, why, ...(detail ? { detail } : {}) },
      { ts: clock.now(), durable: true },
    );
    this.emit("action.skipped", id, effect, why);
    return detail === undefined ? { status: "skipped", why } : { status: "skipped", why, detail };
  }

  private emit(name: "action.proposed" | "action.executed" | "action.skipped" | "action.failed", id: number, effect: Effect, why?: string, error?: string): void {
    const bus = this.opts.bus;
    if (!bus.wants(name)) return;
    bus.emit(name, { id, effect, ts: this.opts.clock.now(), ...(why ? { why } : {}), ...(error ? { error } : {}) });
  }
}
