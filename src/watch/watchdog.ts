// One watchdog tick: check the gateway, judge, decide, act (or say what it would do), journal and log it.
import { readFileSync, statSync } from "node:fs";
import { hostname } from "node:os";
import JSON5 from "json5";
import type { Logger } from "pino";
import { restartsWithin } from "../../machines/restart-budget.js";
import { alertRoutes, hasRoute, sendAlert } from "./alerts.js";
import { escalationText, refusedText, restartFailedText, restoredText } from "./alert-text.js";
import { backupIfChanged, findLastKnownGood, listBackups, restoreBackup, validateConfig } from "./config-restore.js";
import { decide, judge, type DecideLimits } from "./decide.js";
import { checkHeartbeat, checkPort, checkReadyz, checkRpc } from "./probes.js";
import { describeMethod, runRestart } from "./restart-method.js";
import type { RunShell } from "./shell.js";
import { actionRecord, configRestored, gatewaySeen } from "./watch-records.js";
import type { WatchJournal } from "./watch-journal.js";
import { loadMemory, saveMemory, type WatchMemory } from "./watch-state.js";
import type { GatewayHealth, WatchAction, WatchCheck, WatchOutcome, WatchResult, WatchSettings } from "./types.js";

export interface WatchdogDeps {
  readonly settings: WatchSettings;
  readonly run: RunShell;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
  readonly log: Logger;
  readonly journal: WatchJournal;
}

export class Watchdog {
  /** Dry runs keep their memory here only (nothing on disk changes); live runs load and save state.json. */
  private dryMemory: WatchMemory | undefined;

  constructor(private readonly deps: WatchdogDeps) {}

  private get s(): WatchSettings {
    return this.deps.settings;
  }

  private limits(): DecideLimits {
    return this.s;
  }

  private memory(): WatchMemory {
    return this.s.dryRun ? (this.dryMemory ??= loadMemory(this.s.stateDir)) : loadMemory(this.s.stateDir);
  }

  private remember(memory: WatchMemory): void {
    if (this.s.dryRun) this.dryMemory = memory;
    else saveMemory(this.s.stateDir, memory);
  }

  async check(rpc: boolean): Promise<WatchCheck[]> {
    const s = this.s;
    const checks: WatchCheck[] = [await checkPort(s.gatewayUrl, s.checkTimeoutMs, this.deps.now)];
    if (!checks[0]?.ok) return checks;
    const readyz = await checkReadyz(s.gatewayUrl, s.checkTimeoutMs, this.deps.now);
    checks.push(readyz);
    if (readyz.ok && rpc && s.rpcTimeoutMs > 0) checks.push(await checkRpc(s.openclaw, s.gatewayUrl, this.deps.run, s.rpcTimeoutMs, this.deps.env, this.deps.now));
    if (readyz.value !== undefined) checks.push(checkHeartbeat(s.stateDir, s.heartbeatMaxAgeMs, this.deps.now()));
    return checks;
  }

  /** Checks once and acts on what it saw. `rpc`: include the RPC round trip this time. Never throws. */
  async tick(rpc = true): Promise<WatchResult> {
    const checks = await this.check(rpc);
    const now = this.deps.now();
    const before = this.memory();
    const judged = judge(checks, before, now, this.limits());
    const decision = decide(judged, now, this.limits());
    const { health } = judged;
    const log = this.deps.log.child({ gateway: health });
    const ready = judged.memory.lastReady === true;
    const becameReady = health === "up" && ready && (before.lastHealth !== "up" || before.lastReady !== true);
    if (health !== before.lastHealth || becameReady) {
      const recovered = becameReady && before.lastRestartAt !== undefined ? { recoveredMs: now - before.lastRestartAt } : {};
      log[health === "up" ? "info" : "warn"]({ checks: checks.map((c) => `${c.name}:${c.ok ? "ok" : "fail"}`), ...recovered }, judged.seen);
      this.deps.journal.record([gatewaySeen(now, health, before.lastHealth, judged.seen, checks, recovered)], health !== "up");
    }
    const starting = before.lastRestartAt !== undefined && now - before.lastRestartAt < this.s.startupGraceMs;
    // A dead gateway (not one starting after our restart) leaves the journal lock free: move waiting records in now.
    if (health !== "up" && !starting) this.deps.journal.flush();
    const finish = (action: WatchAction, outcome: WatchOutcome, why: string | undefined, memory: WatchMemory): WatchResult => {
      this.remember(memory);
      return { gateway: health, action, outcome, ...(why ? { why } : {}), checks };
    };
    if (health === "up") {
      if (!this.s.dryRun) this.keepLastKnownGood(judged.memory, now, log);
      return finish("none", this.s.dryRun ? "dry_run" : "executed", judged.seen, this.s.dryRun ? judged.memory : this.withConfigSeen(judged.memory));
    }
    if (decision.action === "none") {
      log.debug(decision.why);
      return finish("none", decision.refused ? "refused" : this.s.dryRun ? "dry_run" : "executed", decision.why, judged.memory);
    }
    if (decision.action === "escalate") return this.escalate(health, judged.seen, decision.why, judged.memory, now, checks, log);
    return this.restart(health, decision.why, judged.memory, now, checks, log);
  }

