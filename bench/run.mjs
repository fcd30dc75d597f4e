#!/usr/bin/env node
// `npm run bench`: compiles src/ into a private build, runs each micro benchmark in a fresh Node process, prints
// their figures as JSON lines ({"bench","value","unit",...}) on stdout and a table on stderr.
// BENCH_QUICK=1 runs the base figures only; default adds 10x scaling; BENCH_FULL=1 adds 100x. BENCH_DIST=dist skips
// the build and uses dist/.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { DIST, REPO } from "./lib.mjs";

const quick = process.env.BENCH_QUICK === "1";
const node = process.execPath;
const say = (s) => process.stderr.write(`${s}\n`);

if (!process.env.BENCH_DIST) {
  const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
  say(`[bench] compiling src/ → ${path.relative(REPO, DIST)} …`);
  const r = spawnSync(node, [tsc, "-p", "tsconfig.json", "--outDir", DIST], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) {
    // tsc still emits on type errors; a bench of a tree that does not typecheck is flagged, not refused.
    say(`[bench] WARNING: tsc reported errors (figures are of the emitted JS):\n${(r.stdout + r.stderr).split("\n").slice(0, 8).join("\n")}`);
  }
}

const jobs = [
  ["hook", ["bench/hook.mjs", "10000", "5"]],
  ["hook with shared health", ["bench/hook.mjs", "10000", "5", "sharing"]],
  ["journal append", ["bench/journal.mjs", "append", "200000"]],
  ["journal replay", ["--expose-gc", "bench/journal.mjs", "replay", "200000"]],
  ["stats", ["bench/stats.mjs"]],
  ["memory", ["--expose-gc", "bench/memory.mjs", "1000", "1000000"]],
  ["rehearse", ["bench/rehearse.mjs", "5"]],
  ["actor step", ["bench/actor-step.mjs", "50000"]],
];
if (!quick) {
  jobs.push(
    ["hook @10x", ["bench/hook.mjs", "100000", "3", "10x"]],
    ["journal append @10x", ["bench/journal.mjs", "append", "2000000", "10x"]],
    ["journal replay @10x", ["--expose-gc", "bench/journal.mjs", "replay", "2000000", "10x"]],
    ["stats @10x", ["bench/stats.mjs", "300", "10x"]],
    ["memory @10x", ["--expose-gc", "bench/memory.mjs", "10000", "1000000"]],
  );
  // 100x: ~10 more minutes (20M journal records, 100k supervised actors); BENCH_FULL=1 adds them.
  if (process.env.BENCH_FULL === "1") {
    jobs.push(
      ["journal append @100x", ["bench/journal.mjs", "append", "20000000", "100x"]],
      ["journal replay @100x", ["--expose-gc", "bench/journal.mjs", "replay", "20000000", "100x"]],
      ["memory @100x", ["--expose-gc", "--max-old-space-size=4096", "bench/memory.mjs", "100000", "1000000"]],
    );
  }
}

// The base jobs run BENCH_REPEAT times (default 3; the machine may be shared): each figure is the median run,
// with its min and max. The scaling jobs run once.
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const baseJobs = 7;
const figures = [];
let failed = 0;
for (const [index, [name, args]] of jobs.entries()) {
  const runs = index < baseJobs ? repeat : 1;
  const byName = new Map();
  for (let k = 0; k < runs; k++) {
    const started = Date.now();
    const r = spawnSync(node, args, { cwd: REPO, encoding: "utf8", maxBuffer: 64 << 20 });
    for (const line of r.stdout.split("\n")) {
      if (!line.trim()) continue;
      try {
        const f = JSON.parse(line);
        if (!byName.has(f.bench)) byName.set(f.bench, []);
        byName.get(f.bench).push(f);
      } catch {
        process.stderr.write(`${line}\n`);
      }
    }
    if (r.status !== 0) {
      failed++;
      say(`[bench] ${name} FAILED (exit ${r.status}):\n${r.stderr.split("\n").slice(-12).join("\n")}`);
      break;
    }
    say(`[bench] ${name}${runs > 1 ? ` (${k + 1}/${runs})` : ""} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const list of byName.values()) {
    const numeric = list.filter((f) => typeof f.value === "number").sort((a, b) => a.value - b.value);
    const pick = numeric.length > 0 ? numeric[Math.floor((numeric.length - 1) / 2)] : list[0];
    const f = numeric.length > 1 ? { ...pick, runs: numeric.length, min: numeric[0].value, max: numeric[numeric.length - 1].value } : pick;
    figures.push(f);
    process.stdout.write(`${JSON.stringify(f)}\n`);
  }
}

const cpus = os.cpus();
say(`\nMachine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
const rows = figures.map((f) => {
  const target = typeof f.target === "number" ? f.target : undefined;
  const lowerIsBetter = /(_us|\.ms|_ms|\.mb)(@|$)/.test(f.bench);
  const verdict = target === undefined || f.value === null ? (f.value === null ? "n/a" : "") : (lowerIsBetter ? f.value <= target : f.value >= target) ? "PASS" : "MISS";
  const num = (v) => (v >= 1000 ? Math.round(v).toLocaleString("en-US") : String(Number(v.toPrecision(4))));
  const value = f.value === null ? "null" : num(f.value);
  const range = typeof f.min === "number" ? `${num(f.min)} – ${num(f.max)}` : "";
  return [f.bench, value, f.unit, range, target === undefined ? "" : `${lowerIsBetter ? "≤" : "≥"} ${target.toLocaleString("en-US")}`, verdict, f.note ?? ""];
});
const head = ["bench", "value", "unit", `range (${repeat} runs)`, "target", "", "note"];
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmt = (r) => r.map((c, i) => (i === 1 ? String(c).padStart(width[i]) : String(c).padEnd(width[i]))).join("  ").trimEnd();
say(fmt(head));
say(width.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) say(fmt(r));
process.exitCode = failed > 0 ? 1 : 0;
