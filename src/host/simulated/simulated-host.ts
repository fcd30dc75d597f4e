// SimulatedHost: a simulated OpenClaw 2026.9.6 on a virtual clock — the Host port for rehearsals.
import type { Alert, ConfigCheck, Host, ProbeOutcome } from "../host.js";
import type { Clock } from "../../domain/clock.js";
import { seededRandom, seedFrom } from "../../domain/random.js";
import { isRetryable, type Classification } from "../../domain/taxonomy.js";
import type { AgentChain } from "../../config/topology.js";
import type { HookSink } from "../../adapter/ingest/hook-sink.js";
import { World, type WorldChange, type WorldInit } from "./world.js";
import { idFactory, sleep, SILENT_SINK, type RequestRecord, type SimContext } from "./sim-context.js";
import { sendRequest } from "./provider-request.js";
import { runTurn, type TurnRecord } from "./turn-engine.js";
import { gatewayCtx, GATEWAY_PORT, type RunIdentity } from "./payloads.js";
import { configText, validateConfig } from "./openclaw-config.js";
import { CronScheduler } from "./cron-scheduler.js";
import { redactSecrets } from "../../domain/classifier/redact.js";

export interface SimulatedHostOptions extends WorldInit {
  readonly clock: Clock;
  readonly agents: readonly AgentChain[];
  readonly seed?: number;
  /** The plugin's hooks; omit for OpenClaw alone. */
  readonly sink?: HookSink;
  /** subagent.allowModelOverride: probes may name a model that is no agent's primary (default false, as in OpenClaw). */
  readonly allowModelOverride?: boolean;
}

export interface TurnRequest {
  readonly session: string;
  readonly agentId?: string | undefined;
  /** A model the user pinned for this session (`/model`): strict, no fallback. */
  readonly model?: string | undefined;
  readonly prompt?: string | undefined;
}

/** Something the simulated OpenClaw did that a timeline should show (restarts, reconnects, alerts). */
export interface HostEvent {
  readonly ts: number;
  readonly actor: string;
  readonly text: string;
}

interface SessionState {
  tail: Promise<unknown>;
  started: boolean;
  /** Set by patch_session (a supervisor choice: keeps the fallbacks). */
  override?: string | undefined;
  /** Set by the user: strict. */
  pinned?: string | undefined;
}

export class SimulatedHost implements Host {
  readonly world: World;
  readonly requests: RequestRecord[] = [];
  readonly turns: TurnRecord[] = [];
  readonly alerts: Alert[] = [];
  readonly events: HostEvent[] = [];
  readonly cron: CronScheduler;
  onTurn: ((turn: TurnRecord) => void) | undefined;
  private readonly sim: SimContext;
  private readonly sessions = new Map<string, SessionState>();
  private readonly agents: readonly AgentChain[];
  private readonly channelIds: readonly string[];
  private sink: HookSink;
  private seq = 0;
  private running = 0;
  /** Idempotency keys of re-runs that answered (the transcript check of the real host). */
  private readonly answeredKeys = new Set<string>();
  private gatewayUpAt = 0;
  private pollTimer: { id: number } | undefined;

  constructor(private readonly opts: SimulatedHostOptions) {
    const seed = opts.seed ?? 1;
    this.world = new World(opts);
    this.agents = opts.agents;
    this.channelIds = opts.channels ?? [];
    this.sink = opts.sink ?? SILENT_SINK;
    const rng = seededRandom(seedFrom("latency", seed));
    const newId = idFactory(seededRandom(seedFrom("ids", seed)));
    const self = this;
    this.sim = {
      clock: opts.clock, world: this.world, rng, newId,
      get sink() {
        return self.sink;
      },
      nextSeq: () => ++this.seq,
      record: (r) => this.requests.push(r),
    };
    this.cron = new CronScheduler(this.sim, this.world, (jobId, prompt) => this.cronTurn(jobId, prompt), (e) => this.note(e.actor, e.text));
  }

  /** Connects the plugin (the ingest) to the simulated gateway's hooks. */
  attach(sink: HookSink): void {
    this.sink = sink;
  }

  /** Boots the gateway: gateway_start, cron timers, and (when the plugin runs) the channel poller. */
  start(opts: { pollSeconds?: number | undefined } = {}): void {
    this.sink.hook("gateway_start", { port: GATEWAY_PORT }, gatewayCtx());
    this.cron.start();
    if (opts.pollSeconds !== undefined && this.channelIds.length > 0) this.schedulePoll(opts.pollSeconds * 1000);
  }

