// `npm run bench:e2e`, scenario "fail-back after an outage": a real gateway, one agent (primary fakea/pf, fallback
// fakeb/bf), OpenClaw's default retry settings, the plugin at its default config (or absent). For each outage length
// (BENCH_E2E_OUTAGES, seconds, default "60,300") the primary answers 503 for that long while a user turn starts every
// BENCH_E2E_TURN_GAP_S (20) seconds; then it recovers and turns run back to back (1 s apart) until one is answered by
// the primary. Lag = provider recovered → that turn's answer (CLI wall time included); also the gateway-side lag (the
// first user request the primary answers, from the fake's log) and, with the plugin, recovered → its `fail_back`
// (journal). A turn in flight at the recovery that OpenClaw retries onto the primary counts. Bound: BENCH_E2E_FAILBACK_BOUND_S
// (150) after the recovery. One gateway per side; the outages follow each other on it.
// Also counted per outage: probes of the primary (all probes, per minute of outage + recovery) and turns answered.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { journalOf } from "./e2e-lib.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const OUTAGES_S = (process.env.BENCH_E2E_OUTAGES ?? "60,300").split(",").map(Number).filter((n) => Number.isFinite(n) && n > 0);
const TURN_GAP_MS = Number(process.env.BENCH_E2E_TURN_GAP_S ?? 20) * 1000;
const BOUND_MS = Number(process.env.BENCH_E2E_FAILBACK_BOUND_S ?? 150) * 1000;

const answered = (r) => r.rc === 0 && /FAKE-OK|PRIMARY-BACK|BACKUP/.test(JSON.stringify(r.json ?? {}));
const byPrimary = (r) => r.rc === 0 && JSON.stringify(r.json ?? {}).includes("PRIMARY-BACK");


async function side({ withPlugin, plugin, say, startGateway, startFakeProvider }) {
  const label = withPlugin ? "plugin" : "alone";
  const fake = await startFakeProvider({ maxHangMs: 60_000 });
  fake.setBehaviour("pf", { kind: "ok", text: "PRIMARY-BACK" });
  fake.setBehaviour("bf", { kind: "ok", text: "BACKUP" });
  const gw = await startGateway({
    fake,
    agents: [{ id: "afb", primary: "fakea/pf", fallbacks: ["fakeb/bf"] }],
    providers: [
      { id: "fakea", timeoutSeconds: 8 },
      { id: "fakeb", timeoutSeconds: 8 },
    ],
    plugins: withPlugin ? [{ id: "self-heal", path: plugin, config: {} }] : [],
    readyTimeoutMs: 300_000,
  });
  say(`failback ${label}: gateway ready in ${gw.bootMs.ready} ms`);
  const out = [];
  try {
    // A healthy turn first, so both sides start from a primary that answered.
    await gw.turn("afb", "s-fb", "warm up", { timeoutMs: 200_000 });
    let n = 0;
    for (const outageS of OUTAGES_S) {
      const since = Date.now();
      fake.setBehaviour("pf", { kind: "503" });
      // The provider recovers at `since + outage` exactly, whatever turn is in flight then.
      let recoveredAt = null;
      const recovery = new Promise((resolve) =>
        setTimeout(() => {
          fake.setBehaviour("pf", { kind: "ok", text: "PRIMARY-BACK" });
          recoveredAt = Date.now();
          resolve();
        }, outageS * 1000),
      );
      let during = 0;
      let duringOk = 0;
      let lagEnd = null;
      // Turns during the outage, one starting every TURN_GAP_MS (or right after a longer one).
      while (recoveredAt === null) {
        const started = Date.now();
        const r = await gw.turn("afb", "s-fb", `outage turn ${++n}`, { timeoutMs: 300_000 });
        during++;
        if (answered(r)) duringOk++;
        // A turn in flight at the recovery that the primary answered (OpenClaw retried it in place) is the fail-back turn.
        if (recoveredAt !== null && byPrimary(r)) lagEnd = Date.now();
        if (recoveredAt !== null) break;
        await Promise.race([recovery, sleep(Math.max(0, started + TURN_GAP_MS - Date.now()))]);
      }
      await recovery;
      let after = 0;
      while (lagEnd === null && Date.now() - recoveredAt < BOUND_MS) {
        const r = await gw.turn("afb", "s-fb", `after recovery ${++n}`, { timeoutMs: 200_000 });
        after++;
        if (byPrimary(r)) lagEnd = Date.now();
        else await sleep(1000);
      }
      const lag = lagEnd === null ? null : lagEnd - recoveredAt;
      // Gateway side, without the CLI's start: the first user request the primary answered after the recovery.
      const served = fake.requests({ model: "pf", since: recoveredAt, isProbe: false }).find((q) => q.status === 200);
      const servedLag = served ? served.at - recoveredAt : null;
      // The plugin's own decision: its first fail_back of the primary after the recovery (journal).
      const fb = withPlugin ? journalOf(gw).find((j) => j.type === "action.executed" && j.action === "fail_back" && j.target === "fakea/pf" && Date.parse(j.ts) >= recoveredAt) : undefined;
      const failBackLag = fb ? Date.parse(fb.ts) - recoveredAt : null;
      const windowMin = (Date.now() - since) / 60_000;
      const probes = fake.requests({ model: "pf", since, isProbe: true }).length + fake.requests({ model: "bf", since, isProbe: true }).length;
      const row = { outageS, lag, servedLag, failBackLag, during, duringOk, after, probes, probesPerMin: probes / windowMin };
      out.push(row);
      say(`failback ${label}: ${outageS} s outage: ${duringOk}/${during} turns answered during it; recovered → primary answers a turn: ${lag ?? `none within ${BOUND_MS / 1000} s`} ms (gateway side ${servedLag ?? "?"} ms${withPlugin ? `, fail_back ${failBackLag ?? "none"} ms` : ""}) after ${after} more turn(s); ${probes} probes (${row.probesPerMin.toFixed(1)}/min)`);
      // Let the primary settle as healthy before the next outage.
      await sleep(5000);
    }
  } finally {
    await gw.stop();
    await fake.close();
  }
  return out;
}

