import { describe, expect, it } from "vitest";
import JSON5 from "json5";
import { BREAKER_TEXT } from "../../../src/host/simulated/faults.js";
import { RETRY_PREFIX } from "../../../src/host/simulated/payloads.js";
import { drive, simulated, T0 } from "./helpers.js";

describe("SimulatedHost turns", () => {
  it("fires the hooks of a healthy turn in the gateway's order, with the recorded payload shapes", async () => {
    const { clock, sink, host } = simulated();
    const turn = await drive(clock, host.runUserTurn({ session: "s1" }));
    expect(turn).toMatchObject({ ok: true, outcome: "answered", model: "p/primary", requests: 1 });
    expect(sink.order()).toEqual(["before_agent_reply", "before_model_resolve", "before_agent_run", "model_call_started", "model_call_ended", "agent_end"]);
    const resolve = sink.named("before_model_resolve")[0];
    expect(resolve?.event).toEqual({ prompt: "message for s1" });
    expect(resolve?.ctx).toMatchObject({ agentId: "main", sessionKey: "agent:main:explicit:s1", sessionId: "s1", modelProviderId: "p", modelId: "primary", trigger: "user" });
    expect(typeof resolve?.ctx.runId).toBe("string");
    const ended = sink.named("model_call_ended")[0]?.event ?? {};
    expect(ended).toMatchObject({ provider: "p", model: "primary", outcome: "completed", callId: `${String(resolve?.ctx.runId)}:model:1` });
    expect(ended.durationMs as number).toBeGreaterThanOrEqual(1000);
    expect(ended.durationMs as number).toBeLessThanOrEqual(3000);
    expect(sink.phases()).toEqual(["start", "end"]);
  });

  it("falls back after a 401 without retrying, prefixing the fallback's prompt, and never reports a status on model_call_ended", async () => {
    const { clock, sink, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "auth_failed", hangs: false });
    const turn = await drive(clock, host.runUserTurn({ session: "s1" }));
    expect(turn).toMatchObject({ ok: true, model: "q/backup", requests: 2 });
    const resolves = sink.named("before_model_resolve");
    expect(resolves.map((r) => `${String(r.ctx.modelProviderId)}/${String(r.ctx.modelId)}`)).toEqual(["p/primary", "q/backup"]);
    expect(resolves[1]?.event.prompt).toBe(`${RETRY_PREFIX}message for s1`);
    const failed = sink.named("model_call_ended")[0]?.event ?? {};
    expect(failed).toMatchObject({ outcome: "error", errorCategory: "Error" });
    expect(failed).not.toHaveProperty("status");
    expect(failed).not.toHaveProperty("failureKind");
    const end = sink.named("agent_end")[0]?.event as { success: boolean; messages: Array<Record<string, unknown>> };
    expect(end.success).toBe(true);
    expect(end.messages.at(-1)).toMatchObject({ stopReason: "error", errorCode: "invalid_api_key" });
    expect(String(end.messages.at(-1)?.errorMessage)).toMatch(/^401 /);
    const finishing = sink.agentEvents.find((e) => (e.data as Record<string, unknown>).phase === "finishing");
    expect((finishing?.data as Record<string, unknown>).errorObservation).toMatchObject({ provider: "p", model: "primary", failoverReason: "auth" });
  });

  it("starts the next turn from the primary again (fallback is turn-local)", async () => {
    const { clock, sink, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "auth_failed", hangs: false });
    await drive(clock, host.runUserTurn({ session: "s1" }));
    await drive(clock, host.runUserTurn({ session: "s1" }));
    const firsts = sink.named("before_model_resolve").filter((r) => !String(r.event.prompt).startsWith("[Retry"));
    expect(firsts.map((r) => r.ctx.modelId)).toEqual(["primary", "primary"]);
  });

  it("retries a 503 on the same model for about a minute before the fallback answers", async () => {
    const { clock, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "server_overload", hangs: false });
    const turn = await drive(clock, host.runUserTurn({ session: "s1" }));
    expect(turn.model).toBe("q/backup");
    const onPrimary = host.requests.filter((r) => r.model === "p/primary");
    expect(onPrimary.length).toBeGreaterThanOrEqual(7);
    expect(onPrimary.length).toBeLessThanOrEqual(8);
    expect(turn.endedAt - turn.startedAt).toBeGreaterThan(45_000);
    expect(turn.endedAt - turn.startedAt).toBeLessThan(100_000);
    expect(onPrimary.every((r) => r.sick && !r.probe)).toBe(true);
  });

  it("ends a hung primary's turn in the idle-timeout breaker and never tries the fallback", async () => {
    const { clock, sink, host } = simulated({ timeoutSeconds: 8 });
    host.applyWorld({ kind: "model", model: "p/primary", fails: null, hangs: true });
    const turn = await drive(clock, host.runUserTurn({ session: "s1" }));
    expect(turn).toMatchObject({ ok: false, outcome: "breaker", error: BREAKER_TEXT, requests: 5 });
    expect(host.requests.some((r) => r.model === "q/backup")).toBe(false);
    const ends = sink.named("model_call_ended").map((h) => h.event);
    expect(ends.every((e) => e.failureKind === "timeout" && (e.durationMs as number) >= 8000)).toBe(true);
    expect(sink.named("agent_end").every((h) => h.event.success === false)).toBe(true);
    expect(sink.phases().at(-1)).toBe("error");
  });

  it("falls back after a stalled stream times out (unlike a hang)", async () => {
    const { clock, host } = simulated({ timeoutSeconds: 8 });
    host.applyWorld({ kind: "model", model: "p/primary", fails: "timeout", hangs: false });
    const turn = await drive(clock, host.runUserTurn({ session: "s1" }));
    expect(turn).toMatchObject({ ok: true, model: "q/backup" });
    expect(host.requests.filter((r) => r.model === "p/primary")).toHaveLength(6);
  });

  it("honours before_model_resolve's override and before_agent_run's block", async () => {
    const { clock, sink, host } = simulated();
    sink.answer = (name, _e, ctx) => (name === "before_model_resolve" && ctx.modelId === "primary" ? { providerOverride: "q", modelOverride: "backup" } : undefined);
    const routed = await drive(clock, host.runUserTurn({ session: "s1" }));
    expect(routed).toMatchObject({ ok: true, model: "q/backup", requested: "p/primary" });
    expect(host.requests.map((r) => r.model)).toEqual(["q/backup"]);
    sink.answer = (name) => (name === "before_agent_run" ? { outcome: "block", reason: "test", message: "held" } : undefined);
    const blocked = await drive(clock, host.runUserTurn({ session: "s2" }));
    expect(blocked).toMatchObject({ ok: false, outcome: "blocked", error: "held", requests: 0 });
  });

  it("keeps a user-pinned session strict: no fallback", async () => {
    const { clock, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "auth_failed", hangs: false });
    const turn = await drive(clock, host.runUserTurn({ session: "s1", model: "p/primary" }));
    expect(turn).toMatchObject({ ok: false, outcome: "failed", requests: 1 });
    expect(turn.error).toMatch(/^Authentication failed/);
  });

  it("exhausts the chain with OpenClaw's 'All models failed (n)' error", async () => {
    const { clock, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "auth_failed", hangs: false });
    host.applyWorld({ kind: "model", model: "q/backup", fails: "model_unavailable", hangs: false });
    const turn = await drive(clock, host.runUserTurn({ session: "s1" }));
    expect(turn.error).toMatch(/^All models failed \(2\): p\/primary: Authentication failed .*\(auth\) \| q\/backup: .*\(model_not_found\)$/);
  });

  it("queues a session's turns one after another", async () => {
    const { clock, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "server_overload", hangs: false });
    const first = host.runUserTurn({ session: "s1" });
    const second = host.runUserTurn({ session: "s1" });
    const [a, b] = await drive(clock, Promise.all([first, second]));
    expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt);
    expect(b.arrivedAt).toBe(T0);
  });
});

