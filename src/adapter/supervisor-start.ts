// The supervisor's start-up: everything the running supervisor needs (runtime, journal, machines, config watcher).
// Loaded with a dynamic import from the service's start(), so the gateway's other plugin instances (discovery,
// replacements) evaluate only the light entry (register.ts) and never this graph.
import { join } from "node:path";
import type { OpenClawPluginApi, OpenClawPluginServiceContext } from "./api.js";
import { parseConfig } from "../config/parse-config.js";
import { PLUGIN_ID } from "../config/manifest.js";
import { topologyOf } from "../config/openclaw-config.js";
import { ConfigWatcher } from "../config/config-watcher.js";
import { systemClock } from "../domain/clock.js";
import { createRuntime, type Runtime } from "../runtime/create-runtime.js";
import { createIngest } from "./ingest/create-ingest.js";
import { processState, type ProcessState } from "./process-state.js";
import { OpenClawCli, type RunCommand } from "./openclaw-cli.js";
import { OpenClawHost } from "./openclaw-host.js";
import { readChannelStatus, type ChannelReading } from "./channel-status.js";
import { withLiveness } from "./channel-liveness.js";
import { checkIrcLiveness, ircEndpoint } from "./irc-liveness.js";
import { serverGoneReading, serverRefuses } from "./irc-reachable.js";
import { deafReading, isDeaf, pendingUpdates, telegramEndpoint, type BacklogSample } from "./telegram-backlog.js";
import { CallPump } from "./call-pump.js";
import { watchDisabledCron } from "../reports/gh-issue.js";
import { redeliverAlerts } from "../runtime/alert-redelivery.js";
import { alertWaitingFile } from "../runtime/alert-waiting-file.js";
import { oldEntryWarnings } from "../migrate/legacy-keys.js";
import { openclawConfigPath, probeAgentFor, resolveStateDir } from "./service.js";
import { sendToChat } from "./send-to-chat.js";
import { deliveryRouteOf } from "../tasks/delivery-route.js";