/** Both sides (OpenClaw alone, then with the plugin); returns the JSON lines (`e2e.failback_<N>s.*.<side>`). */
export async function failbackBench(ctx) {
  const sides = {};
  for (const withPlugin of [false, true]) sides[withPlugin ? "plugin" : "alone"] = await side({ ...ctx, withPlugin });
  const lines = [];
  for (const outageS of OUTAGES_S) {
    for (const [v, rows] of Object.entries(sides)) {
      const row = rows.find((r) => r.outageS === outageS);
      if (!row) continue;
      lines.push({ bench: `e2e.failback_${outageS}s.lag_to_primary_ms.${v}`, value: row.lag, unit: "ms" });
      lines.push({ bench: `e2e.failback_${outageS}s.lag_served_ms.${v}`, value: row.servedLag, unit: "ms" });
      if (v === "plugin") lines.push({ bench: `e2e.failback_${outageS}s.lag_fail_back_ms.${v}`, value: row.failBackLag, unit: "ms" });
      lines.push({ bench: `e2e.failback_${outageS}s.turns_answered_during.${v}`, value: row.duringOk, of: row.during, unit: "turns" });
      lines.push({ bench: `e2e.failback_${outageS}s.probes_per_min.${v}`, value: Math.round(row.probesPerMin * 10) / 10, unit: "probes/min" });
    }
  }
  return lines;
}

/**
 * Fail-back after long outages (30 and 60 minutes by default, BENCH_E2E_REHEARSED_OUTAGES_MIN), from the rehearsal:
 * the parity test (test/e2e/parity.e2e.test.ts) shows the rehearsal takes the same decisions as a real gateway, and an
 * hour of real time per figure is too long for a bench. Same layout as the gateway runs (primary + fallback, a 503
 * primary, a user turn every BENCH_E2E_TURN_GAP_S, the plugin at its default config), for 5 seeds (the cooldown
 * jitter): recovered → `fail_back`, recovered → the first turn the primary answers, and probes per minute.
 * Returns the JSON lines (`rehearsal.failback_<N>min.*`: median, with the range over the seeds).
 */