describe("SimulatedHost effects", () => {
  it("probes on the world's current behaviour and records the request as a probe", async () => {
    const { clock, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "rate_limit", hangs: false, retryAfterS: 90 });
    const sick = await drive(clock, host.probeModel("p/primary", 30_000));
    expect(sick).toMatchObject({ ok: false, classification: { category: "rate_limit", status: 429, retryAfterMs: 90_000 } });
    host.applyWorld({ kind: "model", model: "p/primary", fails: null, hangs: false });
    expect((await drive(clock, host.probeModel("p/primary", 30_000))).ok).toBe(true);
    expect(host.requests.map((r) => [r.probe, r.sick])).toEqual([[true, true], [true, false]]);
  });

  it("refuses a probe of a fallback as OpenClaw does without subagent.allowModelOverride, and runs it with it", async () => {
    const { clock, host } = simulated();
    await expect(drive(clock, host.probeModel("q/backup", 30_000))).rejects.toThrow(/probe not permitted.*allowModelOverride/);
    expect(host.requests).toEqual([]);
    expect((await drive(clock, host.probeModel("p/primary", 30_000))).ok).toBe(true);
    const allowed = simulated({ allowModelOverride: true });
    expect((await drive(allowed.clock, allowed.host.probeModel("q/backup", 30_000))).ok).toBe(true);
  });

  it("counts a Retry-After down to the provider's reset time", async () => {
    const { clock, host } = simulated();
    host.applyWorld({ kind: "model", model: "p/primary", fails: "quota_exhausted", hangs: false, resetAtMs: T0 + 600_000 });
    clock.advanceTo(T0 + 240_000);
    const probe = await drive(clock, host.probeModel("p/primary", 30_000));
    expect(probe.classification?.retryAfterMs).toBe(360_000);
  });

  it("reconnects a restarted channel after a virtual delay only when it can connect", async () => {
    const { clock, host } = simulated({ channels: ["whatsapp", "telegram"] });
    host.applyWorld({ kind: "channel", channel: "whatsapp", connected: false });
    host.applyWorld({ kind: "channel", channel: "telegram", connected: false, canConnect: false });
    await drive(clock, Promise.all([host.restartChannel("whatsapp"), host.restartChannel("telegram")]));
    clock.advance(20_000);
    expect(host.world.channels.get("whatsapp")?.connected).toBe(true);
    expect(host.world.channels.get("telegram")?.connected).toBe(false);
  });

  it("polls channels for the plugin through the self_heal.channel_status pseudo-hook", () => {
    const { clock, sink, host } = simulated({ channels: ["whatsapp"] });
    host.start({ pollSeconds: 60 });
    host.applyWorld({ kind: "channel", channel: "whatsapp", connected: false });
    clock.advance(120_000);
    expect(sink.named("self_heal.channel_status").map((h) => h.event)).toEqual([
      { channel: "whatsapp", connected: false },
      { channel: "whatsapp", connected: false },
    ]);
  });

  it("restarts the gateway with gateway_stop, then gateway_start after a delay", async () => {
    const { clock, sink, host } = simulated();
    await drive(clock, host.restartGateway("test"));
    expect(sink.named("gateway_stop")).toHaveLength(1);
    expect(sink.named("gateway_start")).toHaveLength(0);
    clock.advance(15_000);
    expect(sink.named("gateway_start")).toHaveLength(1);
  });

  it("runs cron jobs every period, reports them through cron_changed, and stops a disabled job", async () => {
    const { clock, sink, host } = simulated({ cron: [{ id: "daily", everyMs: 3_600_000 }] });
    host.start();
    host.applyWorld({ kind: "cron", jobId: "daily", fails: true, error: "boom" });
    await drive(clock, new Promise<void>((r) => clock.setTimer(T0 + 3_600_000 + 10_000, r)));
    const finished = sink.named("cron_changed").filter((h) => h.event.action === "finished");
    expect(finished.map((h) => h.event)).toMatchObject([{ jobId: "daily", status: "error", error: "boom" }]);
    await host.disableCron("daily");
    clock.advance(5 * 3_600_000);
    expect(host.cron.runs).toHaveLength(1);
  });

  it("serves openclaw.json that does not parse while the world says the config is broken", async () => {
    const { host } = simulated();
    const good = (await host.readOpenClawConfig()) ?? "";
    expect(() => JSON5.parse(good)).not.toThrow();
    host.applyWorld({ kind: "global", configValid: false });
    const broken = (await host.readOpenClawConfig()) ?? "";
    expect(() => JSON5.parse(broken)).toThrow();
    expect((await host.validateOpenClawConfig()).ok).toBe(false);
    host.applyWorld({ kind: "global", configError: "schema" });
    const rejected = (await host.readOpenClawConfig()) ?? "";
    expect(() => JSON5.parse(rejected)).not.toThrow();
    expect((await host.validateOpenClawConfig()).errors[0]).toMatch(/gateway\.port/);
  });
});
