// journal.append: records/s into the on-disk journal as the supervisor writes them (observations buffered and
// flushed; decisions written and fsync'ed before append returns), and journal.replay: what a gateway restart costs,
// records covered per second of createRuntime + statusOf, with snapshot.json (and from scratch, without it).
// Usage: node bench/journal.mjs <append|replay> [events=200000] [suffix=""]  (replay runs `restart <stateDir> <nowMs>` children)
import { dist, emit, stubHost, tempDir, topology, yieldNow } from "./lib.mjs";

const mode = process.argv[2] ?? "append";
const events = Number(process.argv[3] ?? 200_000);
const suffix = process.argv[4] ? `@${process.argv[4]}` : "";

const { openJournal, readJournal } = await dist("src/journal/index.js");
const { createFsStorage } = await dist("src/journal/fs-storage.js");
const { systemClock } = await dist("src/domain/clock.js");
const { recordFields } = await dist("src/runtime/records.js");

const clock = systemClock();
const topo = topology(30, 4, 4);
const models = topo.agents.flatMap((a) => a.chain);
const T0 = Date.parse("2026-11-20T00:00:00.000Z");

/** The i-th observation as the supervisor journals it (a `call` with the public per-call fields, or a `turn`). */
function observation(i, ts) {
  const model = models[i % models.length];
  if (i % 5 === 4) {
    return { type: "turn", fields: { agentId: `agent-${i % 10}`, ok: true, runId: `run-${i >>> 2}`, sessionKey: `agent:agent-${i % 10}:explicit:s${i % 97}`, model, requested: model, fallbackUsed: false, durationMs: 812, trigger: "user" } };
  }
  const ok = i % 40 !== 0;
  const event = {
    type: "call", ts, model, provider: model.slice(0, model.indexOf("/")), ok, durationMs: 300 + (i % 900), sessionKey: `agent:agent-${i % 10}:explicit:s${i % 97}`,
    sessionId: `s${i % 97}`, runId: `0b7c${(i >>> 2).toString(16).padStart(8, "0")}-6f1e-4c1d-9a3b-5d2e8f7a1c90`, agentId: `agent-${i % 10}`, trigger: "user",
    ...(ok ? {} : { classification: { category: "server_overload", retryable: true, status: 503, evidence: "HTTP 503 \"The server is overloaded or not ready yet\"" }, errorMessage: "503 The server is overloaded or not ready yet." }),
  };
  return { type: "call", fields: recordFields(event) };
}

/** A decision as the supervisor journals it (model.state checkpoint with the actor's context). */
function decision(i, ts) {
  const model = models[i % models.length];
  return {
    type: "model.state",
    fields: {
      actor: model, from: "healthy", to: "cooldown", reason: "server_overload: HTTP 503", until: new Date(ts + 30_000).toISOString(),
      ctx: { id: model, options: { failureThreshold: 1, baseCooldownMs: 30000, maxCooldownMs: 300000, jitterRatio: 0.2, successesToRecover: 2, probeSpacingMs: 5000, probeTimeoutMs: 60000, recoveredHoldMs: 300000, decayAfterMs: 1800000, quotaDisableMs: 3600000, authRecheckMs: 1800000 },
        rng: 123456 + i, failures: 1, ejections: 1, prevCooldownMs: 30000, reason: "server_overload: HTTP 503", probeSuccesses: 0, healthySince: ts - 60000, authRechecks: 0, until: ts + 30000,
        lastError: { category: "server_overload", evidence: "HTTP 503", at: ts } },
    },
  };
}

