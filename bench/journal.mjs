// journal.append: records/s into the on-disk journal as the supervisor writes them (observations buffered and
// flushed; decisions written and fsync'ed before append returns), and journal.replay: records/s from disk
// through readJournal → replayInto(Supervisor) → statusOf.
// Usage: node bench/journal.mjs <append|replay> [events=200000] [suffix=""]
import { dist, emit, stubHost, tempDir, topology, yieldNow } from "./lib.mjs";

const mode = process.argv[2] ?? "append";
const events = Number(process.argv[3] ?? 200_000);
const suffix = process.argv[4] ? `@${process.argv[4]}` : "";

const { openJournal, readJournal } = await dist("src/journal/index.js");
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

if (mode === "append") {
  // One decision (fsync'ed) per 1,000 observations; the writer yields to the event loop every 500 appends, as the
  // gateway would between hook calls, so the journal's own high-water flush (setImmediate) runs.
  async function appendRun(decisionEvery) {
    const dir = tempDir("append");
    const journal = openJournal({ dir, clock });
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
    return { rate: events / seconds, decisions, dropped: s.dropped, written: s.written };
  }
  const mix = await appendRun(1000);
  emit(`journal.append.events_per_s${suffix}`, mix.rate, "events/s", { target: 200000, events, decisions: mix.decisions, dropped: mix.dropped, written: mix.written, note: "1 fsync'ed decision per 1,000 buffered observations" });
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
  const { Supervisor } = await dist("src/runtime/supervisor.js");
  const { Executor } = await dist("src/effects/executor.js");
  const { SupervisorBus } = await dist("src/runtime/bus.js");
  const { replayInto } = await dist("src/runtime/replay.js");
  const { statusOf } = await dist("src/runtime/view.js");
  const { defaultConfig } = await dist("src/config/parse-config.js");
  const { createFsStorage } = await dist("src/journal/fs-storage.js");
  const { unsyncedStorage: unsynced } = await dist("src/journal/index.js");
  // Write the journal: ~3 days of records (observations, a decision per 1,000, actions), oldest first.
  const dir = tempDir("replay");
  const span = 3 * 86_400_000;
  {
    const w = openJournal({ dir, clock, maxBufferedRecords: 100_000, storage: unsynced(createFsStorage(dir, clock)) });
    for (let i = 0; i < events; i++) {
      const ts = T0 + Math.floor((i / events) * span);
      if (i % 1000 === 999) {
        const d = decision(i, ts);
        w.append(d.type, d.fields, { ts });
        w.append("action.executed", { action: "route_around", target: d.fields.actor, reason: d.fields.reason, params: { until: ts + 30_000 } }, { ts });
        i++;
      } else {
        const o = observation(i, ts);
        w.append(o.type, o.fields, { ts });
      }
      if (i % 50_000 === 0) w.flushSync();
    }
    w.close();
  }
  const config = defaultConfig();
  const bus = new SupervisorBus();
  const sinkDir = tempDir("replay-sink");
  const journal = openJournal({ dir: sinkDir, clock });
  let supervisor;
  const executor = new Executor({ host: stubHost(), journal, clock, bus, config: () => config, mode: () => "dry_run", backupDir: sinkDir });
  supervisor = new Supervisor({ config, topology: topo, clock, random: Math.random, journal, executor, bus });
  // Reading alone (decode + envelope check, no supervisor): the floor under the replay figure.
  globalThis.gc?.();
  const readStart = process.hrtime.bigint();
  let read = 0;
  for (const _ of readJournal(dir)) read++;
  const readSeconds = Number(process.hrtime.bigint() - readStart) / 1e9;
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  const reader = readJournal(dir);
  const stats = replayInto(supervisor, reader, executor);
  const status = statusOf(supervisor, Date.now());
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const r = reader.result;
  emit(`journal.replay.events_per_s${suffix}`, r.records / seconds, "events/s", { target: 500000, records: r.records, observations: stats.observations, checkpoints: stats.checkpoints, actions: stats.actions, skipped: stats.skipped, corrupt: r.corrupt, models: status.models.length });
  emit(`journal.read.events_per_s${suffix}`, read / readSeconds, "events/s", { note: "readJournal alone (JSON decode), no projections" });
  supervisor.stop();
  journal.close();
}
