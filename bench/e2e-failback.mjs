// `npm run bench:e2e`, scenario "fail-back after an outage": a real gateway, one agent (primary fakea/pf, fallback
// fakeb/bf), OpenClaw's default retry settings, the plugin at its default config (or absent). For each outage length
// (BENCH_E2E_OUTAGES, seconds, default "60,300") the primary answers 503 for that long while a user turn starts every
// BENCH_E2E_TURN_GAP_S (20) seconds; then it recovers and turns run back to back (1 s apart) until one is answered by
// the primary. Lag = provider recovered → that turn's answer (CLI wall time included); also the gateway-side lag (the
// first user request the primary answers, from the fake's log) and, with the plugin, recovered → its `fail_back`
// (journal). A turn in flight at the recovery that OpenClaw retries onto the primary counts. Bound: BENCH_E2E_FAILBACK_BOUND_S
// (150) after the recovery. One gateway per side; the outages follow each other on it.
// Also counted per outage: probes of the primary (all probes, per minute of outage + recovery) and turns answered.
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
