// Runs one scenario file both ways: through the rehearsal (virtual time) and through a real gateway (real time),
// and reads what the parity test compares (parity-view.ts) from each.
//
// Gateway side: each scenario gets its own agent and its own models on the fake provider (several scenarios share
// one gateway); a `world` step becomes the fake provider's behaviour for that model at the same offset, a `turn` step
// a real `openclaw agent` turn in the same session at the same offset (not awaited: turns overlap as in the rehearsal).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseScenario } from "../../../src/rehearsal/parse-scenario.js";
import { runRehearsal } from "../../../src/rehearsal/run-rehearsal.js";
import type { Scenario } from "../../../src/rehearsal/scenario-types.js";
import type { WorldChange } from "../../../src/host/simulated/world.js";
import type { Behaviour, FakeProvider } from "../support/fake-provider.js";
import type { AgentSpec, Gateway, ProviderSpec } from "../support/gateway.js";
import { actionSequence, probedModels, reruns, SAME_NAMES, type JournalRecord, type NameMap, type ParityView, type TurnOutcome, type TurnView } from "./parity-view.js";
import { journal, REPO, type JournalLine } from "./self-heal.js";

export interface ParityScenario {
  readonly scenario: Scenario;
  /** The file's `config` block as written (the gateway's plugin config). */
  readonly rawConfig: Record<string, unknown>;
}

export function loadBuiltin(name: string): ParityScenario {
  const raw = JSON.parse(readFileSync(path.join(REPO, "scenarios", `${name}.json`), "utf8")) as Record<string, unknown>;
  const parsed = parseScenario(raw);
  if (!parsed.ok) throw new Error(`scenario ${name}: ${parsed.errors.join("; ")}`);
  return { scenario: parsed.scenario, rawConfig: (raw.config ?? {}) as Record<string, unknown> };
}

export function readJournalDir(dir: string): JournalRecord[] {
  const lines: JournalRecord[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const l of readFileSync(path.join(dir, f), "utf8").split("\n")) {
      if (!l.trim()) continue;
      try {
        lines.push(JSON.parse(l) as JournalRecord);
      } catch {
        // a torn last line
      }
    }
  }
  return lines.sort((a, b) => a.seq - b.seq);
}

function turnSteps(s: Scenario) {
  return s.steps.flatMap((st) => (st.kind === "turn" ? [st] : []));
}

/** The rehearsal's view: user turns from the simulated host, the rest from the rehearsal's own journal. */
export async function rehearse(s: Scenario): Promise<ParityView> {
  const run = await runRehearsal(s, { stateDir: mkdtempSync(path.join(os.tmpdir(), "parity-rehearsal-")) });
  const records = readJournalDir(run.dirs!.journalDir);
  const user = run.host.turns.filter((t) => t.trigger === "user" && !t.recovery);
  const turns = turnSteps(s).map((st): TurnView => {
    const t = user.find((u) => u.arrivedAt === st.atMs && u.session === st.turn.session);
    if (!t) throw new Error(`rehearsal ${s.name}: no turn for step ${st.index}`);
    const outcome: TurnOutcome = t.outcome === "answered" ? "answered" : t.outcome === "blocked" ? "held" : "failed";
    return { step: st.index, session: st.turn.session, outcome, ...(t.ok && t.model ? { model: t.model } : {}) };
  });
  return { turns, reruns: reruns(records, SAME_NAMES), actions: actionSequence(records, SAME_NAMES), probed: probedModels(records, SAME_NAMES) };
}

/** How scenario number `i` is laid out in the shared gateway: its agents, providers and models, and the way back. */
export class GatewayLayout {
  private readonly toGateway = new Map<string, string>();
  private readonly toScenario = new Map<string, string>();

  constructor(readonly index: number, readonly scenario: Scenario) {
    const providers = [...new Set(scenario.openclaw.agents.flatMap((a) => a.chain.map((m) => m.split("/")[0] as string)))];
    for (const ref of new Set(scenario.openclaw.agents.flatMap((a) => a.chain))) {
      const [provider, ...rest] = ref.split("/");
      // Providers of their own (never a real provider's id) and model ids unique across scenarios.
      this.pair(ref, `sim${index}${String.fromCharCode(97 + providers.indexOf(provider as string))}/s${index}-${rest.join("/")}`);
    }
    for (const a of scenario.openclaw.agents) this.pair(a.agentId, `p${index}${a.agentId}`);
  }

