// A rehearsal of several gateways (scenario `"gateways": N`): N simulated OpenClaw gateways on one virtual clock, the
// same providers (world steps reach every gateway), each with its own supervisor, journal and share of the turns.
// `share: true` connects them through shared health: config.sharedHealth.redis when set (a real Redis, under a key
// prefix of this run alone), otherwise an in-process stand-in for Redis. Cron jobs, channels and raw hook steps
// belong to the first gateway.
import { join } from "node:path";
import { ManualClock } from "../domain/clock.js";
import { seededRandom, seedFrom } from "../domain/random.js";
import { Executor } from "../effects/executor.js";
import { SupervisorBus } from "../runtime/bus.js";
import { Supervisor } from "../runtime/supervisor.js";
import { statusOf, type StatusSnapshot } from "../runtime/view.js";
import { createIngest } from "../adapter/ingest/index.js";
import { openJournal, createFsStorage, unsyncedStorage, type Journal } from "../journal/index.js";
import { writeFileAtomic } from "../projections/atomic-write.js";
import { SimulatedHost } from "../host/simulated/simulated-host.js";
import { describeChange } from "../host/simulated/world.js";
import { attachSharedHealth, LazyRedisStore, MemoryRedis, redisLabel, type SharedHealth, type SharedStore } from "../shared-health/index.js";
import type { Scenario } from "./scenario-types.js";
import { Recorder } from "./recorder.js";
import { scheduleLoad } from "./load-schedule.js";
import { settle, RunawayError } from "./virtual-loop.js";
import { prepareStateDir, type RehearsalDirs } from "./state-dir.js";
import { computeMetrics, type RunMetrics } from "./metrics.js";
import { topologyOf } from "./run-rehearsal.js";

export interface GatewayRun {
  readonly name: string;
  readonly host: SimulatedHost;
  readonly recorder: Recorder;
  readonly metrics: RunMetrics;
  readonly finalStatus: StatusSnapshot;
  readonly dirs: RehearsalDirs;
  /** Facts this gateway learned from the others (peer.health records). */
  readonly learned: number;
}

export interface GatewaysRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly share: boolean;
  /** What they shared through: "redis 127.0.0.1:6379", "in-process stand-in for Redis", or "nothing". */
  readonly sharedThrough: string;
  readonly gateways: readonly GatewayRun[];
  /** Every gateway's turns and requests together. */
  readonly metrics: RunMetrics;
  readonly endMs: number;
  readonly steps: number;
  readonly stateDir: string;
}

export interface GatewaysOptions {
  readonly seed?: number;
  readonly share: boolean;
  readonly stateDir?: string;
}

interface Member {
  readonly name: string;
  readonly host: SimulatedHost;
  readonly recorder: Recorder;
  readonly supervisor: Supervisor;
  readonly journal: Journal;
  readonly dirs: RehearsalDirs;
  readonly sink: ReturnType<typeof createIngest>;
  shared: SharedHealth | undefined;
  learned: number;
}