  private async escalate(health: GatewayHealth, seen: string, why: string, memory: WatchMemory, now: number, checks: WatchCheck[], log: Logger): Promise<WatchResult> {
    const restarts = restartsWithin(memory.restarts, now, this.s.budgetWindowMs).length;
    const text = escalationText({ health, seen, host: hostname(), restarts, windowMs: this.s.budgetWindowMs, stateDir: this.s.stateDir });
    const params = { kind: "gateway_escalation", restarts, budget: this.s.budgetMax };
    const j = this.deps.journal;
    j.record([actionRecord(now, "proposed", "alert", why, { params })]);
    const next = { ...memory, escalatedAt: now };
    if (this.s.dryRun) {
      j.record([actionRecord(now, "skipped", "alert", why, { why: "dry_run", params })]);
      log.warn({ action: "escalate", outcome: "dry_run" }, `would alert the owner and stop restarting: ${why}`);
      return { ...this.done(health, "escalate", "dry_run", why, checks, next) };
    }
    const delivered = await this.alert(text, { health, action: "escalate", why });
    const failed = delivered.error !== undefined;
    j.record([actionRecord(this.deps.now(), failed ? "failed" : "executed", "alert", why, { params: { ...params, via: delivered.via }, ...(failed ? { error: delivered.error } : {}) })]);
    log.error({ action: "escalate", via: delivered.via, ...(failed ? { error: delivered.error } : {}) }, `gave up restarting the gateway: ${why}`);
    return this.done(health, "escalate", failed ? "failed" : "executed", why, checks, next);
  }

  private async restart(health: GatewayHealth, why: string, memory: WatchMemory, now: number, checks: WatchCheck[], log: Logger): Promise<WatchResult> {
    const s = this.s;
    const j = this.deps.journal;
    const method = describeMethod(s.restart);
    j.record([actionRecord(now, "proposed", "restart_gateway", why, { params: { health, method } })]);
    const validity = await validateConfig(s.openclaw, s.configPath, this.deps.run, this.deps.env);
    let action: WatchAction = "restart";
    let restored: { backup: string; keptAs: string; diff: string; errors: readonly string[] } | undefined;
    if (!validity.ok) {
      const plan = await findLastKnownGood(s.stateDir, s.configPath, (p) => validateConfig(s.openclaw, p, this.deps.run, this.deps.env));
      if (!plan) {
        const refusal = `config_invalid: ${validity.errors.slice(0, 2).join("; ")}${listBackups(s.stateDir).length === 0 ? " (no backup to restore)" : " (no backup validates)"}`;
        j.record([actionRecord(this.deps.now(), "skipped", "restart_gateway", why, { why: "config_invalid", error: refusal })]);
        log.error({ action: "restart", outcome: "refused", errors: validity.errors }, `not restarting: openclaw.json is invalid and no backup validates`);
        if (memory.refusedAt === undefined && !s.dryRun) {
          const delivered = await this.alert(refusedText({ health, seen: why, host: hostname(), errors: validity.errors }), { health, action: "restart", why: refusal });
          j.record([actionRecord(this.deps.now(), delivered.error ? "failed" : "executed", "alert", refusal, { params: { kind: "gateway_config_invalid", via: delivered.via }, ...(delivered.error ? { error: delivered.error } : {}) })]);
        }
        return this.done(health, "restart", "refused", refusal, checks, s.dryRun ? memory : { ...memory, refusedAt: memory.refusedAt ?? now });
      }
      action = "restore_config";
      if (s.dryRun) {
        const would = `would restore ${plan.backup} (openclaw.json is invalid: ${validity.errors.slice(0, 2).join("; ")}) and restart the gateway with ${method}`;
        j.record([actionRecord(this.deps.now(), "skipped", "restart_gateway", why, { why: "dry_run", params: { restoreFrom: plan.backup, diff: plan.diff } })]);
        log.warn({ action, outcome: "dry_run" }, would);
        return this.done(health, action, "dry_run", `${why}; ${would}`, checks, { ...memory, lastRestartAt: now });
      }
      const keptAs = restoreBackup(s.configPath, plan, this.deps.now());
      restored = { backup: plan.backup, keptAs, diff: plan.diff, errors: validity.errors };
      j.record([configRestored(this.deps.now(), restored)]);
      log.warn({ backup: plan.backup, keptAs }, "openclaw.json was invalid: restored the last known good copy");
    } else if (s.dryRun) {
      j.record([actionRecord(this.deps.now(), "skipped", "restart_gateway", why, { why: "dry_run", params: { method } })]);
      log.warn({ action, outcome: "dry_run" }, `would restart the gateway with ${method}: ${why}`);
      return this.done(health, action, "dry_run", `${why}; would restart it with ${method}`, checks, { ...memory, lastRestartAt: now });
    }
    const result = await runRestart(s.restart, health === "down", this.deps.run, s.restartTimeoutMs, this.deps.env);
    const at = this.deps.now();
    const next: WatchMemory = { ...memory, restarts: [...memory.restarts, at], lastRestartAt: at };
    const error = result.timedOut ? `did not finish within ${Math.round(s.restartTimeoutMs / 1000)} s` : result.code !== 0 ? `exit ${result.code}: ${(result.stderr || result.stdout).trim().slice(-300)}` : undefined;
    const params = { health, method, ms: result.ms, ...(restored ? { restoredFrom: restored.backup } : {}) };
    // The gateway may be starting now: these records wait in the outbox for its plugin (no direct journal write).
    j.record([actionRecord(at, error ? "failed" : "executed", "restart_gateway", why, { params, ...(error ? { error } : {}) })], false);
    if (error) log.error({ action, command: result.command, error }, "the restart command failed");
    else log.warn({ action, command: result.command, ms: result.ms }, `restarted the gateway: ${why}`);
    const facts = { health, seen: why, host: hostname() };
    const text = restored ? restoredText({ ...facts, ...restored, restarted: !error }) : error ? restartFailedText({ ...facts, command: result.command, error }) : undefined;
    if (text) {
      const delivered = await this.alert(text, { health, action, why, ...(restored ? { diff: restored.diff, restoredFrom: restored.backup } : {}) });
      j.record([actionRecord(this.deps.now(), delivered.error ? "failed" : "executed", "alert", why, { params: { kind: restored ? "gateway_config_restored" : "gateway_restart_failed", via: delivered.via }, ...(delivered.error ? { error: delivered.error } : {}) })], false);
    }
    return this.done(health, action, error ? "failed" : "executed", error ? `${why}; the restart failed: ${error}` : why, checks, next);
  }