  /** Turns still running. */
  inFlight(): number {
    return this.running;
  }

  applyWorld(change: WorldChange): void {
    this.world.apply(change);
  }

  /** Runs one user turn (queued behind the session's previous turn, as OpenClaw's session lane does). */
  runUserTurn(req: TurnRequest): Promise<TurnRecord> {
    const agent = this.agentOf(req.agentId);
    const state = this.session(agent.agentId, req.session);
    if (req.model !== undefined) state.pinned = req.model;
    return this.enqueue(state, agent, req.session, "user", req.prompt ?? `message for ${req.session}`, undefined);
  }

  private cronTurn(jobId: string, prompt: string): Promise<TurnRecord> {
    const agent = this.agentOf(undefined);
    return this.enqueue(this.session(agent.agentId, `cron:${jobId}`), agent, `cron:${jobId}`, "cron", prompt, jobId);
  }

  private enqueue(state: SessionState, agent: AgentChain, session: string, trigger: "user" | "cron", prompt: string, jobId: string | undefined, runKey?: string): Promise<TurnRecord> {
    const arrivedAt = this.opts.clock.now();
    const go = async (): Promise<TurnRecord> => {
      this.running++;
      try {
        if (this.gatewayUpAt > this.opts.clock.now()) await sleep(this.opts.clock, this.gatewayUpAt - this.opts.clock.now());
        const run: RunIdentity = { runId: runKey ?? this.sim.newId(), agentId: agent.agentId, sessionId: session, sessionKey: `agent:${agent.agentId}:explicit:${session}`, trigger, ...(jobId ? { jobId } : {}) };
        if (!state.started) {
          state.started = true;
          this.sink.hook("session_start", { sessionId: run.sessionId, sessionKey: run.sessionKey }, { agentId: run.agentId, sessionId: run.sessionId, sessionKey: run.sessionKey });
        }
        const ran = await runTurn(this.sim, { run, session, prompt, chain: this.chainFor(agent, state), arrivedAt });
        const turn: TurnRecord = runKey ? { ...ran, recovery: true } : ran;
        this.turns.push(turn);
        this.onTurn?.(turn);
        return turn;
      } finally {
        this.running--;
      }
    };
    const result = state.tail.then(go, go);
    state.tail = result.catch(() => undefined);
    return result;
  }

  private chainFor(agent: AgentChain, state: SessionState): string[] {
    if (state.pinned) return [state.pinned];
    if (!state.override) return [...agent.chain];
    return [...new Set([state.override, ...agent.chain.slice(1), agent.chain[0] as string])];
  }

  private agentOf(agentId: string | undefined): AgentChain {
    const agent = (agentId ? this.agents.find((a) => a.agentId === agentId) : undefined) ?? this.agents[0];
    if (!agent) throw new Error("the simulated OpenClaw has no agent with a model chain");
    return agent;
  }

  private session(agentId: string, session: string): SessionState {
    const key = `${agentId}:${session}`;
    let state = this.sessions.get(key);
    if (!state) {
      state = { tail: Promise.resolve(), started: false };
      this.sessions.set(key, state);
    }
    return state;
  }

  private schedulePoll(everyMs: number): void {
    const clock = this.opts.clock;
    this.pollTimer = clock.setTimer(clock.now() + everyMs, () => {
      for (const channel of this.channelIds) {
        const connected = this.world.channels.get(channel)?.connected ?? false;
        this.sink.hook("self_heal.channel_status", { channel, connected }, {});
      }
      this.schedulePoll(everyMs);
    });
  }

  /** Stops the poller and cron timers (virtual timers only; nothing else to release). */
  stop(): void {
    if (this.pollTimer) this.opts.clock.clearTimer(this.pollTimer);
    this.cron.stop();
  }

  private note(actor: string, text: string): void {
    // Shown in the rehearsal's timeline: simulated error texts may quote credentials a scenario put there.
    this.events.push({ ts: this.opts.clock.now(), actor, text: redactSecrets(text) });
  }

  // ---- Host port: the supervisor's effects act on the simulated world --------------------------

