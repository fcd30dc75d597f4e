#!/usr/bin/env node
// `npm run bench:e2e`: the real OpenClaw gateway (pinned runtime in .openclaw-runtime) and the fault-injecting fake
// provider, each scenario run twice in one invocation: OpenClaw alone (plugin absent), then with the plugin (defaults).
// OpenClaw's default retry settings throughout (no fastFailover). Prints JSON lines on stdout and a table on stderr.
// Not part of `npm test`. Takes ~35 min on 2 cores. Env: BENCH_E2E_TURNS (503 turns, default 4), BENCH_E2E_HUNG (3),
// BENCH_E2E_ROUNDS (alone/plugin pairs, default 1; with more, each figure is the median over the rounds, with its range).
// BENCH_E2E_ONLY=failback|hung|stall|gateway_hung runs one scenario alone (fail-back after outages: bench/e2e-failback.mjs;
// hung primary turns per retry setting: bench/e2e-hung-turns.mjs; a keep-alive stream without tokens:
// bench/e2e-stall.mjs; the watchdog: bench/e2e-watch.mjs).
//
// Memory: both gateways run with `--inspect=127.0.0.1:0` (the turn CLIs do not). After the same scripted turns
// (scenarios A and B), the bench waits BENCH_E2E_SETTLE_MS (5 s), reads /proc/PID/status 5 times 1 s apart (VmRSS as
// it happens to be: `rss_nogc`), then has V8 run a full GC through the inspector and reads 5 more times with the heap
// figures: `rss` (the headline, retained memory), `rss_anon`, `heap_used`. Each figure is the median of its samples.
// The same is done once right after boot, before any turn (`boot_rss`, `boot_heap_used`: what loading costs).
// One unforced RSS reading mostly measures when V8 last collected, not what the process holds.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, REPO } from "./lib.mjs";
import { stageBenchPlugin } from "./e2e-lib.mjs";

const say = (s) => process.stderr.write(`[bench:e2e] ${s}\n`);
const TURNS_503 = Number(process.env.BENCH_E2E_TURNS ?? 4);
const TURNS_HUNG = Number(process.env.BENCH_E2E_HUNG ?? 3);
const ROUNDS = Math.max(1, Number(process.env.BENCH_E2E_ROUNDS ?? 1));
const SETTLE_MS = Number(process.env.BENCH_E2E_SETTLE_MS ?? 5000);
const t00 = Date.now();

// 1. Build the plugin (private build, so a broken shared dist/ never matters) and stage it as a user installs it.
const { work, plugin } = stageBenchPlugin("e2e", say);

// 2. The e2e harness (TypeScript) transpiled to plain ESM next to it.
const ts = (await import("typescript")).default;
const support = path.join(work, "support");
mkdirSync(support);
writeFileSync(path.join(work, "package.json"), '{"type":"module"}\n');
for (const f of ["gateway.ts", "fake-provider.ts", "runtime.ts"]) {
  const src = readFileSync(path.join(REPO, "test/e2e/support", f), "utf8");
  const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: f });
  writeFileSync(path.join(support, f.replace(/\.ts$/, ".js")), out.outputText);
}
process.env.OPENCLAW_RUNTIME_DIR ??= path.join(REPO, ".openclaw-runtime");
const { startGateway } = await import(pathToFileURL(path.join(support, "gateway.js")).href);
const { startFakeProvider } = await import(pathToFileURL(path.join(support, "fake-provider.js")).href);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : null;
};
const effectiveOf = (r) => {
  const meta = r.json?.meta ?? r.json?.result?.meta;
  const eff = meta?.agentMeta?.terminalReceipt?.effective;
  return eff ? `${eff.provider}/${eff.model}` : undefined;
};
const answered = (r) => r.rc === 0 && /FAKE-OK|PRIMARY-BACK|BACKUP/.test(JSON.stringify(r.json ?? {}));
const median = (xs) => pct(xs, 50);
/** RSS of the gateway process (VmRSS, RssAnon, RssFile) and of its whole process group, kB. */
function rssOf(pid) {
  const field = (p, k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
  const vm = (p) => field(p, "VmRSS");
  let group = 0;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pid) group += vm(d);
    } catch {
      // gone
    }
  }
  return { gateway: vm(pid), anon: field(pid, "RssAnon"), file: field(pid, "RssFile"), group };
}

/** process.memoryUsage() of the gateway through its inspector (bench/inspect-heap.mjs under the runtime's Node 24), bytes. */
function heapOf(gw, wsUrl, gc) {
  return new Promise((resolve) => {
    execFile(gw.runtime.node, [path.join(REPO, "bench/inspect-heap.mjs"), wsUrl, gc ? "gc" : "read"], { timeout: 60_000 }, (err, stdout) => {
      try {
        resolve(err ? null : JSON.parse(stdout));
      } catch {
        resolve(null);
      }
    });
  });
}