export async function rehearsedFailback({ dist, say }) {
  const { parseScenario, runRehearsal } = await import(pathToFileURL(path.join(dist, "src", "rehearsal", "index.js")).href);
  const outagesMin = (process.env.BENCH_E2E_REHEARSED_OUTAGES_MIN ?? "30,60").split(",").map(Number).filter((n) => Number.isFinite(n) && n > 0);
  const seeds = [1, 2, 3, 4, 5];
  const lines = [];
  for (const min of outagesMin) {
    const outageS = min * 60;
    const steps = [{ at: "+0s", turn: { session: "s1" } }, { at: "+10s", world: { model: "openai/gpt-5.2", fails: "server_overload" } }];
    for (let t = 20; t < 10 + outageS + 180; t += TURN_GAP_MS / 1000) steps.push({ at: `+${t}s`, turn: { session: "s1" } });
    steps.push({ at: `+${10 + outageS}s`, world: { model: "openai/gpt-5.2", fails: null } });
    const parsed = parseScenario({
      name: `failback-${min}min`, start: "2026-03-02T09:00:00Z", config: {},
      openclaw: { models: { primary: "openai/gpt-5.2", fallbacks: ["anthropic/claude-sonnet-4-5"] } },
      steps, until: `+${10 + outageS + 180}s`,
    });
    if (!parsed.ok) throw new Error(`rehearsed fail-back ${min} min: ${parsed.errors.join("; ")}`);
    const rows = [];
    for (const seed of seeds) {
      const run = await runRehearsal(parsed.scenario, { seed });
      const recoveredAt = parsed.scenario.startMs + (10 + outageS) * 1000;
      const fb = run.recorder.actions.find((a) => a.action === "fail_back" && a.atMs >= recoveredAt);
      const turn = run.host.turns.filter((t) => t.ok && t.model === "openai/gpt-5.2" && t.endedAt >= recoveredAt).sort((a, b) => a.endedAt - b.endedAt)[0];
      const probes = run.host.requests.filter((r) => r.probe && r.ts >= recoveredAt - outageS * 1000 && r.ts <= (fb?.atMs ?? recoveredAt)).length;
      rows.push({ failBack: fb ? fb.atMs - recoveredAt : null, turn: turn ? turn.endedAt - recoveredAt : null, probesPerMin: probes / (((fb?.atMs ?? recoveredAt) - (recoveredAt - outageS * 1000)) / 60_000) });
    }
    const stat = (k) => {
      const v = rows.map((r) => r[k]).filter((x) => x !== null).sort((a, b) => a - b);
      return v.length < rows.length ? { value: null } : { value: v[Math.floor(v.length / 2)], min: v[0], max: v.at(-1) };
    };
    const fb = stat("failBack");
    const turn = stat("turn");
    const ppm = stat("probesPerMin");
    lines.push({ bench: `rehearsal.failback_${min}min.lag_fail_back_ms.plugin`, ...fb, unit: "ms", seeds: seeds.length });
    lines.push({ bench: `rehearsal.failback_${min}min.lag_to_primary_ms.plugin`, ...turn, unit: "ms", seeds: seeds.length });
    lines.push({ bench: `rehearsal.failback_${min}min.probes_per_min.plugin`, value: Math.round(ppm.value * 10) / 10, unit: "probes/min", seeds: seeds.length });
    say(`failback rehearsed: ${min} min outage: fail_back ${fb.value} ms after recovery (${fb.min}–${fb.max} over ${seeds.length} seeds), a turn answered by the primary ${turn.value} ms after (${turn.min}–${turn.max}), ${Math.round(ppm.value * 10) / 10} probes/min`);
  }
  return lines;
}
