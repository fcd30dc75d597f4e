// The Host port on a real OpenClaw gateway: probes through OpenClaw's runtime, acts through its CLI/RPC/cron.
import { readFile } from "node:fs/promises";
import type { Host, ProbeOutcome, ConfigCheck, Alert } from "../host/host.js";
import { classify } from "../domain/classifier/index.js";
import type { OpenClawCli } from "./openclaw-cli.js";
import { isHostTransient, isPolicyRefusal } from "./call-pump.js";
import { answerOf, recoveredAnswerText, routeFromParams, usedTools, userMessageOf, MANUAL_MARK, UNDELIVERED_MARK, type DeliveryRoute } from "../tasks/index.js";
import { readValidateOutput } from "../config/validate-output.js";

export interface CronHandle {
  update(id: string, patch: { enabled?: boolean }): Promise<unknown> | unknown;
}

export interface GatewayCapabilities {
  /** api.runtime.subagent.complete: throws provider errors with {status, code, message, retryAfterMs} causes. */
  readonly subagentComplete: (params: { agentId: string; message: string; model?: string; timeoutMs: number }) => Promise<unknown>;
  /** api.runtime.llm.complete: never throws on provider errors (stopReason "error" without details). */
  readonly llmComplete: (params: { messages: Array<{ role: "user"; content: string }>; model: string; agentId: string; maxTokens: number; purpose: string; signal: AbortSignal }) => Promise<unknown>;
  /** The agent whose credentials probe this model, and whether the model is that agent's primary. */
  readonly agentFor: (model: string) => { agentId: string; primary: boolean };
  /** Runs a host call from the process-wide pump (see call-pump.ts). */
  readonly schedule: <T>(fn: () => Promise<T>) => Promise<T>;
  readonly cli: OpenClawCli;
  readonly getCron: () => CronHandle | undefined;
  readonly emit: (event: string, payload: Record<string, unknown>) => void;
  readonly configPath: string;
  readonly alertTarget: () => { channel?: string | undefined; target?: string | undefined; webhookUrl?: string | undefined };
  readonly probing: Set<string>;
  readonly now: () => number;
  readonly log: (level: "info" | "warn" | "error", message: string) => void;
  /** False when OpenClaw's `commands.restart` is false (it then ignores a restart signal). */
  readonly restartAllowed?: () => boolean;
  /** api.runtime.subagent.{run, waitForRun, getSessionMessages}: re-runs an interrupted turn in its own session. */
  /** The kept text of a held turn (see Task.heldPrompt); its transcript has only OpenClaw's block notice. */
  readonly taskText?: (taskId: string) => string | undefined;
  /** api.runtime.channel.outbound: sends a text to a chat through the channel's own outbound adapter, in process. */
  readonly sendText?: (route: DeliveryRoute, text: string) => Promise<void>;
  readonly subagent?: {
    run(params: { sessionKey: string; message: string; idempotencyKey: string; deliver: boolean }): Promise<{ runId: string }>;
    waitForRun(params: { runId: string; timeoutMs: number }): Promise<{ status?: string; error?: string }>;
    getSessionMessages(params: { sessionKey: string; limit: number }): Promise<{ messages: unknown[] }>;
  };
}

/** `openclaw config validate` takes 3–6 s on an idle 2-core machine and over a minute on a saturated one. */
const VALIDATE_TIMEOUT_MS = 120_000;

/** Why a restart signal would not restart this gateway, or undefined when it would. */
export function gatewayRestartRefusal(signalListeners: number, restartAllowed: boolean): string | undefined {
  if (signalListeners === 0) return "this process has no gateway restart handler (not started by `openclaw gateway run`); restart it through your service manager or `openclaw gateway restart`";
  if (!restartAllowed) return "OpenClaw's commands.restart is false, so the gateway ignores restart requests; set it to true or restart it through your service manager";
  return undefined;
}

export const PROBE_PROMPT = "Reply with the single word OK. [self-heal probe]";

export class OpenClawHost implements Host {
  constructor(private readonly caps: GatewayCapabilities) {}