export function startSupervisor(api: OpenClawPluginApi, ctx: OpenClawPluginServiceContext, state: ProcessState): void {
  const log = (level: "info" | "warn" | "error", message: string) => ctx.logger[level](message);
  const parsed = parseConfig(api.pluginConfig);
  if (!parsed.ok) {
    state.problems = parsed.errors.map((e) => `plugins.entries.${PLUGIN_ID}.config${e.replace(/^\(root\)/, "")}`);
    log("error", `self-heal: invalid config, not supervising:\n  - ${state.problems.join("\n  - ")}`);
    ctx.serviceHealth?.reportFailure(new Error(state.problems.join("; ")));
    return;
  }
  const config = parsed.config;
  if (!config.enabled) {
    log("info", "self-heal: disabled by config (enabled=false)");
    return;
  }
  const clock = systemClock();
  // One pump per boot: created at the first start (or the start after an in-process restart, which carries
  // startupTrace); a replacement start keeps the old pump, whose async context still works.
  if (!state.pump || ctx.startupTrace) {
    state.pump?.stop();
    state.pump = new CallPump();
  }
  const pump = state.pump;
  const latest = (): OpenClawPluginApi => state.api ?? api;
  const run: RunCommand = async (argv, { timeoutMs }) => {
    const r = await latest().runtime.system.runCommandWithTimeout(argv, { timeoutMs });
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  };
  const cli = new OpenClawCli(run);
  const configPath = openclawConfigPath(ctx.stateDir);
  const host = new OpenClawHost({
    subagentComplete: (p) => latest().runtime.subagent.complete(p),
    llmComplete: (p) => latest().runtime.llm.complete(p),
    agentFor: (model) => probeAgentFor(state.runtime?.supervisor.topology.agents ?? [], model),
    schedule: (fn) => pump.run(fn),
    cli,
    getCron: () => ctx.getCron?.() as unknown as ReturnType<ConstructorParameters<typeof OpenClawHost>[0]["getCron"]>,
    emit: (event, payload) => ctx.gatewayEvents?.emit(event, payload as never, { scope: "operator.read" }),
    configPath,
    alertTarget: () => state.runtime?.supervisor.config.alerts ?? config.alerts,
    probing: state.probing,
    taskText: (taskId) => state.runtime?.tasks?.heldText(taskId),
    sendText: (route, text) => sendToChat(latest(), route, text),
    subagent: {
      run: (p) => latest().runtime.subagent.run(p) as Promise<{ runId: string }>,
      waitForRun: (p) => latest().runtime.subagent.waitForRun(p) as Promise<{ status?: string; error?: string }>,
      getSessionMessages: (p) => latest().runtime.subagent.getSessionMessages(p) as Promise<{ messages: unknown[] }>,
    },
    now: () => Date.now(),
    log,
    restartAllowed: () => (latest().config as { commands?: { restart?: unknown } } | undefined)?.commands?.restart !== false,
  });
  const stateDir = resolveStateDir(config.stateDir, ctx.stateDir);
  const runtime = createRuntime({ stateDir, config, topology: topologyOf(ctx.config, config), host, clock, random: Math.random, log, strategiesFile: join(stateDir, "strategies.json"), tasksDir: join(stateDir, "tasks"), taskRoute: (sessionKey, agentId) => deliveryRouteOf(latest().runtime.agent.session.getSessionEntry({ sessionKey, agentId })) });
  state.runtime = runtime;
  // Old plugins' keys or entries: supervising anyway, and saying how to move them over (self-heal migrate).
  state.problems = [...(parsed.warnings ?? []), ...oldEntryWarnings(ctx.config)];
  for (const w of state.problems) log("warn", `self-heal: ${w}`);
  state.ingest = createIngest({
    supervisor: runtime.supervisor,
    clock,
    isOwnProbe: (ev) => typeof ev.provider === "string" && typeof ev.model === "string" && state.probing.has(`${ev.provider}/${ev.model}`),
    steering: () => runtime.supervisor.config.enabled,
    onHeld: (held) => state.runtime?.tasks?.onHeld(held),
    stallMs: () => runtime.supervisor.config.model.stallSeconds * 1000,
    hookErrorCounts: runtime.counters.hookErrors,
    log: (message) => log("warn", message),
    isUserPinned: (sessionKey, agentId) => {
      if (runtime.supervisor.config.actions.patchSession) return false;
      const entry = latest().runtime.agent.session.getSessionEntry({ sessionKey, ...(agentId ? { agentId } : {}) }) as { modelOverrideSource?: string } | undefined;
      return entry?.modelOverrideSource === "user";
    },
  });
  if (!state.agentEventsSubscribed) {
    // Process-wide and never disposed by OpenClaw: subscribe once per process, always feed the current ingest.
    api.runtime.events.onAgentEvent((evt) => processState().ingest?.agentEvent(evt));
    state.agentEventsSubscribed = true;
  }
  void pump.run(() => loadCronJobs(ctx, state));
  state.stopPolling = startChannelPolling(cli, state, pump, () => latest().config);
  state.watcher = new ConfigWatcher({
    path: configPath,
    onChange: (loaded) => {
      const rt = state.runtime;
      if (!rt) return;
      if (!loaded.ok) rt.rejectConfig(loaded.errors);
      else rt.reconfigure(loaded.config, { ...loaded.topology, cron: rt.supervisor.topology.cron });
    },
    onError: (e) => log("warn", `self-heal: config watcher: ${e.message}`),
  });
  state.watcher.start();
  broadcastChanges(runtime, ctx);
  redeliverAlerts({ bus: runtime.bus, execute: (effect) => runtime.executor.execute(effect), alertChannel: () => runtime.supervisor.config.alerts.channel, store: alertWaitingFile(join(stateDir, "alerts-waiting.json")) });
  watchDisabledCron(runtime.bus, { repo: () => runtime.supervisor.config.alerts.githubRepo, run: (argv, o) => pump.run(() => run(argv, o)), journal: (type, fields) => runtime.journal.append(type, fields), now: () => Date.now(), log: (m) => log("warn", m) });
  log("info", `self-heal: supervising ${runtime.supervisor.topology.agents.length} agent chain(s); state in ${stateDir}${config.dryRun ? " (dry run)" : ""}`);
}