  private pair(scenarioName: string, gatewayName: string): void {
    this.toGateway.set(scenarioName, gatewayName);
    this.toScenario.set(gatewayName, scenarioName);
  }

  gatewayName(name: string): string {
    const g = this.toGateway.get(name);
    if (!g) throw new Error(`scenario ${this.scenario.name}: no gateway name for ${name}`);
    return g;
  }

  /** The fake provider's model id (what it keys behaviours by). */
  fakeModel(ref: string): string {
    return this.gatewayName(ref).split("/").slice(1).join("/");
  }

  /** OpenClaw binds a session id to one agent: each scenario's sessions get ids of their own. */
  sessionId(session: string): string {
    return `p${this.index}-${session}`;
  }

  readonly names: NameMap = (token) => this.toScenario.get(token) ?? (token.startsWith(`p${this.index}-`) ? token.slice(`p${this.index}-`.length) : undefined);

  agents(): AgentSpec[] {
    return this.scenario.openclaw.agents.map((a) => ({ id: this.gatewayName(a.agentId), primary: this.gatewayName(a.chain[0] as string), fallbacks: a.chain.slice(1).map((m) => this.gatewayName(m)) }));
  }

  providers(): ProviderSpec[] {
    const ids = new Set(this.agents().flatMap((a) => [a.primary, ...(a.fallbacks ?? [])].map((m) => m.split("/")[0] as string)));
    return [...ids].map((id) => ({ id, timeoutSeconds: this.scenario.openclaw.timeoutSeconds }));
  }
}

/** The fake provider's behaviour for a scenario's model change. */
export function behaviourOf(change: Extract<WorldChange, { kind: "model" }>): Behaviour {
  if (change.hangs) return { kind: "hang" };
  if (change.fails === null) return { kind: "ok" };
  if (change.resetAtMs !== undefined || change.error !== undefined) throw new Error(`parity: ${change.model}: resetAt and error texts have no fake provider behaviour yet`);
  const status = (category: string, fallback: number): Behaviour => {
    const code = String(change.status ?? fallback);
    if (!["400", "401", "402", "403", "404", "500", "502", "503", "529"].includes(code)) throw new Error(`parity: ${category} with HTTP ${code} has no fake behaviour`);
    return { kind: code } as Behaviour;
  };
  switch (change.fails) {
    case "rate_limit":
      return { kind: "429", ...(change.retryAfterS !== undefined ? { retryAfter: change.retryAfterS } : {}) };
    case "server_overload":
      return status(change.fails, 503);
    case "server_error":
      return status(change.fails, 500);
    case "auth_failed":
      return status(change.fails, 401);
    default:
      throw new Error(`parity: ${change.model} fails ${change.fails}: no fake provider behaviour yet`);
  }
}

const HELD_TEXT = /every AI model of this assistant is failing right now/;

/**
 * Whether self-heal held this turn: its `turn.held` record in the gateway's journal. Over the OpenAI-compatible
 * endpoint OpenClaw 2026.9.6 answers a run its before_agent_run hook blocked with HTTP 500 "internal error" and
 * not the hold notice (the notice reaches chat channels and the CLI), so the notice text alone cannot tell.
 */
