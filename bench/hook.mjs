// hook.model_call_ended: per-call latency of ingest.hook() (classification + supervisor.observe + buffered journal
// append) while calls arrive at a paced, sustained rate, inside the real runtime (journal on disk, async drain).
// Usage: node bench/hook.mjs [rate=10000] [seconds=5] [suffix=""]
// suffix "sharing": shared health on, through a private redis-server, while another gateway publishes cooldowns.
import { dist, emit, percentile, stubHost, tempDir, topology } from "./lib.mjs";

const rate = Number(process.argv[2] ?? 10_000);
const seconds = Number(process.argv[3] ?? 5);
const suffix = process.argv[4] ?? "";
const WARMUP_S = 1;

const { createRuntime } = await dist("src/runtime/create-runtime.js");
const { createIngest } = await dist("src/adapter/ingest/create-ingest.js");
const { defaultConfig } = await dist("src/config/parse-config.js");
const { systemClock } = await dist("src/domain/clock.js");

const stateDir = tempDir("hook");
const sharing = suffix === "sharing";
const redis = sharing ? await (await import("./redis.mjs")).startRedis() : undefined;
const config = sharing ? { ...defaultConfig(), sharedHealth: { redis: { url: redis.url, keyPrefix: "bench:", gatewayName: "bench-a", commandTimeoutMs: 500, tls: { enabled: false, rejectUnauthorized: true } } } } : defaultConfig();
const topo = topology(30, 2, 2);
const models = topo.agents.flatMap((a) => a.chain);
const clock = systemClock();
const runtime = createRuntime({ stateDir, config, topology: topo, host: stubHost(), clock, random: Math.random });
const ingest = createIngest({ supervisor: runtime.supervisor, clock, steering: () => true });
let peer;
if (sharing) {
  // Wait until this gateway shares, then let "another gateway" publish a cooldown twice a second (a busy incident; this one learns each).
  const t = Date.now();
  while (runtime.shared()?.status().state !== "sharing") {
    if (Date.now() - t > 10_000) throw new Error("shared health did not connect to the bench redis-server");
    await new Promise((r) => setTimeout(r, 20));
  }
  const { Redis } = await import("ioredis");
  const client = new Redis(redis.url);
  let k = 0;
  peer = setInterval(() => {
    const model = models[3 + (k++ % (models.length - 3))];
    const until = Date.now() + 60_000;
    const entry = { v: 1, model, state: "cooldown", category: "rate_limit", evidence: "HTTP 429", until, retryAfterMs: 60_000, gateway: "bench-b", at: Date.now() };
    client.publish("bench:v1:events", JSON.stringify({ kind: "entry", ...entry })).catch(() => undefined);
  }, 500);
  peer.stop = () => {
    clearInterval(peer);
    client.disconnect();
  };
}