/** Gateway clients (Control UI, operators) see health and actor transitions as plugin.self-heal.<event>. */
function broadcastChanges(runtime: Runtime, ctx: OpenClawPluginServiceContext): void {
  const events = ctx.gatewayEvents;
  if (!events) return;
  const emit = (event: string, payload: Record<string, unknown>) => {
    try {
      events.emit(event, payload as never, { scope: "operator.read" });
    } catch {
      // a broadcast failure never affects supervision
    }
  };
  runtime.bus.on("health", (c) => emit("health", { from: c.from, to: c.to, reason: c.reason, ts: c.ts }));
  for (const name of ["model.state", "channel.state", "cron.state", "gateway.state"] as const) {
    runtime.bus.on(name, (c) => emit("state", { kind: c.kind, id: c.id, from: c.from, to: c.to, reason: c.reason.slice(0, 300), ts: c.ts, ...(c.until ? { until: c.until } : {}) }));
  }
}

async function loadCronJobs(ctx: OpenClawPluginServiceContext, state: ProcessState): Promise<void> {
  try {
    const cron = ctx.getCron?.();
    if (!cron) return;
    const jobs = (await cron.list({ includeDisabled: false })) as Array<{ id?: unknown; name?: unknown }>;
    const rt = state.runtime;
    if (!rt) return;
    const specs = jobs.filter((j) => typeof j.id === "string").map((j) => ({ id: j.id as string, ...(typeof j.name === "string" ? { name: j.name } : {}) }));
    rt.reconfigure(rt.supervisor.config, { ...rt.supervisor.topology, cron: specs });
  } catch {
    // cron is optional: runs still arrive through cron_changed
  }
}

/** The IRC reading to use when OpenClaw is reconnecting IRC and its server takes no connections (irc-reachable.ts). */
async function ircServerGone(readings: readonly ChannelReading[], openclawConfig: unknown): Promise<ChannelReading | undefined> {
  const irc = readings.find((r) => r.channel === "irc" && !r.connected && r.condition === "recovering");
  const endpoint = irc ? ircEndpoint(openclawConfig) : undefined;
  return irc && endpoint && (await serverRefuses(endpoint)) ? serverGoneReading(irc, endpoint) : undefined;
}

function startChannelPolling(cli: OpenClawCli, state: ProcessState, pump: CallPump, openclawConfig: () => unknown): () => void {
  let busy = false;
  let backlog: BacklogSample | undefined;
  const tick = async () => {
    const rt = state.runtime;
    if (!rt || busy || rt.supervisor.topology.channels.length === 0) return;
    busy = true;
    try {
      const now = Date.now();
      const silentAfterMs = (rt.supervisor.config.channels.silentAfterSeconds ?? 0) * 1000;
      const readings = readChannelStatus(await pump.run(() => cli.json(["channels", "status", "--json"], 60_000)), now).map((r) => withLiveness(r, now, silentAfterMs));
      if (rt.supervisor.config.channels.livenessCheck) {
        const i = readings.findIndex((r) => r.channel === "telegram" && r.connected);
        const endpoint = i >= 0 ? telegramEndpoint(openclawConfig()) : undefined;
        const pending = endpoint ? await pendingUpdates(endpoint) : undefined;
        if (i < 0 || pending === undefined) backlog = undefined;
        else {
          const cur = { at: now, pending };
          if (isDeaf(backlog, cur, readings[i]!.lastTransportActivityAt)) readings[i] = deafReading(readings[i]!, pending);
          // Keep the first sample of a backlog: it dates when the messages were already waiting.
          backlog = pending > 0 && backlog && backlog.pending > 0 ? backlog : cur;
        }
      }
      if (rt.supervisor.config.channels.livenessCheck) await checkIrcLiveness(readings, openclawConfig(), now);
      const gone = await ircServerGone(readings, openclawConfig());
      const wanted = new Set(rt.supervisor.topology.channels);
      // While OpenClaw restarts an account itself, or reconnects one whose server is gone, self-heal does not restart
      // it too (one break, one restarter).
      for (const r of readings) {
        if (!wanted.has(r.channel)) continue;
        const reading = r.channel === "irc" && gone ? gone : { ...r, hostRestarting: r.condition === "restart_pending" };
        state.ingest?.hook("self_heal.channel_status", reading, {});
      }
    } catch {
      // a failed poll is not a channel failure
    } finally {
      busy = false;
    }
  };
  const seconds = state.runtime?.supervisor.config.channels.pollSeconds ?? 60;
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref?.();
  return () => clearInterval(timer);
}