function heldByJournal(gw: Gateway, sessionKey: string, sentAt: number): boolean {
  return journal(gw).some((r: JournalLine) => r.type === "turn.held" && r.sessionKey === sessionKey && Date.parse(String(r.ts)) >= sentAt - 1_000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export interface PlayedTurn extends TurnView {
  /** Offset the turn was sent at, and how long it took (ms of real time). */
  readonly sentAtMs: number;
  readonly wallMs: number;
  /** When the turn's first model call reached the fake provider (ms after t0), if it did. */
  readonly reachedMs?: number;
  readonly tail: string;
}

/**
 * One real user turn through the gateway's OpenAI-compatible endpoint (no CLI process per turn, so a loaded machine
 * does not shift it by seconds), in the session `agent:<agent>:explicit:<sessionId>` the rehearsal uses too.
 * Outcome as the user saw it: an answer, the hold notice, or an error; the answering model is the one whose answer
 * the fake provider sent for this turn's prompt.
 */
export async function realTurn(gw: Gateway, fake: FakeProvider, layout: GatewayLayout, agentId: string, session: string, prompt: string, t0: number): Promise<PlayedTurn & { step: number }> {
  const sentAt = Date.now();
  let status = 0;
  let text = "";
  const sessionKey = `agent:${agentId}:explicit:${layout.sessionId(session)}`;
  try {
    const r = await gw.http("/v1/chat/completions", {
      body: { model: `openclaw/${agentId}`, messages: [{ role: "user", content: prompt }] },
      headers: { "x-openclaw-session-key": sessionKey },
      timeoutMs: 300_000,
    });
    status = r.status;
    text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
  } catch (error) {
    text = String(error);
  }
  const calls = fake.requests({ since: sentAt, isProbe: false }).filter((q) => q.lastUser.includes(prompt));
  const answer = calls.find((q) => q.status === 200);
  const model = answer ? layout.names(`${answer.provider}/${answer.model}`) ?? `${answer.provider}/${answer.model}` : undefined;
  const held = HELD_TEXT.test(text) || (status !== 200 && heldByJournal(gw, sessionKey, sentAt));
  const outcome: TurnOutcome = held ? "held" : status === 200 && answer ? "answered" : "failed";
  return { step: -1, session, outcome, ...(outcome === "answered" && model ? { model } : {}), sentAtMs: sentAt - t0, wallMs: Date.now() - sentAt, ...(calls[0] ? { reachedMs: calls[0].at - t0 } : {}), tail: `HTTP ${status} ${text.slice(0, 300)}` };
}

/** The longest a world step waits for the turns sent before it to reach their model (see `play`). */
const TURN_START_CAP_MS = 60_000;

/**
 * Plays the scenario's world and turn steps on the gateway from `t0` (epoch ms) and returns every user turn's outcome.
 * Order is kept, not just offsets: a world step waits until every turn sent before it has called its model (or ended),
 * and the steps after it move by that wait. In the rehearsal a turn calls its model the moment it arrives; a real
 * gateway took 1-17 s from the HTTP request to the model call on this 2-core machine (four scenarios at once), and a
 * fault that lands first would make the turn meet a world the scenario never put it in.
 */
export async function play(gw: Gateway, fake: FakeProvider, layout: GatewayLayout, t0: number): Promise<PlayedTurn[]> {
  const s = layout.scenario;
  const pending: Array<Promise<PlayedTurn>> = [];
  const started: Array<() => boolean> = [];
  let lag = 0;
  for (const st of [...s.steps].sort((a, b) => a.atMs - b.atMs || a.index - b.index)) {
    await sleep(t0 + lag + (st.atMs - s.startMs) - Date.now());
    if (st.kind === "world" && st.change.kind === "model") {
      const from = Date.now();
      while (!started.every((f) => f()) && Date.now() - from < TURN_START_CAP_MS) await sleep(100);
      lag += Date.now() - from;
      fake.setBehaviour(layout.fakeModel(st.change.model), behaviourOf(st.change));
    } else if (st.kind === "turn") {
      const agent = layout.gatewayName(st.turn.agentId ?? s.openclaw.agents[0]!.agentId);
      const prompt = `${st.turn.prompt ?? `message for ${st.turn.session}`} (${s.name} step ${st.index})`;
      const sentAt = Date.now();
      let ended = false;
      pending.push(realTurn(gw, fake, layout, agent, st.turn.session, prompt, t0).then((t) => {
        ended = true;
        return { ...t, step: st.index };
      }));
      started.push(() => ended || fake.requests({ since: sentAt, isProbe: false }).some((q) => q.lastUser.includes(prompt)));
    } else {
      throw new Error(`parity: step ${st.index} (${st.kind}) has no gateway counterpart yet`);
    }
  }
  await sleep(t0 + lag + (s.untilMs - s.startMs) - Date.now());
  return Promise.all(pending);
}

/** The gateway's view of one scenario: user turns as played, the rest from the shared journal (this scenario's records only). */
export function gatewayView(turns: readonly PlayedTurn[], records: readonly JournalRecord[], layout: GatewayLayout): ParityView {
  return {
    turns: turns.map(({ step, session, outcome, model }) => ({ step, session, outcome, ...(model ? { model } : {}) })),
    reruns: reruns(records, layout.names),
    actions: actionSequence(records, layout.names),
    probed: probedModels(records, layout.names),
  };
}
