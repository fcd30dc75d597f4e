// Composition root: journal + replay + supervisor + executor + status.json + retention, for one state dir.
import { join } from "node:path";
import type { Clock } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { SelfHealConfig } from "../config/types.js";
import type { Topology } from "../config/topology.js";
import type { Host } from "../host/host.js";
import { openJournal, readJournal, pruneJournal, type Journal } from "../journal/index.js";
import { Executor, type ExecutorMode } from "../effects/executor.js";
import { StatusWriter } from "../projections/status-writer.js";
import { RollupWriter } from "../projections/rollups.js";
import { statsDirOf } from "../projections/rollup-store.js";
import { teeJournal } from "../projections/journal-tee.js";
import { LiveCounters } from "../projections/live-counters.js";
import { ErrorRateWatch } from "../projections/error-rate-watch.js";
import { QuotaWatch } from "../projections/quota-watch.js";
import { quotaHistoryFrom } from "../projections/quota-history.js";
import type { Effect } from "../domain/effects.js";
import { SupervisorBus } from "./bus.js";
import { Supervisor } from "./supervisor.js";
import { replayInto, type ReplayStats } from "./replay.js";
import { SnapshotKeeper } from "./snapshot-keeper.js";
import { replayPeek } from "./replay-peek.js";
import { readDaySummary } from "../projections/rollup-store.js";
import { statusOf, type StatusSnapshot } from "./view.js";
import type { JournalRecord } from "../journal/envelope.js";
import { dashboardCopy } from "./dashboard-fields.js";
import { expandHome } from "../migrate/translate.js";
import { StrategyStore } from "../strategies/index.js";
import type { TaskRecovery } from "../tasks/index.js";
import { attachTaskRecovery } from "../tasks/attach-recovery.js";
import type { DeliveryRoute } from "../tasks/types.js";
import { startSharedHealth, type SharedHealth, type SharedStore } from "../shared-health/index.js";
import { OutboxPump } from "../watch/outbox-pump.js";
import { attachHealthProbes } from "./health-probes.js";

export interface RuntimeOptions {
  readonly stateDir: string;
  readonly config: SelfHealConfig;
  readonly topology: Topology;
  readonly host: Host;
  readonly clock: Clock;
  readonly random: Random;
  readonly inline?: boolean;
  /** Force a mode (rehearsal); otherwise live, or dry_run when config.dryRun or the journal is not ours. */
  readonly mode?: ExecutorMode;
  readonly log?: (level: "info" | "warn" | "error", message: string) => void;
  /** `<stateDir>/strategies.json`: load, hot-reload and apply retry strategies (the gateway; not rehearsals). */
  readonly strategiesFile?: string;
  /** `<stateDir>/tasks`: record interrupted user turns and re-run them (the gateway's journal owner only). */
  readonly tasksDir?: string;
  /** The chat a session's turn came from: a recovered answer is delivered there (src/tasks/delivery-route.ts). */
  readonly taskRoute?: (sessionKey: string, agentId: string) => DeliveryRoute | undefined;
  /** Shared health through this store instead of config.sharedHealth.redis (tests); with `gatewayName`, `sharedPollMs`. */
  readonly sharedStore?: SharedStore;
  readonly gatewayName?: string;
  readonly sharedPollMs?: number;
}