export async function runGatewaysRehearsal(scenario: Scenario, options: GatewaysOptions): Promise<GatewaysRun> {
  const seed = options.seed ?? 1;
  const count = scenario.gateways ?? 1;
  const clock = new ManualClock(scenario.startMs);
  const oc = scenario.openclaw;
  const root = prepareStateDir(options.stateDir, { scenario: scenario.name, seed, start: new Date(scenario.startMs).toISOString(), gateways: count, share: options.share });
  const redis = scenario.config.sharedHealth.redis;
  const memory = new MemoryRedis(clock);
  // A rehearsal never mixes with live gateways: its keys live under a prefix of this run alone.
  const prefix = `${redis?.keyPrefix ?? "self-heal:"}rehearsal:${process.pid}-${Date.now().toString(36)}:`;
  const members: Member[] = [];
  for (let i = 0; i < count; i++) {
    const name = `gw-${i + 1}`;
    const first = i === 0;
    const host = new SimulatedHost({
      clock, seed: seed * 1000 + i, startMs: scenario.startMs, agents: oc.agents, channels: first ? oc.channels : [], cron: first ? oc.cron : [],
      configValid: oc.configValid, timeoutSeconds: oc.timeoutSeconds, allowModelOverride: oc.allowModelOverride,
    });
    const recorder = new Recorder(scenario.startMs);
    host.onTurn = (t) => recorder.turn(t);
    const dirs = prepareStateDir(join(root.stateDir, name), { scenario: scenario.name, seed, gateway: name });
    const journal = openJournal({
      dir: dirs.journalDir, clock, requireWriter: true, flushIntervalMs: 60_000,
      maxBufferedRecords: scenario.config.journal.maxBufferedRecords, storage: unsyncedStorage(createFsStorage(dirs.journalDir, clock)),
    });
    const bus = new SupervisorBus();
    recorder.attach(bus);
    const config = first ? scenario.config : { ...scenario.config, channels: { ...scenario.config.channels, ids: [] } };
    let member: Member | undefined;
    const executor: Executor = new Executor({ host, journal, clock, bus, config: () => supervisor.config, mode: () => "rehearsal", backupDir: dirs.backupDir, probeLease: () => member?.shared });
    const topology = topologyOf(scenario);
    const supervisor: Supervisor = new Supervisor({
      config, topology: first ? topology : { ...topology, channels: [], cron: [] }, clock, random: seededRandom(seedFrom(`supervisor:${name}`, seed)), journal, executor, bus, inline: true,
    });
    const sink = createIngest({ supervisor, clock });
    host.attach(sink);
    supervisor.start();
    member = { name, host, recorder, supervisor, journal, dirs, sink, shared: undefined, learned: 0 };
    if (options.share) {
      const store: SharedStore = redis ? new LazyRedisStore(redis) : memory.client(name);
      member.shared = attachSharedHealth({ supervisor, bus, clock, store, gateway: name, keyPrefix: prefix, log: () => undefined });
    }
    members.push(member);
  }
  for (const m of members) m.host.start({ pollSeconds: m === members[0] ? scenario.config.channels.pollSeconds : undefined });

  let turnNo = 0;
  const nextGateway = () => members[turnNo++ % members.length] as Member;
  scenario.steps.forEach((step) => {
    clock.setTimer(step.atMs, () => {
      switch (step.kind) {
        case "world":
          for (const m of members) {
            m.host.applyWorld(step.change);
            m.recorder.world(step.atMs, describeChange(step.change, scenario.startMs));
          }
          return;
        case "turn":
          void nextGateway().host.runUserTurn(step.turn);
          return;
        case "load": {
          const rng = seededRandom(seedFrom(`load:${step.index}`, seed));
          scheduleLoad(clock, step.load, step.atMs, rng, (a) => void nextGateway().host.runUserTurn({ session: a.session, agentId: step.load.agentId }));
          return;
        }
        case "hook":
          members[0]?.sink.hook(step.name, step.event, step.ctx);
          return;
        case "agentEvent":
          members[0]?.sink.agentEvent(step.event);
          return;
      }
    });
  });

  let steps = 0;
  const idle = async () => {
    await settle();
    // Shared health's commands (a real Redis answers in real time) finish before virtual time moves on.
    for (const m of members) await m.shared?.idle();
    await settle();
  };
  try {
    for (;;) {
      await idle();
      const next = clock.nextDeadline();
      if (next === undefined || next > scenario.untilMs) break;
      if (++steps > 5_000_000) throw new RunawayError("rehearsal did not finish within 5000000 timer steps (a timer re-arms itself?)");
      clock.advanceTo(next);
    }
    clock.advanceTo(scenario.untilMs);
    await idle();
  } finally {
    for (const m of members) {
      m.learned = m.shared?.status().learned ?? 0;
      await m.shared?.stop();
    }
  }
  const endMs = clock.now();
  const gateways: GatewayRun[] = members.map((m) => {
    for (const e of m.host.events) m.recorder.host(e.ts, e.actor, e.text);
    m.sink.flush();
    const finalStatus = statusOf(m.supervisor, endMs);
    m.supervisor.stop();
    m.journal.close();
    writeFileAtomic(m.dirs.statusFile, `${JSON.stringify(finalStatus, null, 2)}\n`);
    m.host.stop();
    return { name: m.name, host: m.host, recorder: m.recorder, metrics: metricsOf(scenario, [m.host]), finalStatus, dirs: m.dirs, learned: m.learned };
  });
  const sharedThrough = !options.share ? "nothing" : redis ? redisLabel(redis.url) : "in-process stand-in for Redis";
  return { scenario, seed, share: options.share, sharedThrough, gateways, metrics: metricsOf(scenario, members.map((m) => m.host)), endMs, steps, stateDir: root.stateDir };
}

function metricsOf(scenario: Scenario, hosts: readonly SimulatedHost[]): RunMetrics {
  return computeMetrics({
    scenario,
    turns: hosts.flatMap((h) => h.turns),
    requests: hosts.flatMap((h) => h.requests),
    alerts: hosts.reduce((n, h) => n + h.alerts.length, 0),
    cronRuns: hosts.flatMap((h) => h.cron.runs),
    unfinished: hosts.reduce((n, h) => n + h.inFlight(), 0),
  });
}
