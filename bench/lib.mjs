// Shared helpers for the micro benchmarks: the compiled modules, figures as JSON lines, percentiles, a stub host.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The bench build (bench/run.mjs compiles src/ there first; BENCH_DIST overrides, e.g. BENCH_DIST=dist). */
export const DIST = path.resolve(REPO, process.env.BENCH_DIST ?? "node_modules/.cache/self-heal-bench");
export const dist = (rel) => import(pathToFileURL(path.join(DIST, rel)).href);

/** Prints one figure: {"bench","value","unit"} (+ optional extra fields such as note). */
export function emit(bench, value, unit, extra = {}) {
  const v = value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toPrecision(6));
  process.stdout.write(`${JSON.stringify({ bench, value: v, unit, ...extra })}\n`);
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `self-heal-bench-${prefix}-`));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const yieldNow = () => new Promise((r) => setImmediate(r));

/** A Host that answers every action at once (probes succeed after `probeMs`). */
export function stubHost(probeMs = 20) {
  const ok = async () => undefined;
  return {
    probeModel: (_m, _t) => new Promise((r) => setTimeout(() => r({ ok: true, durationMs: probeMs }), probeMs).unref()),
    restartChannel: ok, restartGateway: ok, disableCron: ok, disablePlugin: ok, patchSession: ok, recoverTask: ok, sendAlert: ok,
    readOpenClawConfig: async () => "{}",
    validateOpenClawConfig: async () => ({ ok: true, errors: [] }),
  };
}

/** A topology of `models` models (chains of 3 per agent), `channels` channels and `cron` jobs. */
export function topology(models, channels, cron) {
  const agents = [];
  for (let i = 0; i < models; i += 3) {
    const chain = [];
    for (let j = i; j < Math.min(models, i + 3); j++) chain.push(`prov${j % 7}/model-${j}`);
    agents.push({ agentId: `agent-${i / 3}`, chain });
  }
  return {
    agents,
    channels: Array.from({ length: channels }, (_, i) => `channel-${i}`),
    cron: Array.from({ length: cron }, (_, i) => ({ id: `cron-${i}`, name: `job ${i}` })),
  };
}