  private done(health: GatewayHealth, action: WatchAction, outcome: WatchOutcome, why: string, checks: WatchCheck[], memory: WatchMemory): WatchResult {
    this.remember(memory);
    return { gateway: health, action, outcome, why, checks };
  }

  /** Sends on every configured route; `via` lists them, `error` is set when none delivered. */
  private async alert(text: string, details: Record<string, unknown>): Promise<{ via: string; error?: string }> {
    const routes = alertRoutes(this.configText(), { ...(this.s.webhookUrl ? { webhookUrl: this.s.webhookUrl } : {}), ...(this.s.telegramChat ? { telegramChat: this.s.telegramChat } : {}) }, this.deps.env);
    if (!hasRoute(routes)) return { via: "none", error: "no alert route: set --webhook or --telegram-chat (or alerts.webhookUrl / alerts.channel telegram in the plugin config)" };
    const results = await sendAlert(routes, text, details);
    const ok = results.filter((r) => r.ok).map((r) => r.via);
    const errors = results.filter((r) => !r.ok).map((r) => r.error ?? r.via);
    if (errors.length > 0) this.deps.log.warn({ errors }, "an alert route failed");
    return ok.length > 0 ? { via: ok.join(",") } : { via: results.map((r) => r.via).join(","), error: errors.join("; ") };
  }

  /** openclaw.json's text, or the newest backup's when the file is unreadable or not JSON (for the bot token). */
  private configText(): string | undefined {
    for (const file of [this.s.configPath, ...listBackups(this.s.stateDir)]) {
      try {
        const text = readFileSync(file, "utf8");
        JSON5.parse(text);
        return text;
      } catch {
        // try the next copy
      }
    }
    return undefined;
  }

  private configStat(): { mtimeMs: number; size: number } | undefined {
    try {
      const st = statSync(this.s.configPath);
      return { mtimeMs: st.mtimeMs, size: st.size };
    } catch {
      return undefined;
    }
  }

  private pendingBackup: Promise<void> | undefined;

  /** While the gateway is up, a changed openclaw.json that validates becomes the newest backup (the last known good). */
  private keepLastKnownGood(memory: WatchMemory, now: number, log: Logger): void {
    const st = this.configStat();
    if (!st || (memory.configSeen?.mtimeMs === st.mtimeMs && memory.configSeen.size === st.size) || this.pendingBackup) return;
    this.pendingBackup = (async () => {
      const validity = await validateConfig(this.s.openclaw, this.s.configPath, this.deps.run, this.deps.env);
      if (!validity.ok) return;
      const text = readFileSync(this.s.configPath, "utf8");
      const file = backupIfChanged(this.s.stateDir, text, now, this.s.backupsKept);
      if (file) log.info({ backup: file }, "saved openclaw.json as the last known good copy");
    })().catch((err: Error) => log.warn({ error: err.message }, "could not back up openclaw.json"));
  }

  /** Waits for a backup started by the last tick (tests, --once). */
  async settled(): Promise<void> {
    await this.pendingBackup;
    this.pendingBackup = undefined;
  }

  private withConfigSeen(memory: WatchMemory): WatchMemory {
    const st = this.configStat();
    return st ? { ...memory, configSeen: st } : memory;
  }
}
