// memory.actors_N: heap growth of a Supervisor supervising N actors (models + channels + cron jobs) after 1M events.
// Run with --expose-gc. Usage: node --expose-gc bench/memory.mjs [actors=1000] [events=1000000]
import { dist, emit, stubHost, tempDir, topology, yieldNow } from "./lib.mjs";

const actors = Number(process.argv[2] ?? 1000);
const events = Number(process.argv[3] ?? 1_000_000);
if (!globalThis.gc) throw new Error("run with node --expose-gc");

const { Supervisor } = await dist("src/runtime/supervisor.js");
const { Executor } = await dist("src/effects/executor.js");
const { SupervisorBus } = await dist("src/runtime/bus.js");
const { openJournal, createFsStorage, unsyncedStorage: unsynced } = await dist("src/journal/index.js");
const { defaultConfig } = await dist("src/config/parse-config.js");
const { systemClock } = await dist("src/domain/clock.js");

const heapMb = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

// 60% models (chains of 3), 20% channels, 20% cron jobs.
const nModels = Math.round(actors * 0.6);
const nChannels = Math.round(actors * 0.2);
const nCron = actors - nModels - nChannels;
const topo = topology(nModels, nChannels, nCron);
const models = topo.agents.flatMap((a) => a.chain);
const config = defaultConfig();
const clock = systemClock();
const dir = tempDir("memory");
const before = heapMb();
// The journal writes to disk as in production, but without fsync (durability is not measured here).
const journal = openJournal({ dir, clock, storage: unsynced(createFsStorage(dir, clock)) });
const bus = new SupervisorBus();
let sup;
const executor = new Executor({ host: stubHost(5), journal, clock, bus, config: () => config, mode: () => "live", backupDir: dir });
sup = new Supervisor({ config, topology: topo, clock, random: Math.random, journal, executor, bus, inline: true, maxActors: actors + 100 });
sup.start();
const afterStart = heapMb();

// 1M events: calls over every model (0.5% failures), channel readings, cron runs, turns.
const started = process.hrtime.bigint();
const base = Date.now();
for (let i = 0; i < events; i++) {
  const ts = base + Math.floor(i / 10);
  const r = i % 20;
  if (r === 0 && nChannels > 0) {
    sup.observe({ type: "channel.observed", ts, channel: topo.channels[(i / 20) % nChannels | 0], connected: i % 2000 !== 0 });
  } else if (r === 1 && nCron > 0) {
    sup.observe({ type: "cron.run", ts, jobId: topo.cron[(i / 20) % nCron | 0].id, ok: i % 1000 !== 1 });
  } else if (r === 2) {
    const a = topo.agents[(i / 20) % topo.agents.length | 0];
    sup.observe({ type: "turn", ts, agentId: a.agentId, ok: true, runId: `run-${i}`, model: a.chain[0], requested: a.chain[0], durationMs: 900 });
  } else {
    const model = models[i % models.length];
    const ok = i % 200 !== 3;
    sup.observe({
      type: "call", ts, model, provider: model.slice(0, model.indexOf("/")), ok, durationMs: 400, runId: `run-${i}`, sessionKey: `agent:x:explicit:s${i % 500}`, agentId: "agent-0",
      ...(ok ? {} : { classification: { category: "server_overload", retryable: true, status: 503, evidence: "HTTP 503" }, errorMessage: "503 overloaded" }),
    });
  }
  if (i % 2000 === 1999) await yieldNow();
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
journal.flushSync();
const after = heapMb();
emit(`memory.actors_${actors}.mb`, after - before, "MB", { target: actors === 1000 ? 50 : undefined, actors: sup.actorCount, events, afterStartMb: Number((afterStart - before).toFixed(2)), heapUsedMb: Number(after.toFixed(1)) });
emit(`supervisor.live.events_per_s@actors_${actors}`, events / seconds, "events/s", { note: "inline observe: journal + actors + outage + health" });
sup.stop();
journal.close();