/** Memory after the scripted turns: medians of 5 unforced readings, then of 5 readings after a full GC (MB). */
async function memory(gw, wsUrl, label) {
  const mb = (kb) => kb / 1024;
  await sleep(SETTLE_MS);
  const before = [];
  for (let i = 0; i < 5; i++) {
    before.push(rssOf(gw.pid));
    await sleep(1000);
  }
  const gced = wsUrl ? await heapOf(gw, wsUrl, true) : null;
  const after = [];
  const heaps = [];
  for (let i = 0; i < 5; i++) {
    after.push(rssOf(gw.pid));
    const h = wsUrl ? await heapOf(gw, wsUrl, false) : null;
    if (h) heaps.push(h);
    await sleep(1000);
  }
  if (!gced) say(`${label}: WARNING: no inspector (${wsUrl ?? "no URL in the gateway log"}), rss is not after a GC`);
  const m = {
    rssNoGc: mb(median(before.map((r) => r.gateway))),
    rss: mb(median(after.map((r) => r.gateway))),
    anon: mb(median(after.map((r) => r.anon))),
    file: mb(median(after.map((r) => r.file))),
    group: mb(median(after.map((r) => r.group))),
    heapUsed: heaps.length ? median(heaps.map((h) => h.heapUsed)) / 2 ** 20 : null,
    heapTotal: heaps.length ? median(heaps.map((h) => h.heapTotal)) / 2 ** 20 : null,
    samples: { rssNoGc: before.map((r) => Math.round(mb(r.gateway))), rss: after.map((r) => Math.round(mb(r.gateway))) },
  };
  say(`${label}: memory MB: rss ${m.rss.toFixed(0)} (no GC ${m.rssNoGc.toFixed(0)}; samples ${m.samples.rssNoGc.join("/")} → ${m.samples.rss.join("/")}), anon ${m.anon.toFixed(0)}, file ${m.file.toFixed(0)}, heap used ${m.heapUsed?.toFixed(0)} of ${m.heapTotal?.toFixed(0)}`);
  return m;
}