if (mode === "restart") {
  // Child of the replay bench: one startup of the journal owner on an existing state dir, timed.
  const [stateDir, nowArg] = process.argv.slice(3);
  const { createRuntime } = await dist("src/runtime/create-runtime.js");
  const { ManualClock } = await dist("src/domain/clock.js");
  const { defaultConfig } = await dist("src/config/parse-config.js");
  const config = defaultConfig();
  const host = stubHost();
  const clock0 = new ManualClock(Number(nowArg));
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  const rt = createRuntime({ stateDir, config, topology: topo, host, clock: clock0, random: Math.random, inline: true });
  const status = rt.status();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // A crash, not a stop: no snapshot is written at exit.
  rt.journal.close();
  process.stdout.write(`${JSON.stringify({ seconds, replayed: rt.replayed, models: status.models.length })}\n`);
  process.exit(0);
} else if (mode === "append") {
  // One decision (fsync'ed) per 1,000 observations; the writer yields to the event loop every 500 appends, as the
  // gateway would between hook calls, so the journal's own high-water flush (setImmediate) runs.
  async function appendRun(decisionEvery) {
    const dir = tempDir("append");
    // The file storage, with the time its fsyncs (decisions) and its writes take measured: where the time goes.
    const inner = createFsStorage(dir, clock);
    const spent = { syncNs: 0n, writeNs: 0n };
    const storage = Object.create(inner);
    storage.sync = () => { const t = process.hrtime.bigint(); try { inner.sync(); } finally { spent.syncNs += process.hrtime.bigint() - t; } };
    storage.append = (day, data) => { const t = process.hrtime.bigint(); try { inner.append(day, data); } finally { spent.writeNs += process.hrtime.bigint() - t; } };
    const journal = openJournal({ dir, clock, storage });
    // The records are built beforehand (what the supervisor hands the journal); only append() is timed.
    const now0 = Date.now();
    const pool = Array.from({ length: 10_000 }, (_, i) => (i % decisionEvery === decisionEvery - 1 ? decision(i, now0) : observation(i, now0)));
    const start = process.hrtime.bigint();
    let decisions = 0;
    for (let i = 0; i < events; i++) {
      const ts = Date.now();
      const r = pool[i % pool.length];
      if (i % decisionEvery === decisionEvery - 1) {
        journal.append(r.type, r.fields, { ts, durable: true });
        decisions++;
      } else {
        journal.append(r.type, r.fields, { ts });
      }
      if (i % 500 === 499) await yieldNow();
    }
    journal.flushSync();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const s = journal.stats();
    journal.close();
    return { rate: events / seconds, decisions, dropped: s.dropped, written: s.written, fsyncShare: Number(spent.syncNs) / 1e9 / seconds, writeShare: Number(spent.writeNs) / 1e9 / seconds, fsyncMs: decisions > 0 ? Number(spent.syncNs) / 1e6 / decisions : 0 };
  }
  const mix = await appendRun(1000);
  emit(`journal.append.events_per_s${suffix}`, mix.rate, "events/s", { target: 200000, events, decisions: mix.decisions, dropped: mix.dropped, written: mix.written,
    fsyncShare: Number(mix.fsyncShare.toFixed(3)), writeShare: Number(mix.writeShare.toFixed(3)), msPerFsync: Number(mix.fsyncMs.toFixed(2)),
    note: "1 fsync'ed decision per 1,000 buffered observations; fsyncShare/writeShare: share of the run inside fsync / write(2)" });
  const obs = await appendRun(Number.POSITIVE_INFINITY);
  emit(`journal.append.observations_per_s${suffix}`, obs.rate, "events/s", { note: "observations only (buffered, flushed, no fsync)" });
  if (!suffix) {
    // What one fsync'ed decision costs on this disk (each waits for its own fsync).
    const dir2 = tempDir("durable");
    const j2 = openJournal({ dir: dir2, clock });
    const N = 300;
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const d = decision(i, Date.now());
      j2.append(d.type, d.fields, { durable: true });
    }
    const sec = Number(process.hrtime.bigint() - t) / 1e9;
    emit("journal.append.durable_per_s", N / sec, "decisions/s", { note: "each decision written and fsync'ed alone" });
    j2.close();
  }
} else {
  // What a gateway restart costs: createRuntime (lock, snapshot.json, tail replay, rollups, retention, supervisor
  // start, status.json) + statusOf, on a journal written the way the journal-owning runtime writes it.
  const { join } = await import("node:path");
  const { rmSync } = await import("node:fs");
  const { Supervisor } = await dist("src/runtime/supervisor.js");
  const { Executor } = await dist("src/effects/executor.js");
  const { SupervisorBus } = await dist("src/runtime/bus.js");
  const { replayInto } = await dist("src/runtime/replay.js");
  const { createRuntime } = await dist("src/runtime/create-runtime.js");
  const { SnapshotKeeper } = await dist("src/runtime/snapshot-keeper.js");
  const { RollupWriter } = await dist("src/projections/rollups.js");
  const { statsDirOf, readDaySummary } = await dist("src/projections/rollup-store.js");
  const { ManualClock } = await dist("src/domain/clock.js");
  const { defaultConfig } = await dist("src/config/parse-config.js");
  const { createFsStorage } = await dist("src/journal/fs-storage.js");
  const { unsyncedStorage: unsynced } = await dist("src/journal/index.js");
  const SNAPSHOT_EVERY = 10_000;
  const config = defaultConfig();
  const stateDir = tempDir("replay");
  const dir = join(stateDir, "journal");
  const statsDir = statsDirOf(stateDir);
  const span = 3 * 86_400_000;
  // Write ~3 days of records (observations, a decision per 1,000, actions), oldest first, as the journal owner
  // does: every record also goes to the rollups and (in order) to the supervisor's state, and a snapshot is taken
  // every SNAPSHOT_EVERY records, offset by half an interval so the run "crashes" SNAPSHOT_EVERY / 2 records after
  // its last snapshot (no snapshot at stop): the tail a restart replays.
  let written = 0;
  let snapshots = 0;
  {
    const wclock = new ManualClock(T0);
    const bus = new SupervisorBus();
    const sink = openJournal({ dir: tempDir("replay-sink"), clock: wclock });
    let replica;
    const executor = new Executor({ host: stubHost(), journal: sink, clock: wclock, bus, config: () => config, mode: () => "dry_run" });
    replica = new Supervisor({ config, topology: topo, clock: wclock, random: Math.random, journal: sink, executor, bus });
    const w = openJournal({ dir, clock: wclock, maxBufferedRecords: 100_000, storage: unsynced(createFsStorage(dir, wclock)) });
    const rollups = new RollupWriter({ statsDir, clock: wclock, retentionDays: () => config.statsRetentionDays });
    const keeper = new SnapshotKeeper({ dir, clock: wclock, journal: w, supervisor: () => replica, rollups, statsSeqOf: (day) => readDaySummary(statsDir, day)?.seq, mode: () => "dry_run" });
    let pending = [];
    const append = (type, fields, ts) => {
      const seq = w.append(type, fields, { ts });
      rollups.observe({ type, ts, seq, fields });
      keeper.observe(type, ts, fields);
      pending.push({ v: 1, seq, ts: new Date(ts).toISOString(), type, ...fields });
      written++;
      if ((written + SNAPSHOT_EVERY / 2) % SNAPSHOT_EVERY === 0) {
        replayInto(replica, pending, executor);
        pending = [];
        if (keeper.take() > 0) snapshots++;
      }
    };
    for (let i = 0; i < events; i++) {
      const ts = T0 + Math.floor((i / events) * span);
      if (i % 1000 === 999) {
        const d = decision(i, ts);
        append(d.type, d.fields, ts);
        append("action.executed", { action: "route_around", target: d.fields.actor, reason: d.fields.reason, params: { until: ts + 30_000 } }, ts);
        i++;
      } else {
        const o = observation(i, ts);
        append(o.type, o.fields, ts);
      }
      if (i % 50_000 === 0) w.flushSync();
    }
    w.close();
    sink.close();
  }
  // Each restart runs in a fresh process (cold JIT, as a gateway restart would); only createRuntime + statusOf is timed.
  const { spawnSync } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const restart = () => {
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each restart there (node --cpu-prof), to see where replay spends its time.
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const child = spawnSync(process.execPath, ["--expose-gc", ...prof, fileURLToPath(import.meta.url), "restart", stateDir, String(T0 + span + 60_000)], { encoding: "utf8", env: process.env });
    if (child.status !== 0) throw new Error(`restart failed: ${child.stderr}`);
    return JSON.parse(child.stdout);
  };
  // Reading alone (decode + envelope check, no supervisor): the floor under a from-scratch replay.
  globalThis.gc?.();
  const readStart = process.hrtime.bigint();
  let read = 0;
  for (const _ of readJournal(dir)) read++;
  const readSeconds = Number(process.hrtime.bigint() - readStart) / 1e9;

  const warm = restart(); // with snapshot.json
  const fromSnapshot = warm.replayed;
  rmSync(join(dir, "snapshot.json"));
  const cold = restart(); // today's path: the whole journal
  const r = cold.replayed;
  emit(`journal.replay.events_per_s${suffix}`, written / warm.seconds, "events/s", {
    target: 500000, records: written, tailRecords: fromSnapshot?.records ?? null, snapshotBytes: fromSnapshot?.snapshot?.bytes ?? null,
    startupMs: Number((warm.seconds * 1000).toFixed(1)), snapshots, models: warm.models,
    note: `gateway restart after a crash, in a fresh process: createRuntime (snapshot.json + tail replay + rollups + status) + statusOf; records covered / startup s; journal written by the owner's path with a snapshot every ${SNAPSHOT_EVERY.toLocaleString("en-US")} records (the 60 s timer at ~170 records/s), crash ${(SNAPSHOT_EVERY / 2).toLocaleString("en-US")} records after the last`,
  });
  emit(`journal.replay.from_scratch_events_per_s${suffix}`, (r?.records ?? 0) / cold.seconds, "events/s", {
    records: r?.records, observations: r?.observations, superseded: r?.superseded, folded: r?.folded, headOnly: r?.headOnly, checkpoints: r?.checkpoints, actions: r?.actions, skipped: r?.skipped, corrupt: r?.corrupt,
    startupMs: Number((cold.seconds * 1000).toFixed(1)), note: "no snapshot.json: createRuntime replays the whole journal (+ rollups + status)",
  });
  emit(`journal.read.events_per_s${suffix}`, read / readSeconds, "events/s", { note: "readJournal alone (JSON decode), no projections" });
}
