// Child process of two-gateways.test.ts: one "gateway" with the built runtime (dist/) on a shared state dir.
// It keeps seeing a channel drop (so it keeps deciding restarts) and appends every effect its host executes to
// its own fsync'ed ledger. SIGTERM stops the runtime cleanly (releasing the journal lock) and exits 0.
//
// argv: <stateDir> <ledgerFile>   env: SELF_HEAL_CRASH_SCENARIO = JSON {config, topology}
// stdout: `M <journalMode> <executorMode> <holderPid|-> <reason|->` whenever the pair of modes changes.
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "dist");
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { createRuntime } = await load("src/runtime/create-runtime.js");
const { systemClock } = await load("src/domain/clock.js");
const { seededRandom } = await load("src/domain/random.js");

const [stateDir, ledgerFile] = process.argv.slice(2);
const { config, topology } = JSON.parse(process.env.SELF_HEAL_CRASH_SCENARIO ?? "null") ?? {};
if (!stateDir || !ledgerFile || !config || !topology) throw new Error("usage: gateway-child <stateDir> <ledger> (+ SELF_HEAL_CRASH_SCENARIO)");

function ledger(action, target) {
  const fd = openSync(ledgerFile, "a", 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ action, target, pid: process.pid, at: Date.now() })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const host = {
  probeModel: async (model) => (ledger("probe_model", model), { ok: true, durationMs: 1 }),
  restartChannel: async (channel) => ledger("restart_channel", channel),
  restartGateway: async () => ledger("restart_gateway", "gateway"),
  disableCron: async (id) => ledger("disable_cron", id),
  disablePlugin: async (id) => ledger("disable_plugin", id),
  patchSession: async (key) => ledger("patch_session", key),
  recoverTask: async (id) => ledger("recover_task", id),
  sendAlert: async (alert) => ledger("alert", alert.key),
  readOpenClawConfig: async () => '{ "gateway": { "port": 18789 } }',
  validateOpenClawConfig: async () => ({ ok: true, errors: [] }),
};

const clock = systemClock();
const runtime = createRuntime({ stateDir, config, topology, host, clock, random: seededRandom(process.pid) });
let last = "";
const report = () => {
  const stats = runtime.journal.stats();
  const line = `M ${stats.mode} ${runtime.executor.mode()} ${stats.lockHolder?.pid ?? "-"} ${stats.reason ?? "-"}`;
  const key = `${stats.mode} ${runtime.executor.mode()}`;
  if (key !== last) writeSync(1, `${line}\n`);
  last = key;
};
report();

const timer = setInterval(() => {
  for (const channel of topology.channels) {
    runtime.supervisor.observe({ type: "channel.observed", ts: clock.now(), channel, connected: false });
  }
  report();
}, 20);

process.on("SIGTERM", () => {
  clearInterval(timer);
  runtime.stop();
  process.exit(0);
});
