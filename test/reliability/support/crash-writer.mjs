// Child process of crash-safety.test.ts: the real runtime (journal writer + replay + supervisor + executor,
// from dist/) against a host whose every effect is appended, fsync'ed, to an "effects ledger" file.
// It feeds flapping channels and failing models in a loop until the parent kills it (kill -9), or, with
// `--iterations N`, stops cleanly after N iterations.
//
// argv: <stateDir> <ledgerFile> <runId> [--iterations N]
// stdout (one line each, written synchronously to the pipe):
//   R <pid> <mode>                 the runtime is up (after replay)
//   P <seq> <action> <target>      an action.proposed the journal reported durable (syncedSeq >= seq)
//   F <n>                          observations 1..n of this run have been handed to the supervisor
//   D                              clean stop done (with --iterations)
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "dist");
const load = (path) => import(pathToFileURL(join(dist, path)).href);

const [stateDir, ledgerFile, runId, flag, count] = process.argv.slice(2);
if (!stateDir || !ledgerFile || !runId) throw new Error("usage: crash-writer <stateDir> <ledger> <runId> [--iterations N]");
const iterations = flag === "--iterations" ? Number(count) : Number.POSITIVE_INFINITY;

const { createRuntime } = await load("src/runtime/create-runtime.js");
const { systemClock } = await load("src/domain/clock.js");
const { seededRandom } = await load("src/domain/random.js");

const out = (line) => writeSync(1, `${line}\n`);

// The parent parses the config (ajv) once and passes the resolved config and topology; that keeps each
// child's start short so that hundreds of kills fit in the tier's time budget.
const { config, topology } = JSON.parse(process.env.SELF_HEAL_CRASH_SCENARIO ?? "null") ?? {};
if (!config || !topology) throw new Error("SELF_HEAL_CRASH_SCENARIO (JSON {config, topology}) is required");
const CHANNELS = topology.channels;
const MODELS = topology.agents[0].chain;

// Which proposal a host call belongs to: the executor emits action.proposed (after the durable append)
// and then calls the host for that same action and target.
const proposals = new Map();
const key = (action, target) => `${action}|${target}`;

function ledger(action, target, extra = {}) {
  const ref = proposals.get(key(action, target)) ?? 0;
  proposals.delete(key(action, target));
  const line = `${JSON.stringify({ ref, action, target, run: runId, pid: process.pid, at: Date.now(), ...extra })}\n`;
  const fd = openSync(ledgerFile, "a", 0o600);
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const host = {
  async probeModel(model) {
    ledger("probe_model", model);
    return { ok: Math.random() < 0.5, durationMs: 1, classification: { category: "server_overload", retryable: true, evidence: "probe 503" } };
  },
  async restartChannel(channel) {
    ledger("restart_channel", channel);
  },
  async restartGateway(reason) {
    ledger("restart_gateway", "gateway", { reason });
  },
  async disableCron(jobId) {
    ledger("disable_cron", jobId);
  },
  async disablePlugin(pluginId) {
    ledger("disable_plugin", pluginId);
  },
  async patchSession(sessionKey) {
    ledger("patch_session", sessionKey);
  },
  async recoverTask(taskId) {
    ledger("recover_task", taskId);
  },
  async sendAlert(alert) {
    ledger("alert", "owner", { key: alert.key });
  },
  async readOpenClawConfig() {
    return '{ "gateway": { "port": 18789 } }';
  },
  async validateOpenClawConfig() {
    return { ok: true, errors: [] };
  },
};

const clock = systemClock();
const runtime = createRuntime({ stateDir, config, topology, host, clock, random: seededRandom(Number(runId) || 1) });
runtime.bus.on("action.proposed", ({ id, effect }) => {
  proposals.set(key(effect.action, effect.target), id);
  if (runtime.journal.stats().syncedSeq >= id) out(`P ${id} ${effect.action} ${effect.target}`);
});
out(`R ${process.pid} ${runtime.journal.stats().mode}`);

let n = 0;
const rand = seededRandom((Number(runId) || 1) * 7919);
for (let i = 0; i < iterations; i++) {
  const channel = CHANNELS[Math.floor(rand() * CHANNELS.length)];
  n++;
  runtime.supervisor.observe({ type: "channel.observed", ts: clock.now(), channel, connected: rand() < 0.3, detail: `run=${runId} n=${n}` });
  const model = MODELS[Math.floor(rand() * MODELS.length)];
  const ok = rand() < 0.4;
  n++;
  runtime.supervisor.observe({
    type: "call",
    ts: clock.now(),
    model,
    provider: model.split("/")[0],
    ok,
    runId: `run=${runId} n=${n}`,
    ...(ok ? {} : { classification: { category: "server_overload", retryable: true, evidence: "HTTP 503" } }),
  });
  out(`F ${n}`);
  // Let the drain, the executor's promises and due timers (flush, deadlines) run.
  await new Promise((resolve) => (rand() < 0.2 ? setTimeout(resolve, 1) : setImmediate(resolve)));
}
runtime.stop();
out("D");
