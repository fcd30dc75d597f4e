// `npm run bench:e2e`, scenario "fail-back after an outage": a real gateway, one agent (primary fakea/pf, fallback
// fakeb/bf), OpenClaw's default retry settings, the plugin at its default config (or absent). For each outage length
// (BENCH_E2E_OUTAGES, seconds, default "60,300") the primary answers 503 for that long while a user turn starts every
// BENCH_E2E_TURN_GAP_S (20) seconds; then it recovers and turns run back to back (1 s apart) until one is answered by
// the primary. Lag = provider recovered → that turn's answer (CLI wall time included). Bound: BENCH_E2E_FAILBACK_BOUND_S
// (150) after the recovery. One gateway per side; the outages follow each other on it.
// Also counted per outage: probes of the primary (all probes, per minute of outage + recovery) and turns answered.
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
      const recoverAt = since + outageS * 1000;
      let during = 0;
      let duringOk = 0;
      // Turns during the outage, one starting every TURN_GAP_MS (or right after a longer one).
      while (Date.now() + 1000 < recoverAt) {
        const started = Date.now();
        // A turn still running at the recovery may be answered by the primary: that counts as the fail-back turn.
        const r = await gw.turn("afb", "s-fb", `outage turn ${++n}`, { timeoutMs: 300_000 });
        during++;
        if (answered(r)) duringOk++;
        if (Date.now() >= recoverAt) {
          if (byPrimary(r)) say(`failback ${label}: a turn in flight at the recovery was answered by the primary`);
          break;
        }
        const wait = started + TURN_GAP_MS - Date.now();
        if (wait > 0) await sleep(Math.min(wait, recoverAt - Date.now()));
      }
      // The recovery happens at recoverAt exactly (a turn still in flight past it was let finish above; the clock
      // starts at recoverAt either way).
      const untilRecovery = recoverAt - Date.now();
      if (untilRecovery > 0) await sleep(untilRecovery);
      fake.setBehaviour("pf", { kind: "ok", text: "PRIMARY-BACK" });
      let lag = null;
      let after = 0;
      while (Date.now() - recoverAt < BOUND_MS) {
        const r = await gw.turn("afb", "s-fb", `after recovery ${++n}`, { timeoutMs: 200_000 });
        after++;
        if (byPrimary(r)) {
          lag = Date.now() - recoverAt;
          break;
        }
        await sleep(1000);
      }
      const windowMin = (Date.now() - since) / 60_000;
      const probes = fake.requests({ model: "pf", since, isProbe: true }).length + fake.requests({ model: "bf", since, isProbe: true }).length;
      const row = { outageS, lag, during, duringOk, after, probes, probesPerMin: probes / windowMin };
      out.push(row);
      say(`failback ${label}: ${outageS} s outage: ${duringOk}/${during} turns answered during it; recovered → primary answers: ${lag ?? `none within ${BOUND_MS / 1000} s`} ms after ${after} turn(s); ${probes} probes (${row.probesPerMin.toFixed(1)}/min)`);
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
      lines.push({ bench: `e2e.failback_${outageS}s.turns_answered_during.${v}`, value: row.duringOk, of: row.during, unit: "turns" });
      lines.push({ bench: `e2e.failback_${outageS}s.probes_per_min.${v}`, value: Math.round(row.probesPerMin * 10) / 10, unit: "probes/min" });
    }
  }
  return lines;
}
