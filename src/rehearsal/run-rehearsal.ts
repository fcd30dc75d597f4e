// Runs a scenario: the real supervisor (machines, executor in rehearsal mode, journal) against the simulated OpenClaw.
import { ManualClock } from "../domain/clock.js";
import { seededRandom, seedFrom } from "../domain/random.js";
import { agentChainsFromOpenClawConfig, type Topology } from "../config/topology.js";
import { Executor } from "../effects/executor.js";
import { SupervisorBus } from "../runtime/bus.js";
import { Supervisor } from "../runtime/supervisor.js";
import { statusOf, type StatusSnapshot } from "../runtime/view.js";
import { createIngest } from "../adapter/ingest/index.js";
import type { HookSink } from "../adapter/ingest/hook-sink.js";
import { openJournal, createFsStorage, unsyncedStorage, type Journal } from "../journal/index.js";
import { writeFileAtomic } from "../projections/atomic-write.js";
import { SimulatedHost } from "../host/simulated/simulated-host.js";
import { describeChange } from "../host/simulated/world.js";
import type { Scenario } from "./scenario-types.js";
import { Recorder } from "./recorder.js";
import { scheduleLoad } from "./load-schedule.js";
import { runUntil } from "./virtual-loop.js";
import { prepareStateDir, type RehearsalDirs } from "./state-dir.js";
import { computeMetrics, type RunMetrics } from "./metrics.js";
import { attachTaskRecovery, type TaskRecovery } from "../tasks/index.js";
import { attachHealthProbes } from "../runtime/health-probes.js";
import { DEFAULT_STRATEGIES } from "../strategies/index.js";

export interface RehearsalOptions {
  /** Seeds jitter, run ids and load arrivals (default 1). */
  readonly seed?: number;
  /** false: OpenClaw alone — no plugin answers a hook, nothing acts (the baseline). Default true. */
  readonly supervised?: boolean;
  /** Where the journal and status.json go (default: a fresh temp dir). Only for supervised runs. */
  readonly stateDir?: string;
}

export interface RehearsalRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly supervised: boolean;
  readonly host: SimulatedHost;
  readonly recorder: Recorder;
  readonly metrics: RunMetrics;
  readonly endMs: number;
  /** Supervised runs only. */
  readonly finalStatus?: StatusSnapshot;
  /** Supervised runs only: the tasks recorded from failed or held user turns, and what became of them. */
  readonly tasks?: ReturnType<TaskRecovery["list"]>;
  readonly dirs?: RehearsalDirs;
  /** Virtual-time deadlines the run stepped through (a cost measure). */
  readonly steps: number;
}

/** The supervisor's topology, derived from the scenario's openclaw block the way the plugin derives it from openclaw.json. */
export function topologyOf(scenario: Scenario): Topology {
  const entries = Object.fromEntries(scenario.openclaw.agents.map((a) => [a.agentId, { model: { primary: a.chain[0], fallbacks: a.chain.slice(1) } }]));
  const config = scenario.config;
  return {
    agents: agentChainsFromOpenClawConfig({ agents: { entries } }, config.modelOrder),
    channels: config.channels.ids ?? [...scenario.openclaw.channels],
    cron: scenario.openclaw.cron.map((j) => ({ id: j.id, ...(j.name ? { name: j.name } : {}) })),
  };
}