export interface Runtime {
  readonly supervisor: Supervisor;
  readonly executor: Executor;
  readonly bus: SupervisorBus;
  readonly journal: Journal;
  readonly statusFile: string;
  /** `<stateDir>/stats`: per-day rollups (see projections/stats-query.ts). */
  readonly statsDir: string;
  /** Present when this instance owns the journal (it then maintains the stats store). */
  readonly rollups?: RollupWriter;
  /** Calls, errors and actions since this process started (the metrics route's counters). */
  readonly counters: LiveCounters;
  /** `snapshot`: startup restored snapshot.json (up to its seq) and replayed only the records after it. */
  readonly replayed?: ReplayStats & { torn: number; corrupt: number; snapshot?: { seq: number; bytes: number } };
  /** The journal owner's snapshot cache (`<journalDir>/snapshot.json`). */
  readonly snapshots?: SnapshotKeeper;
  /** Retry strategies (strategies.json), when `strategiesFile` was given; `ready` resolves once loaded. */
  readonly strategies?: StrategyStore;
  readonly strategiesReady?: Promise<void>;
  /** Interrupted-task recovery, when `tasksDir` was given and this instance owns the journal. */
  readonly tasks?: TaskRecovery;
  /** Shared health across gateways (config sharedHealth.redis), when on and this instance owns the journal. */
  readonly shared: () => SharedHealth | undefined;
  status(): StatusSnapshot;
  /** Applies a new (already validated) config and topology. */
  reconfigure(config: SelfHealConfig, topology: Topology): void;
  rejectConfig(errors: readonly string[]): void;
  stop(): void;
}

export function journalDirOf(stateDir: string, config: SelfHealConfig): string {
  return config.logDir && config.logDir.length > 0 ? config.logDir : join(stateDir, "journal");
}