async function variant(withPlugin) {
  const label = withPlugin ? "plugin" : "alone";
  const fake = await startFakeProvider({ maxHangMs: 60_000 });
  fake.setBehaviour("p503", { kind: "503" });
  fake.setBehaviour("b503", { kind: "ok", text: "BACKUP" });
  fake.setBehaviour("phang", { kind: "hang" });
  fake.setBehaviour("bhang", { kind: "ok", text: "BACKUP" });
  const gw = await startGateway({
    fake,
    agents: [
      { id: "a503", primary: "fakea/p503", fallbacks: ["fakeb/b503"] },
      { id: "ahang", primary: "fakea/phang", fallbacks: ["fakeb/bhang"] },
    ],
    providers: [
      { id: "fakea", timeoutSeconds: 4 },
      { id: "fakeb", timeoutSeconds: 8 },
    ],
    plugins: withPlugin ? [{ id: "self-heal", path: plugin, config: {} }] : [],
    // The inspector is for the memory figures (a forced GC, heap usage); same on both sides.
    env: { NODE_OPTIONS: "--inspect=127.0.0.1:0" },
  });
  delete gw.env.NODE_OPTIONS; // the turn CLIs run without it (gw.env is the env they get)
  const wsUrl = /Debugger listening on (ws:\/\/\S+)/.exec(gw.logs().stdout)?.[1];
  say(`${label}: gateway ready in ${gw.bootMs.ready} ms (pid ${gw.pid})`);
  const out = { label, bootMs: gw.bootMs.ready };
  try {
    out.boot = await memory(gw, wsUrl, `${label} (after boot)`);
    const since = Date.now();
    // Scenario A (503 primary) and B (hung primary) run side by side, one agent each.
    const a = (async () => {
      const walls = [];
      const server = [];
      let ok = 0;
      for (let i = 0; i < TURNS_503; i++) {
        const r = await gw.turn("a503", "s-a", `turn ${i + 1}`, { timeoutMs: 300_000 });
        walls.push(r.wallMs);
        const d = (r.json?.meta ?? r.json?.result?.meta)?.durationMs;
        if (typeof d === "number") server.push(d);
        if (answered(r)) ok++;
        say(`${label}: 503 turn ${i + 1}: rc=${r.rc} ${r.wallMs} ms via ${effectiveOf(r) ?? "?"}`);
      }
      return { walls, server, ok };
    })();
    const b = (async () => {
      let ok = 0;
      let failed = 0;
      const walls = [];
      for (let i = 0; i < TURNS_HUNG; i++) {
        const r = await gw.turn("ahang", "s-b", `hello ${i + 1}`, { timeoutMs: 300_000 });
        walls.push(r.wallMs);
        if (answered(r)) ok++;
        else failed++;
        say(`${label}: hung turn ${i + 1}: rc=${r.rc} ${r.wallMs} ms via ${effectiveOf(r) ?? "?"}`);
      }
      return { ok, failed, walls };
    })();
    const [ra, rb] = await Promise.all([a, b]);
    out.a = { ...ra, sick: fake.requests({ model: "p503", since, isProbe: false }).length, probes: fake.requests({ model: "p503", since, isProbe: true }).length };
    out.b = { ...rb, sick: fake.requests({ model: "phang", since, isProbe: false }).length, probes: fake.requests({ model: "phang", since, isProbe: true }).length };
    out.mem = await memory(gw, wsUrl, label);
    // Scenario C: the 503 primary recovers; turns back to back until one is answered by the primary.
    fake.setBehaviour("p503", { kind: "ok", text: "PRIMARY-BACK" });
    const recoveredAt = Date.now();
    let lag = null;
    let turns = 0;
    while (Date.now() - recoveredAt < 150_000) {
      const r = await gw.turn("a503", "s-a", `after recovery ${++turns}`, { timeoutMs: 200_000 });
      if (r.rc === 0 && JSON.stringify(r.json ?? {}).includes("PRIMARY-BACK")) {
        lag = Date.now() - recoveredAt;
        break;
      }
      await sleep(1000);
    }
    out.c = { lag, turns };
    say(`${label}: recovery → first primary turn: ${lag ?? "none within 150 s"} ms after ${turns} turn(s)`);
  } finally {
    await gw.stop();
    await fake.close();
  }
  return out;
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
const results = { alone: [], plugin: [] };
// BENCH_E2E_ONLY=gateway_hung runs only the watchdog scenario below; BENCH_E2E_ONLY=failback only the fail-back one
// (bench/e2e-failback.mjs: 1- and 5-minute outages by default, BENCH_E2E_OUTAGES; 30 and 60 minutes from the rehearsal).
const ONLY = process.env.BENCH_E2E_ONLY;
const ONLY_HUNG = ONLY === "gateway_hung";
const ONLY_FAILBACK = ONLY === "failback";
const ONLY_HUNG_TURNS = ONLY === "hung";
const ONLY_STALL = ONLY === "stall";
for (let round = 0; round < (ONLY ? 0 : ROUNDS); round++) {
  if (ROUNDS > 1) say(`round ${round + 1}/${ROUNDS}`);
  for (const withPlugin of [false, true]) results[withPlugin ? "plugin" : "alone"].push(await variant(withPlugin));
}
// Gateway hung → answering again: a plain restart-on-exit supervisor against `self-heal watch` (bench/e2e-watch.mjs).
const { gatewayHungBench } = await import("./e2e-watch.mjs");
const hungLines = ONLY ? [] : await gatewayHungBench({ ts, support, plugin, say, startGateway, startFakeProvider });
for (const l of hungLines) process.stdout.write(`${JSON.stringify(l)}\n`);
// Fail-back after 1- and 5-minute outages, OpenClaw alone vs with the plugin (bench/e2e-failback.mjs).
const { failbackBench, rehearsedFailback } = await import("./e2e-failback.mjs");
const failbackLines = ONLY && !ONLY_FAILBACK ? [] : await failbackBench({ plugin, say, startGateway, startFakeProvider });
// 30- and 60-minute outages from the rehearsal (the parity test shows it decides as the gateway does).
if (!ONLY || ONLY_FAILBACK) failbackLines.push(...(await rehearsedFailback({ dist: DIST, say })));
for (const l of failbackLines) process.stdout.write(`${JSON.stringify(l)}\n`);
// Hung primary, every turn, at OpenClaw's default retries and with `retry.provider.maxRetries` (bench/e2e-hung-turns.mjs).
const { hungTurnsBench } = await import("./e2e-hung-turns.mjs");
const hungTurnLines = ONLY && !ONLY_HUNG_TURNS ? [] : await hungTurnsBench({ plugin, say, startGateway, startFakeProvider });
for (const l of hungTurnLines) process.stdout.write(`${JSON.stringify(l)}\n`);
// A stream of keep-alives without tokens, OpenClaw alone vs with the plugin (bench/e2e-stall.mjs).
const { stallBench } = await import("./e2e-stall.mjs");
const stallLines = ONLY && !ONLY_STALL ? [] : await stallBench({ plugin, say, startGateway, startFakeProvider });
for (const l of stallLines) process.stdout.write(`${JSON.stringify(l)}\n`);

const figures = [];
const range = (xs) => (xs.length > 1 ? [Math.round(Math.min(...xs)), Math.round(Math.max(...xs))] : undefined);
/** One figure per side: the median over the rounds of `of(result)` (with its range when there are several rounds). */
const fig = (bench, of, unit) => {
  const row = [bench];
  for (const v of ["alone", "plugin"]) {
    const xs = results[v].map(of).filter((x) => typeof x === "number" && Number.isFinite(x));
    const value = xs.length ? median(xs) : null;
    const line = { bench: `e2e.${bench}.${v}`, value: value === null ? null : Math.round(value), unit, ...(range(xs) ? { range: range(xs) } : {}) };
    figures.push(line);
    process.stdout.write(`${JSON.stringify(line)}\n`);
    row.push(value);
  }
  rows.push([...row, unit]);
};
const rows = [];
if (!ONLY) {
fig("outage503.turn_p50_ms", (r) => pct(r.a.walls, 50), "ms");
fig("outage503.turn_p95_ms", (r) => pct(r.a.walls, 95), "ms");
fig("outage503.turns_answered", (r) => r.a.ok, "turns");
fig("outage503.sick_model_requests", (r) => r.a.sick, "requests");
fig("outage503.probe_requests", (r) => r.a.probes, "requests");
fig("hung.turns_answered", (r) => r.b.ok, "turns");
fig("hung.turns_failed", (r) => r.b.failed, "turns");
fig("hung.turn_p50_ms", (r) => pct(r.b.walls, 50), "ms");
fig("hung.sick_model_requests", (r) => r.b.sick, "requests");
fig("recovery.lag_to_primary_ms", (r) => r.c.lag, "ms");
fig("gateway.rss_mb", (r) => r.mem.rss, "MB");
fig("gateway.rss_nogc_mb", (r) => r.mem.rssNoGc, "MB");
fig("gateway.rss_anon_mb", (r) => r.mem.anon, "MB");
fig("gateway.heap_used_mb", (r) => r.mem.heapUsed, "MB");
fig("gateway.group_rss_mb", (r) => r.mem.group, "MB");
fig("gateway.boot_rss_mb", (r) => r.boot.rss, "MB");
fig("gateway.boot_heap_used_mb", (r) => r.boot.heapUsed, "MB");
}
const sideLines = [...failbackLines, ...hungTurnLines, ...stallLines];
const fbKeys = [...new Set(sideLines.map((l) => l.bench.replace(/\.(alone|plugin)$/, "")))];
for (const key of fbKeys) {
  const of = (v) => sideLines.find((l) => l.bench === `${key}.${v}`);
  const cell = (l) => (l ? (l.of !== undefined ? `${l.value}/${l.of}` : l.value) : null);
  rows.push([key.replace(/^e2e\./, ""), cell(of("alone")), cell(of("plugin")), of("alone")?.unit ?? of("plugin")?.unit]);
}
for (const what of ONLY ? [] : ["readyz_ms", "turn_answered_ms", "restarts"]) {
  const of = (mode) => hungLines.find((l) => l.bench === `e2e.gateway_hung.${what}.${mode}`)?.value ?? null;
  rows.push([`gateway_hung.${what}`, of("restart_on_exit"), of("watchdog"), `${what === "restarts" ? "restarts" : "ms"} (restart-on-exit | self-heal watch)`]);
}

const w = [34, 10, 10, 9];
const line = (r) => `${String(r[0]).padEnd(w[0])}  ${String(r[1] ?? "null").padStart(w[1])}  ${String(r[2] ?? "null").padStart(w[2])}  ${r[3]}`;
process.stderr.write(`\nMachine: ${machine}, ${os.type()} ${os.release()}; OpenClaw 2026.9.6 (pinned runtime), default retry settings; ${TURNS_503} turns (503), ${TURNS_HUNG} turns (hung), ${ROUNDS} round(s)\n`);
process.stderr.write(`${line(["figure", "alone", "plugin", "unit"])}\n${"-".repeat(72)}\n`);
for (const r of rows) process.stderr.write(`${line(r.map((x) => (typeof x === "number" ? Math.round(x) : x)))}\n`);
process.stderr.write(`(turn latencies are \`openclaw agent\` CLI wall times, CLI start included; whole run ${Math.round((Date.now() - t00) / 1000)} s)\n`);