export async function runRehearsal(scenario: Scenario, options: RehearsalOptions = {}): Promise<RehearsalRun> {
  const seed = options.seed ?? 1;
  const supervised = options.supervised ?? true;
  const clock = new ManualClock(scenario.startMs);
  const oc = scenario.openclaw;
  const host = new SimulatedHost({
    clock, seed, startMs: scenario.startMs, agents: oc.agents, channels: oc.channels, cron: oc.cron,
    configValid: oc.configValid, timeoutSeconds: oc.timeoutSeconds, allowModelOverride: oc.allowModelOverride,
  });
  const recorder = new Recorder(scenario.startMs);
  host.onTurn = (t) => recorder.turn(t);

  let sink: (HookSink & { flush(): void }) | undefined;
  let journal: Journal | undefined;
  let supervisor: Supervisor | undefined;
  let dirs: RehearsalDirs | undefined;
  let recovery: TaskRecovery | undefined;
  let stopProbes = (): void => undefined;
  if (supervised) {
    dirs = prepareStateDir(options.stateDir, { scenario: scenario.name, seed, start: new Date(scenario.startMs).toISOString() });
    journal = openJournal({
      dir: dirs.journalDir, clock, requireWriter: true, flushIntervalMs: 60_000,
      maxBufferedRecords: scenario.config.journal.maxBufferedRecords, storage: unsyncedStorage(createFsStorage(dirs.journalDir, clock)),
    });
    const bus = new SupervisorBus();
    recorder.attach(bus);
    const config = scenario.config;
    const executor: Executor = new Executor({ host, journal, clock, bus, config: () => sup.config, mode: () => "rehearsal", backupDir: dirs.backupDir });
    const sup: Supervisor = new Supervisor({ config, topology: topologyOf(scenario), clock, random: seededRandom(seedFrom("supervisor", seed)), journal, executor, bus, inline: true });
    supervisor = sup;
    // The gateway starts from the default strategies.json (a rehearsal has no strategies file of its own).
    sup.setStrategies(DEFAULT_STRATEGIES);
    // Task recovery as in the gateway: failed and held user turns become tasks, re-run when a model is back.
    const tasks = attachTaskRecovery({
      supervisor: sup, bus, tasksDir: dirs.tasksDir, clock, random: seededRandom(seedFrom("tasks", seed)),
      record: (type, fields) => journal?.append(type, fields, { durable: true }),
      execute: (effect) => executor.execute(effect),
    });
    recovery = tasks;
    // Scheduled health probes as in the gateway (model.healthProbeMinutes; off by default).
    const probes = attachHealthProbes({ supervisor: sup, clock, random: seededRandom(seedFrom("health-probes", seed)), execute: (effect) => executor.execute(effect) });
    stopProbes = () => probes.stop();
    const ingest = createIngest({ supervisor: sup, clock, onHeld: (held) => tasks.onHeld(held) });
    host.attach(ingest);
    sink = ingest;
    sup.start();
  }
  host.start({ pollSeconds: supervised ? scenario.config.channels.pollSeconds : undefined });

  scenario.steps.forEach((step) => {
    clock.setTimer(step.atMs, () => {
      switch (step.kind) {
        case "world":
          host.applyWorld(step.change);
          recorder.world(step.atMs, describeChange(step.change, scenario.startMs));
          return;
        case "turn":
          void host.runUserTurn(step.turn);
          return;
        case "load": {
          const rng = seededRandom(seedFrom(`load:${step.index}`, seed));
          scheduleLoad(clock, step.load, step.atMs, rng, (a) => void host.runUserTurn({ session: a.session, agentId: step.load.agentId }));
          return;
        }
        case "hook":
          sink?.hook(step.name, step.event, step.ctx);
          return;
        case "agentEvent":
          sink?.agentEvent(step.event);
          return;
      }
    });
  });

  let steps: number;
  try {
    steps = await runUntil(clock, scenario.untilMs);
  } catch (error) {
    stopProbes();
    supervisor?.stop();
    journal?.close();
    throw error;
  }
  const endMs = clock.now();
  for (const e of host.events) recorder.host(e.ts, e.actor, e.text);
  let finalStatus: StatusSnapshot | undefined;
  sink?.flush();
  if (supervisor && journal && dirs) {
    finalStatus = statusOf(supervisor, endMs);
    recovery?.stop();
    stopProbes();
    supervisor.stop();
    journal.close();
    writeFileAtomic(dirs.statusFile, `${JSON.stringify(finalStatus, null, 2)}\n`);
  }
  host.stop();
  const metrics = computeMetrics({
    scenario, turns: host.turns, requests: host.requests, alerts: host.alerts.length, cronRuns: host.cron.runs, unfinished: host.inFlight(),
  });
  return {
    scenario, seed, supervised, host, recorder, metrics, endMs, steps,
    ...(finalStatus ? { finalStatus } : {}),
    ...(recovery ? { tasks: recovery.list() } : {}),
    ...(dirs ? { dirs } : {}),
  };
}
