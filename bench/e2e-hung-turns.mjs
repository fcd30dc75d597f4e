// `npm run bench:e2e`, scenario "hung primary, every turn": a real gateway, one agent (primary fakea/phang that accepts
// every request and never answers, fallback fakeb/bhang that answers), provider request timeout 4 s (fakea) / 8 s
// (fakeb), BENCH_E2E_HUNG (3) turns one after the other. Run once per retry setting in BENCH_E2E_HUNG_RETRIES
// (default "default,1"): "default" is OpenClaw's own same-model retry budget; a number N is the agent's session setting
// `retry.provider.maxRetries: N` (agents/<id>/agent/settings.json, the only host lever that lets a timed-out model
// call advance OpenClaw's fallback inside the same turn; see README "How it decides"). Each setting runs OpenClaw alone
// and with the plugin (defaults). Figures: turns answered, the first turn answered or not, turn wall time p50/p95 (the
// `openclaw agent` CLI, its start included) and gateway-side p50/p95 of the answered turns (the turn's first model
// request → the end of the fallback's answer, from the fake provider's log).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const TURNS = Number(process.env.BENCH_E2E_HUNG ?? 3);
const SETTINGS = (process.env.BENCH_E2E_HUNG_RETRIES ?? "default,1").split(",").map((s) => s.trim()).filter(Boolean);
const answered = (r) => r.rc === 0 && /BACKUP|FAKE-OK/.test(JSON.stringify(r.json ?? {}));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : null;
};

async function one({ withPlugin, retries, plugin, say, startGateway, startFakeProvider }) {
  const label = `${withPlugin ? "plugin" : "alone"}, retries ${retries}`;
  const fake = await startFakeProvider({ maxHangMs: 60_000 });
  fake.setBehaviour("phang", { kind: "hang" });
  fake.setBehaviour("bhang", { kind: "ok", text: "BACKUP" });
  const gw = await startGateway({
    fake,
    agents: [{ id: "ahang", primary: "fakea/phang", fallbacks: ["fakeb/bhang"] }],
    providers: [
      { id: "fakea", timeoutSeconds: 4 },
      { id: "fakeb", timeoutSeconds: 8 },
    ],
    plugins: withPlugin ? [{ id: "self-heal", path: plugin, config: {} }] : [],
    readyTimeoutMs: 300_000,
  });
  if (retries !== "default") {
    // Read by OpenClaw at each run (not an openclaw.json key); written after boot, before the first turn.
    const dir = path.join(gw.stateDir, "agents", "ahang", "agent");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "settings.json"), `${JSON.stringify({ retry: { provider: { maxRetries: Number(retries) } } })}\n`);
  }
  const walls = [];
  const servers = [];
  const oks = [];
  try {
    for (let i = 0; i < TURNS; i++) {
      const since = Date.now();
      const r = await gw.turn("ahang", "s-h", `hello ${i + 1}`, { timeoutMs: 300_000 });
      walls.push(r.wallMs);
      // Gateway side, without the CLI's start: the turn's first model request → the end of the fallback's answer.
      const reqs = fake.requests({ since, isProbe: false });
      const answer = reqs.filter((q) => q.model === "bhang" && q.status === 200).at(-1);
      const served = answered(r) && reqs.length && answer ? answer.at + (answer.totalMs ?? answer.ms) - reqs[0].at : null;
      if (served !== null) servers.push(served);
      oks.push(answered(r));
      say(`hung ${label}: turn ${i + 1}: ${answered(r) ? "answered" : `lost (rc=${r.rc})`} in ${r.wallMs} ms (gateway side ${served ?? "-"} ms)`);
    }
  } finally {
    await gw.stop();
    await fake.close();
  }
  return { walls, servers, oks, sick: fake.requests({ model: "phang", isProbe: false }).length };
}

/** Every setting × (alone, plugin); returns JSON lines `e2e.hung_turns[_retriesN].*.<side>`. */
export async function hungTurnsBench(ctx) {
  const lines = [];
  for (const retries of SETTINGS) {
    const key = retries === "default" ? "hung_turns" : `hung_turns_retries${retries}`;
    for (const withPlugin of [false, true]) {
      const side = withPlugin ? "plugin" : "alone";
      const r = await one({ ...ctx, withPlugin, retries });
      lines.push({ bench: `e2e.${key}.answered.${side}`, value: r.oks.filter(Boolean).length, of: r.oks.length, unit: "turns" });
      lines.push({ bench: `e2e.${key}.first_answered.${side}`, value: r.oks[0] ? 1 : 0, unit: "bool" });
      lines.push({ bench: `e2e.${key}.turn_p50_ms.${side}`, value: pct(r.walls, 50), unit: "ms" });
      lines.push({ bench: `e2e.${key}.turn_p95_ms.${side}`, value: pct(r.walls, 95), unit: "ms" });
      lines.push({ bench: `e2e.${key}.served_p50_ms.${side}`, value: pct(r.servers, 50), unit: "ms" });
      lines.push({ bench: `e2e.${key}.served_p95_ms.${side}`, value: pct(r.servers, 95), unit: "ms" });
      lines.push({ bench: `e2e.${key}.first_turn_ms.${side}`, value: r.walls[0] ?? null, unit: "ms" });
      lines.push({ bench: `e2e.${key}.sick_model_requests.${side}`, value: r.sick, unit: "requests" });
    }
  }
  return lines;
}