// Realistic payloads (shapes as recorded on the real 2026.9.6 gateway, test/e2e/support/HOST-API.md §c).
// Traffic mix (the steady state of "one provider is down"): 2.5% of calls go to a dead model (HTTP 503: the
// failure's text arrives with agent_end, which the ingest correlates and classifies), 2% to a hung model
// (failureKind=timeout), 0.1% are sporadic connection resets on healthy models, the rest complete.
let n = 0;
function call() {
  const i = n++;
  const kind = i % 40 === 0 ? "503" : i % 50 === 1 ? "timeout" : i % 1000 === 7 ? "reset" : "ok";
  const model = kind === "503" ? models[0] : kind === "timeout" ? models[1] : models[2 + (i % (models.length - 2))];
  const slash = model.indexOf("/");
  const provider = model.slice(0, slash);
  const id = model.slice(slash + 1);
  const runId = `0b7c${(i >>> 2).toString(16).padStart(8, "0")}-6f1e-4c1d-9a3b-5d2e8f7a1c90`;
  const sessionKey = `agent:agent-${i % 10}:explicit:s${i % 97}`;
  const ev = {
    runId, callId: `${runId}:model:1`, sessionKey, sessionId: `s${i % 97}`, provider, model: id, api: "openai-completions",
    transport: "auto", contextTokenBudget: 128000, contextWindowSource: "modelsConfig", durationMs: 300 + (i % 900),
    outcome: "completed", requestPayloadBytes: 146190, responseStreamBytes: 2609, timeToFirstByteMs: 126,
  };
  const ctx = { runId, sessionKey, sessionId: ev.sessionId, modelProviderId: provider, modelId: id, trace: { traceId: runId, spanId: "9a3b5d2e" } };
  let end;
  if (kind === "503") {
    // HTTP failure: no failureKind, no status, no text; agent_end (next) brings the error message.
    ev.outcome = "error";
    ev.errorCategory = "Error";
    end = {
      ev: {
        success: true, durationMs: 93, runId,
        messages: [
          { role: "user", content: [{ type: "text", text: "hello" }], timestamp: 1 },
          { role: "assistant", content: [], api: "openai-completions", provider, model: id, usage: { input: 0, output: 0 }, stopReason: "error", timestamp: 2,
            errorMessage: "503 The server is overloaded or not ready yet (fake 503).", errorCode: "service_unavailable", errorType: "server_error",
            errorBody: "{\"code\":\"service_unavailable\",\"message\":\"The server is overloaded or not ready yet (fake 503).\"}" },
        ],
      },
      ctx: { runId, trace: ctx.trace, agentId: `agent-${i % 10}`, sessionKey, sessionId: ev.sessionId, workspaceDir: "/home/u/.openclaw/workspace", modelProviderId: provider, modelId: id, trigger: "user" },
    };
  } else if (kind !== "ok") {
    ev.outcome = "error";
    ev.errorCategory = "Error";
    ev.failureKind = kind === "timeout" ? "timeout" : "connection_reset";
  }
  return { ev, ctx, end };
}

const lat = [];
const endLat = [];
const interval = 1e9 / rate;
const total = Math.round(rate * (seconds + WARMUP_S));
const warm = Math.round(rate * WARMUP_S);
const t0 = process.hrtime.bigint();
let issued = 0;
let behindMax = 0;
await new Promise((resolve) => {
  const tick = () => {
    const elapsed = Number(process.hrtime.bigint() - t0);
    const due = Math.min(total, Math.floor(elapsed / interval) + 1);
    behindMax = Math.max(behindMax, due - issued);
    // Issue whatever is due (at most 1 ms of calls per tick, so the drain and the journal flush interleave).
    const limit = Math.min(due, issued + Math.max(1, Math.ceil(rate / 1000)));
    while (issued < limit) {
      const { ev, ctx, end } = call();
      const a = process.hrtime.bigint();
      ingest.hook("model_call_ended", ev, ctx);
      const b = process.hrtime.bigint();
      if (end) {
        ingest.hook("agent_end", end.ev, end.ctx);
        const c = process.hrtime.bigint();
        if (issued >= warm) endLat.push(Number(c - b) / 1000);
      }
      if (issued >= warm) lat.push(Number(b - a) / 1000);
      issued++;
    }
    if (issued >= total) resolve();
    else setImmediate(tick);
  };
  setImmediate(tick);
});
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
await new Promise((r) => setTimeout(r, 50));
const stats = runtime.journal.stats();
lat.sort((a, b) => a - b);
endLat.sort((a, b) => a - b);
const achieved = issued / wallS;
const tag = suffix ? `@${suffix}` : "";
const dropped = stats.dropped + runtime.supervisor.dropped;
const shareInfo = sharing ? { sharedState: runtime.shared()?.status().state, learned: runtime.shared()?.status().learned, published: runtime.shared()?.status().published } : {};
emit(`hook.model_call_ended.p99_us${tag}`, percentile(lat, 99), "us", { target: 50, rate, achieved: Math.round(achieved), samples: lat.length, dropped, ...shareInfo });
emit(`hook.model_call_ended.p50_us${tag}`, percentile(lat, 50), "us");
emit(`hook.model_call_ended.p999_us${tag}`, percentile(lat, 99.9), "us");
emit(`hook.agent_end.p99_us${tag}`, percentile(endLat, 99), "us", { samples: endLat.length });
emit(`hook.achieved_calls_per_s${tag}`, achieved, "calls/s", { requested: rate });
ingest.flush();
peer?.stop();
runtime.stop();
redis?.stop();