  async probeModel(model: string, timeoutMs: number): Promise<ProbeOutcome> {
    const { caps } = this;
    const started = caps.now();
    const { agentId, primary } = caps.agentFor(model);
    caps.probing.add(model);
    try {
      return await caps.schedule(async () => {
        try {
          // An agent's primary needs no override permission: probe it as that agent's own model.
          await caps.subagentComplete({ agentId, message: PROBE_PROMPT, ...(primary ? {} : { model }), timeoutMs });
          return { ok: true, durationMs: caps.now() - started };
        } catch (error) {
          if (isHostTransient(error)) throw new Error(`host busy, probe postponed: ${(error as Error).message}`);
          if (!isPolicyRefusal(error)) return { ok: false, durationMs: caps.now() - started, classification: classify(error, { now: caps.now() }) };
        }
        // subagent overrides not allowed: llm.complete tells success from failure, without details.
        try {
          const result = (await caps.llmComplete({ messages: [{ role: "user", content: PROBE_PROMPT }], model, agentId, maxTokens: 8, purpose: "self-heal.probe", signal: AbortSignal.timeout(timeoutMs) })) as { stopReason?: string };
          if (result?.stopReason === "error") return { ok: false, durationMs: caps.now() - started, classification: { category: "unknown", retryable: false, evidence: "llm.complete stopReason=error (no details; allow subagent.allowModelOverride for classified probes)" } };
          if (result?.stopReason === "aborted") return { ok: false, durationMs: caps.now() - started, classification: { category: "timeout", retryable: true, evidence: `probe unanswered after ${timeoutMs} ms` } };
          return { ok: true, durationMs: caps.now() - started };
        } catch (error) {
          if (isPolicyRefusal(error) || isHostTransient(error)) throw new Error(`probe not permitted: ${(error as Error).message}`);
          return { ok: false, durationMs: caps.now() - started, classification: classify(error, { now: caps.now() }) };
        }
      });
    } finally {
      caps.probing.delete(model);
    }
  }

  async restartChannel(channel: string): Promise<void> {
    const params = JSON.stringify({ channel });
    const cli = this.caps.cli;
    await this.caps.schedule(() => cli.json(["gateway", "call", "channels.stop", "--params", params, "--json"], 30_000));
    const started = await this.caps.schedule(() => cli.json(["gateway", "call", "channels.start", "--params", params, "--json"], 30_000));
    const rec = started && typeof started === "object" ? (started as Record<string, unknown>) : {};
    if (rec.started === false) throw new Error(`channels.start did not start ${channel}: ${JSON.stringify(rec.outcome ?? rec).slice(0, 200)}`);
  }

  async restartGateway(reason: string): Promise<void> {
    // SIGUSR2 is OpenClaw 2026.9's restart signal (gated by commands.restart, default true): its gateway run loop
    // restarts in process (or exits for systemd/launchd to start it again). Without that loop's listener the
    // signal would end the process, and with commands.restart=false OpenClaw ignores it: refuse both up front.
    const refusal = gatewayRestartRefusal(process.listenerCount("SIGUSR2"), this.caps.restartAllowed?.() ?? true);
    if (refusal) throw new Error(refusal);
    this.caps.log("warn", `self-heal: requesting a gateway restart (${reason})`);
    process.kill(process.pid, "SIGUSR2");
  }

  async disableCron(jobId: string): Promise<void> {
    const { caps } = this;
    await caps.schedule(async () => {
      const cron = caps.getCron();
      if (cron) await cron.update(jobId, { enabled: false });
      else await caps.cli.json(["cron", "disable", jobId, "--json"]);
    });
  }

  async disablePlugin(pluginId: string): Promise<void> {
    const cli = this.caps.cli;
    const r = await this.caps.schedule(() => cli.exec(["plugins", "disable", pluginId]));
    if (r.code !== 0) throw new Error(`openclaw plugins disable ${pluginId} failed: ${r.stderr.slice(0, 300)}`);
  }

  async patchSession(sessionKey: string, model: string | null): Promise<void> {
    const cli = this.caps.cli;
    await this.caps.schedule(() => cli.json(["gateway", "call", "sessions.patch", "--params", JSON.stringify({ key: sessionKey, model }), "--json"]));
  }

