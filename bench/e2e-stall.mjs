// `npm run bench:e2e`, scenario "stalled stream": a real gateway, one agent (primary fakea/pstall, fallback
// fakeb/bstall), OpenClaw's default retry settings, the plugin at its default config (`model.stallSeconds` 0: learned
// per model, 3 × its slowest recent successful call, at least 30 s) or absent. Three answered warm-up turns give the
// primary a history; then the primary keeps its stream open with an empty delta every second and never a token, for
// BENCH_E2E_STALL_CAP_S (150) seconds (openclaw#145203: OpenClaw's idle watchdog stays quiet while bytes flow), and two
// user turns run one after the other. Figures: the stall detected (plugin: its `call` record with `stalled:` evidence,
// measured from the model call's start; alone: never), the stalled turn's and the next turn's wall time and whether
// they were answered, and requests sent to the stalled model.
import { journalOf } from "./e2e-lib.mjs";

const CAP_MS = Number(process.env.BENCH_E2E_STALL_CAP_S ?? 150) * 1000;
const answered = (r) => r.rc === 0 && /BACKUP|FAKE-OK|WARM/.test(JSON.stringify(r.json ?? {}));

async function side({ withPlugin, plugin, say, startGateway, startFakeProvider }) {
  const label = withPlugin ? "plugin" : "alone";
  const fake = await startFakeProvider({ maxHangMs: CAP_MS });
  fake.setBehaviour("pstall", { kind: "ok", text: "WARM" });
  fake.setBehaviour("bstall", { kind: "ok", text: "BACKUP" });
  const gw = await startGateway({
    fake,
    agents: [{ id: "astall", primary: "fakea/pstall", fallbacks: ["fakeb/bstall"] }],
    plugins: withPlugin ? [{ id: "self-heal", path: plugin, config: {} }] : [],
    readyTimeoutMs: 300_000,
  });
  try {
    for (let i = 0; i < 3; i++) await gw.turn("astall", `s-warm-${i}`, `warm up ${i}`, { timeoutMs: 200_000 });
    fake.setBehaviour("pstall", { kind: "keepalive", everyMs: 1000, maxMs: CAP_MS });
    const since = Date.now();
    const first = await gw.turn("astall", "s-stall-1", "are you there?", { timeoutMs: CAP_MS + 120_000 });
    say(`stall ${label}: the stalled turn ${answered(first) ? "answered" : `lost (rc=${first.rc})`} after ${first.wallMs} ms`);
    const next = await gw.turn("astall", "s-stall-2", "second question", { timeoutMs: CAP_MS + 120_000 });
    say(`stall ${label}: the next turn ${answered(next) ? "answered" : `lost (rc=${next.rc})`} after ${next.wallMs} ms`);
    const stall = withPlugin ? journalOf(gw).find((r) => r.type === "call" && r.model === "fakea/pstall" && r.ok === false && String(r.evidence ?? "").startsWith("stalled") && Date.parse(r.ts) >= since) : undefined;
    if (withPlugin) say(`stall ${label}: stall ${stall ? `detected ${stall.durationMs} ms into the call` : "not detected"}`);
    return { first, next, detectedMs: stall ? stall.durationMs : null, sick: fake.requests({ model: "pstall", since, isProbe: false }).length };
  } finally {
    await gw.stop();
    await fake.close();
  }
}

/** OpenClaw alone, then with the plugin; returns JSON lines `e2e.stall.*.<side>`. */
export async function stallBench(ctx) {
  const lines = [];
  for (const withPlugin of [false, true]) {
    const s = withPlugin ? "plugin" : "alone";
    const r = await side({ ...ctx, withPlugin });
    lines.push({ bench: `e2e.stall.detected_ms.${s}`, value: r.detectedMs, unit: "ms", ...(withPlugin ? {} : { note: "OpenClaw has no stall detection" }) });
    lines.push({ bench: `e2e.stall.stalled_turn_ms.${s}`, value: r.first.wallMs, answered: answered(r.first), unit: "ms" });
    lines.push({ bench: `e2e.stall.next_turn_ms.${s}`, value: r.next.wallMs, answered: answered(r.next), unit: "ms" });
    lines.push({ bench: `e2e.stall.turns_answered.${s}`, value: [r.first, r.next].filter(answered).length, of: 2, unit: "turns" });
    lines.push({ bench: `e2e.stall.sick_model_requests.${s}`, value: r.sick, unit: "requests" });
  }
  return lines;
}