export function createRuntime(opts: RuntimeOptions): Runtime {
  const { clock, config } = opts;
  const log = opts.log ?? (() => undefined);
  const journalDir = journalDirOf(opts.stateDir, config);
  const journal = openJournal({
    dir: journalDir,
    clock,
    maxBufferedRecords: config.journal.maxBufferedRecords,
    flushIntervalMs: config.journal.flushIntervalMs,
    // The journal reports once per outage (again after it has written in between): log every report.
    onError: (e) => log("error", `self-heal journal: ${e.message} (continuing in memory; decisions still taken)`),
  });
  const ownsJournal = journal.stats().mode === "writer";
  if (journal.stats().mode === "read-only") {
    log("warn", `self-heal: another process holds ${journalDir} (${journal.stats().reason ?? "locked"}); this instance observes only and executes nothing`);
  }
  const bus = new SupervisorBus();
  const statsDir = statsDirOf(opts.stateDir);
  const rollups = ownsJournal
    ? new RollupWriter({ statsDir, clock, retentionDays: () => supervisor.config.statsRetentionDays, onError: (e) => log("warn", `self-heal stats not written: ${e.message}`) })
    : undefined;
  // The journal owner's snapshot cache: at start, only the records snapshot.json does not cover are replayed.
  const snapshots = ownsJournal
    ? new SnapshotKeeper({ dir: journalDir, clock, journal, supervisor: () => supervisor, ...(rollups ? { rollups } : {}), statsSeqOf: (day) => readDaySummary(statsDir, day)?.seq, mode: () => mode(), log })
    : undefined;
  const counters = new LiveCounters();
  const alerts = () => supervisor.config.alerts;
  const watch = ownsJournal ? new ErrorRateWatch({ threshold: () => alerts().errorRateWarning, windowMinutes: () => alerts().errorRateWindowMinutes, minCalls: () => alerts().errorRateMinCalls }) : undefined;
  const quota = ownsJournal
    ? new QuotaWatch({
        config: () => supervisor.config.quota,
        history: quotaHistoryFrom(statsDir, () => rollups?.flush()),
        routedUntil: (pattern) => supervisor.sparedUntil(pattern, clock.now()),
      })
    : undefined;
  // Effects the projections ask for (early warning, quota watch): after the current event is fully handled, each
  // is its own decision, run and journaled by the executor like any other, and its outcome reaches the supervisor.
  const runDecision = (effect: Effect): void => {
    const at = clock.now();
    void executor.execute(effect).then((outcome) => supervisor.onOutcome(effect, outcome, at), () => undefined);
  };
  const recorded = teeJournal(journal, clock, (r) => {
    counters.observe(r);
    rollups?.observe(r);
    snapshots?.observe(r.type, r.ts, r.fields);
    const warning = watch?.observe(r);
    if (warning) queueMicrotask(() => runDecision(warning));
    const quotaEffects = quota?.observe(r);
    if (quotaEffects && quotaEffects.length > 0) queueMicrotask(() => quotaEffects.forEach(runDecision));
  });
  let supervisor: Supervisor;
  const mode = (): ExecutorMode => opts.mode ?? (supervisor.config.dryRun || journal.stats().mode === "read-only" ? "dry_run" : "live");
  const port = { append: recorded.append.bind(recorded), isDurable: (seq: number) => seq > 0 && journal.stats().syncedSeq >= seq };
  let shared: SharedHealth | undefined;
  const executor = new Executor({ host: opts.host, journal: port, clock, bus, config: () => supervisor.config, mode, backupDir: join(opts.stateDir, "backups"), probeLease: () => shared, hold: (effect, now) => supervisor.operatorHold(effect, now) });
  supervisor = new Supervisor({ config, topology: opts.topology, clock, random: opts.random, journal: recorded, executor, bus, ...(opts.inline ? { inline: true } : {}) });

  let replayed: Runtime["replayed"];
  if (ownsJournal) {
    const restored = snapshots?.restore(supervisor, executor);
    // Lines replay ignores are not decoded unless the stats store still has to count them (replay-peek.ts).
    const peek = replayPeek(rollups ? (head) => rollups.wants(head.type, head.seq, head.ts) : undefined);
    const reader = readJournal(journalDir, restored ? { offsets: restored.offsets, peek } : { peek });
    const caughtUp: Iterable<JournalRecord> = {
      *[Symbol.iterator]() {
        for (const record of reader) {
          rollups?.observeRecord(record);
          yield record as JournalRecord;
        }
      },
    };
    const stats = replayInto(supervisor, caughtUp, snapshots ? snapshots.alerts.tee(executor) : executor);
    snapshots?.replayed(supervisor);
    const result = reader.result;
    replayed = { ...stats, torn: result.tornTail, corrupt: result.corrupt, ...(restored ? { snapshot: { seq: restored.seq, bytes: restored.bytes } } : {}) };
    if (result.tornTail + result.corrupt > 0) log("warn", `self-heal journal: skipped ${result.tornTail} torn and ${result.corrupt} corrupt line(s) during replay`);
    if (result.nonMonotonic > 0) log("warn", `self-heal journal: ${result.nonMonotonic} record(s) had a seq not above the one before them in the same file (a damaged or edited journal); replayed in file order, and new records continue after the highest seq (${journal.stats().seq})`);
    try {
      pruneJournal(journalDir, { retentionDays: config.statsRetentionDays, now: clock.now() });
    } catch (error) {
      log("warn", `self-heal journal retention failed: ${(error as Error).message}`);
    }
  }
  supervisor.start();
  snapshots?.start();
  // Shared health starts after replay: what other gateways report from now on enters as journaled peer.health events.
  const share = (cfg: SelfHealConfig) => (ownsJournal ? startSharedHealth({
    supervisor, bus, clock, log, config: cfg, store: opts.sharedStore, gateway: opts.gatewayName, pollMs: opts.sharedPollMs,
    ownQuota: quota ? (now) => (supervisor.config.quota.budgets.length > 0 ? quota.ownUsage(now) : []) : undefined,
    record: (type, fields) => recorded.append(type, fields, { ts: clock.now() }),
  }) : undefined);
  shared = share(config);
  // The quota watch restores each budget's window from the rollups now (never on the hook path).
  quota?.reconcile(clock.now()).forEach(runDecision);

  let strategies: StrategyStore | undefined;
  let strategiesReady: Promise<void> | undefined;
  if (opts.strategiesFile) {
    const store = new StrategyStore({ file: opts.strategiesFile, record: (type, fields) => journal.append(type, fields, { durable: true }) });
    strategies = store;
    store.onChange((list) => supervisor.setStrategies(list));
    strategiesReady = store.load().then(
      () => {
        supervisor.setStrategies(store.list());
        if (ownsJournal) store.startWatching();
      },
      (error: Error) => log("warn", `self-heal strategies.json not loaded (defaults in use): ${error.message}`),
    );
  }

  let tasks: TaskRecovery | undefined;
  if (opts.tasksDir && ownsJournal) {
    tasks = attachTaskRecovery({
      supervisor, bus, tasksDir: opts.tasksDir, clock, random: opts.random,
      record: (type, fields) => journal.append(type, fields, { durable: true }),
      execute: (effect) => executor.execute(effect),
      ...(opts.taskRoute ? { routeOf: opts.taskRoute } : {}),
    });
  }

  // Healthy models probed on a schedule (model.healthProbeMinutes; off by default), never at a critical quota.
  const healthProbes = ownsJournal
    ? attachHealthProbes({ supervisor, clock, random: opts.random, execute: (effect) => executor.execute(effect), ...(quota ? { quotaCritical: (model: string, now: number) => quota.critical(model, now) } : {}) })
    : undefined;

  const statusFile = join(opts.stateDir, "status.json");
  const status = () => {
    const now = clock.now();
    const usage = quota && supervisor.config.quota.budgets.length > 0 ? quota.usage(now) : undefined;
    return { ...statusOf(supervisor, now), journal: { mode: journal.stats().mode, dropped: journal.stats().dropped + supervisor.dropped }, ...(usage ? { quota: usage } : {}), ...(shared ? { sharedHealth: shared.status() } : {}) };
  };
  const writer = new StatusWriter({
    file: statusFile,
    clock,
    build: status,
    intervalMs: () => supervisor.config.statusIntervalSeconds * 1000,
    onError: (e) => log("warn", `self-heal status.json not written: ${e.message}`),
    // config statusFile: a copy for openclaw-self-healing's dashboards (generatedAt in epoch seconds there).
    extraFile: () => (supervisor.config.statusFile ? expandHome(supervisor.config.statusFile, process.env.HOME ?? "~") : undefined),
    copy: dashboardCopy,
  });
  writer.start();
  // The watchdog's records (self-heal watch) reach the journal through its outbox while this process holds the lock.
  const watchOutbox = ownsJournal
    ? new OutboxPump({ stateDir: opts.stateDir, clock, append: (type, fields, ts) => recorded.append(type, fields, { ts, durable: true }), isDurable: port.isDurable, onOutcome: (e, s, why, err, at) => supervisor.applyOutcome(e, s, why, err, at), log: (m) => log("warn", m) })
    : undefined;
  watchOutbox?.start();
  const onChange = () => writer.changed();
  bus.on("changed", onChange);
  bus.on("health", onChange);
  bus.on("action.executed", onChange);
  bus.on("action.skipped", onChange);

  return {
    supervisor,
    executor,
    bus,
    journal,
    statusFile,
    statsDir,
    counters,
    ...(rollups ? { rollups } : {}),
    ...(snapshots ? { snapshots } : {}),
    ...(replayed ? { replayed } : {}),
    ...(strategies ? { strategies } : {}),
    ...(strategiesReady ? { strategiesReady } : {}),
    ...(tasks ? { tasks } : {}),
    status,
    shared: () => shared,
    reconfigure(next, topology) {
      const sharingChanged = JSON.stringify(next.sharedHealth) !== JSON.stringify(supervisor.config.sharedHealth);
      supervisor.reconfigure(next, topology);
      if (sharingChanged && !opts.sharedStore) {
        void shared?.stop();
        shared = share(next);
      }
      journal.append("config.applied", { dryRun: next.dryRun, models: topology.agents.length }, { durable: true });
      quota?.reconcile(clock.now()).forEach(runDecision);
      healthProbes?.reconfigure();
      writer.changed();
    },
    rejectConfig(errors) {
      journal.append("config.rejected", { errors: errors.slice(0, 20) }, { durable: true });
      log("warn", `self-heal: config change rejected, keeping the previous config:\n  - ${errors.join("\n  - ")}`);
    },
    stop() {
      void strategies?.stop();
      tasks?.stop();
      healthProbes?.stop();
      watchOutbox?.stop();
      snapshots?.stop();
      void shared?.stop();
      shared = undefined;
      supervisor.stop();
      writer.stop();
      rollups?.stop();
      bus.removeAllListeners();
      journal.close();
    },
  };
}