  /**
   * Re-runs the user message of run `sourceRunId` in `sessionKey` with idempotency key `runKey` (OpenClaw
   * uses it as the runId and answers a repeat with the same run). Never answers twice: an answer of
   * `runKey` already in the transcript (e.g. before a restart) ends the task without a new run. With
   * `params.deliver` (the chat the turn came from) the answer is also sent there, marked with the first
   * words of the question, and never once the task is past `params.deadline` (its age bound).
   */
  async recoverTask(taskId: string, params: Readonly<Record<string, unknown>>): Promise<void> {
    const { caps } = this;
    const sub = caps.subagent;
    if (!sub) throw new Error(`task recovery needs api.runtime.subagent (task ${taskId})`);
    const sessionKey = String(params.sessionKey ?? "");
    const sourceRunId = String(params.sourceRunId ?? "");
    const runKey = String(params.runKey ?? "");
    if (!sessionKey || !sourceRunId || !runKey) throw new Error(`task ${taskId}: missing sessionKey, sourceRunId or runKey`);
    const route = routeFromParams(params.deliver);
    const id = typeof params.taskId === "string" ? params.taskId : taskId;
    await caps.schedule(async () => {
      const { messages } = await sub.getSessionMessages({ sessionKey, limit: 200 });
      const prior = Array.isArray(params.priorKeys) ? params.priorKeys.filter((k): k is string => typeof k === "string") : [];
      const question = userMessageOf(messages, sourceRunId) ?? caps.taskText?.(id);
      // An earlier attempt that timed out here (or ran before a restart) may already have answered: never
      // answer twice; its answer was not delivered yet (the task would have ended), so deliver that one.
      const earlier = [runKey, ...prior].map((k) => answerOf(messages, k)).find((a) => a !== undefined);
      if (earlier !== undefined) return route ? this.deliver(route, question ?? "", earlier, params.deadline) : undefined;
      const tools = usedTools(messages, sourceRunId);
      if (tools.length > 0) throw new Error(`${MANUAL_MARK} the failed turn called tools (${tools.slice(0, 5).join(", ")}); not re-run`);
      if (question === undefined) throw new Error(`task ${id}: the user message of run ${sourceRunId} is no longer in the session`);
      const run = await sub.run({ sessionKey, message: question, idempotencyKey: runKey, deliver: false });
      const done = await sub.waitForRun({ runId: run.runId, timeoutMs: 180_000 });
      if (done.status !== "ok") throw new Error(`re-run ${run.runId} ended ${done.status ?? "unknown"}: ${String(done.error ?? "").slice(0, 300)}`);
      if (!route) return undefined;
      const after = (await sub.getSessionMessages({ sessionKey, limit: 200 })).messages;
      const answer = answerOf(after, run.runId) ?? answerOf(after, runKey);
      // A run that chose to stay silent (no visible text) has nothing to deliver.
      return answer === undefined ? undefined : this.deliver(route, question, answer, params.deadline);
    });
  }

  /** Sends a recovered answer to the chat its question came from, unless the task is past its age bound. */
  private async deliver(route: DeliveryRoute, question: string, answer: string, deadline: unknown): Promise<void> {
    const { caps } = this;
    if (typeof deadline === "number" && caps.now() >= deadline) throw new Error(`the answer is ready but the question is older than its age bound; not sent to ${route.channel}`);
    if (!caps.sendText) throw new Error(`no outbound send in this OpenClaw; the answer stays in the session only`);
    try {
      await caps.sendText(route, recoveredAnswerText(question, answer));
    } catch (error) {
      throw new Error(`${UNDELIVERED_MARK} the answer is ready but sending it to ${route.channel} failed: ${(error as Error).message}`);
    }
  }

  async sendAlert(alert: Alert): Promise<void> {
    const { caps } = this;
    const text = [alert.title, ...alert.lines].join("\n");
    caps.emit("alert", { key: alert.key, severity: alert.severity, title: alert.title, lines: [...alert.lines], ts: alert.ts });
    const target = caps.alertTarget();
    const failures: string[] = [];
    if (target.channel && target.target) {
      const { channel, target: to } = target;
      const r = await caps.schedule(() => caps.cli.exec(["message", "send", "--channel", channel, "--target", to, "--message", text], 180_000));
      if (r.code !== 0) failures.push(`message send to ${channel} exited ${r.code}${r.code === 124 ? " (timed out after 180 s)" : ""}: ${(r.stderr.trim() || r.stdout.trim()).slice(0, 200)}`);
    }
    if (target.webhookUrl) {
      try {
        const res = await fetch(target.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...alert, text }), signal: AbortSignal.timeout(10_000) });
        if (!res.ok) failures.push(`webhook answered ${res.status}`);
      } catch (error) {
        failures.push(`webhook: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(failures.join("; "));
  }

  async readOpenClawConfig(): Promise<string | undefined> {
    try {
      return await readFile(this.caps.configPath, "utf8");
    } catch {
      return undefined;
    }
  }

  async validateOpenClawConfig(): Promise<ConfigCheck> {
    const cli = this.caps.cli;
    const r = await this.caps.schedule(() => cli.exec(["config", "validate", "--json"], VALIDATE_TIMEOUT_MS));
    // runCommandWithTimeout reports a timeout as exit code 124: the config was not judged, say so.
    if (r.code === 124) return { ok: false, errors: [`openclaw config validate did not finish within ${VALIDATE_TIMEOUT_MS / 1000} s; not restarting without a validation`] };
    return readValidateOutput(r.code, r.stdout, r.stderr, 10);
  }
}