  async probeModel(model: string, timeoutMs: number): Promise<ProbeOutcome> {
    // The gateway probes an agent's primary as that agent's own model; naming any other model is an override
    // OpenClaw refuses without subagent.allowModelOverride (the real host then reports "probe not permitted").
    if (!this.opts.allowModelOverride && !this.agents.some((a) => a.chain[0] === model)) {
      throw new Error(`probe not permitted: OpenClaw refuses a model override for ${model} without plugins.entries.self-heal.subagent.allowModelOverride`);
    }
    const result = await sendRequest(this.sim, model, { probe: true, timeoutMs });
    const fault = result.fault;
    if (!fault) return { ok: true, durationMs: result.durationMs };
    const category = fault.kind === "hang" ? "timeout" : fault.category;
    const classification: Classification = {
      category, retryable: isRetryable(category), evidence: `probe: ${fault.errorMessage}`,
      ...(fault.status !== undefined ? { status: fault.status } : {}),
      ...(fault.retryAfterS !== undefined ? { retryAfterMs: fault.retryAfterS * 1000 } : {}),
    };
    return { ok: false, durationMs: result.durationMs, classification };
  }

  async restartChannel(channel: string): Promise<void> {
    const clock = this.opts.clock;
    this.note(`channel ${channel}`, "restart requested");
    await sleep(clock, 2_000);
    const ch = this.world.channels.get(channel);
    if (ch?.canConnect) {
      clock.setTimer(clock.now() + 8_000, () => {
        if (!ch.canConnect) return;
        ch.connected = true;
        this.note(`channel ${channel}`, "reconnected after restart");
      });
    }
  }

  async restartGateway(reason: string): Promise<void> {
    const clock = this.opts.clock;
    this.note("gateway", `restarting (${reason})`);
    this.sink.hook("gateway_stop", { reason: "gateway stopping" }, gatewayCtx());
    this.gatewayUpAt = clock.now() + 12_000;
    clock.setTimer(this.gatewayUpAt, () => {
      for (const [id, ch] of this.world.channels) {
        if (ch.canConnect && !ch.connected) {
          ch.connected = true;
          this.note(`channel ${id}`, "reconnected with the gateway");
        }
      }
      this.note("gateway", "started");
      this.sink.hook("gateway_start", { port: GATEWAY_PORT }, gatewayCtx());
    });
    await sleep(clock, 1_000);
  }

  async disableCron(jobId: string): Promise<void> {
    this.cron.disable(jobId);
    this.note(`cron ${jobId}`, "disabled");
  }

  async disablePlugin(pluginId: string): Promise<void> {
    this.note(`plugin ${pluginId}`, "disabled");
  }

  async patchSession(sessionKey: string, model: string | null): Promise<void> {
    const parts = sessionKey.split(":");
    const agentId = parts[1] ?? "main";
    const session = parts.slice(3).join(":") || sessionKey;
    this.session(agentId, session).override = model ?? undefined;
    this.note(`session ${session}`, model ? `model set to ${model}` : "model override cleared");
  }

  /**
   * Re-runs a task's turn the way the gateway does (subagent.run in the original session with the idempotency
   * key as run id, then waitForRun): a key that already answered runs nothing; a re-run that fails throws.
   */
  async recoverTask(taskId: string, params: Readonly<Record<string, unknown>> = {}): Promise<void> {
    const sessionKey = String(params.sessionKey ?? "");
    const runKey = String(params.runKey ?? "");
    const match = /^agent:([^:]+):explicit:(.+)$/.exec(sessionKey);
    if (!match || !runKey) throw new Error(`task ${taskId}: missing sessionKey or runKey`);
    const prior = Array.isArray(params.priorKeys) ? params.priorKeys.filter((k): k is string => typeof k === "string") : [];
    if ([runKey, ...prior].some((k) => this.answeredKeys.has(k))) return;
    const [, agentId, session] = match as unknown as [string, string, string];
    const agent = this.agentOf(agentId);
    const turn = await this.enqueue(this.session(agent.agentId, session), agent, session, "user", `message for ${session}`, undefined, runKey);
    if (!turn.ok) throw new Error(`re-run ${runKey} ended error: ${String(turn.error ?? "").slice(0, 300)}`);
    this.answeredKeys.add(runKey);
  }

  async sendAlert(alert: Alert): Promise<void> {
    this.alerts.push(alert);
  }

  async readOpenClawConfig(): Promise<string | undefined> {
    return configText(this.agents, this.channelIds, this.world.configValid, this.world.configError);
  }

  async validateOpenClawConfig(): Promise<ConfigCheck> {
    return validateConfig(this.world.configValid, this.world.configError);
  }
}


