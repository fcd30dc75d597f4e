// Task recovery on a real gateway: every model of an agent down, a user turn fails, one model recovers, the
// supervisor re-runs the turn once into its session; a restart in between answers nothing twice; a task past
// its age bound found at start is dropped and reported. A tiny TEST-ONLY plugin reads session transcripts.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { journal, runtimeOrFail, selfHealPlugin, sleep, waitFor } from "./helpers/self-heal.js";

const ready = runtimeOrFail("e2e task recovery");

/** A throwaway plugin with one gateway method that re-runs a message in a session, as the recovery does. */
function probePluginDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "trprobe-"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "trprobe", version: "0.0.0", private: true, type: "module", openclaw: { extensions: ["./index.ts"] } }));
  writeFileSync(path.join(dir, "openclaw.plugin.json"), JSON.stringify({ id: "trprobe", name: "trprobe", description: "TEST-ONLY", activation: { onStartup: true }, configSchema: { type: "object", additionalProperties: false, properties: {} } }));
  writeFileSync(
    path.join(dir, "index.ts"),
    `import { definePluginEntry } from "openclaw/plugin-sdk/plugin-entry";
export default definePluginEntry({
  id: "trprobe", name: "trprobe", description: "TEST-ONLY",
  register(api: any) {
    if (api.registrationMode !== "full") return;
    api.registerGatewayMethod("trprobe.rerun", async ({ params, respond }: any) => {
      const out: any = {};
      try {
        out.run = await api.runtime.subagent.run({ sessionKey: params.sessionKey, message: params.message, idempotencyKey: params.idempotencyKey, deliver: false });
        out.wait = await api.runtime.subagent.waitForRun({ runId: out.run.runId, timeoutMs: 60000 });
      } catch (e: any) { out.error = { name: e?.name, message: String(e?.message ?? e), code: e?.code }; }
      respond(true, out);
    }, { scope: "operator.write" });
    api.registerGatewayMethod("trprobe.messages", async ({ params, respond }: any) => {
      try { respond(true, await api.runtime.subagent.getSessionMessages({ sessionKey: params.sessionKey, limit: 50 })); }
      catch (e: any) { respond(true, { error: String(e?.message ?? e) }); }
    }, { scope: "operator.read" });
  },
});
`,
  );
  return dir;
}

describe("task recovery in a real gateway", () => {
  let fake: FakeProvider;
  let gw: Gateway;
  const SESSION = "agent:arec:explicit:s1";
  const HELD = "agent:arec:explicit:s2";
  const QUESTION = "what is the capital of France?";
  const messages = async (): Promise<any[]> => (await gw.call("trprobe.messages", { sessionKey: SESSION }))?.messages ?? [];
  const answers = (ms: any[]) => ms.filter((m) => m.role === "assistant" && JSON.stringify(m.content).includes("PARIS-RECOVERED"));

  beforeAll(async () => {
    fake = await startFakeProvider({ maxHangMs: 60_000 });
    gw = await startGateway({
      fake,
      agents: [{ id: "arec", primary: "fakea/r1", fallbacks: ["fakeb/r2"] }],
      providers: [{ id: "fakea", timeoutSeconds: 4 }, { id: "fakeb", timeoutSeconds: 4 }],
      plugins: [
        selfHealPlugin({ model: { baseCooldownSeconds: 8, maxCooldownSeconds: 60, probeSpacingSeconds: 1, probeTimeoutSeconds: 10, recoveredHoldSeconds: 30 }, statusIntervalSeconds: 2 }),
        { id: "trprobe", path: probePluginDir(), config: {} },
      ],
      fastFailover: true,
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it("re-runs the failed turn once after a model recovers, the answer reaches the session, and a restart answers nothing twice", async () => {
    await waitFor("self-heal running", async () => (await gw.call("self-heal.status", {}).catch(() => undefined))?.running || undefined, 120_000, 1_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${gw.logs().file.split("\n").filter((l) => /self-heal|plugin|error/i.test(l)).slice(-40).join("\n")}`);
    });
    fake.setBehaviour("r1", { kind: "503" });
    fake.setBehaviour("r2", { kind: "503" });
    const failed = await gw.turn("arec", "s1", QUESTION);
    expect(failed.rc).not.toBe(0);
    const recorded = await waitFor("task.recorded", () => journal(gw).find((r) => r.type === "task.recorded"), 30_000);
    expect(recorded).toMatchObject({ agentId: "arec", sessionKey: SESSION, category: "server_overload" });
    expect(recorded.messageRef).toMatch(/:user$/);
    expect(JSON.stringify(journal(gw))).not.toContain(QUESTION);

    // While both models are routed around, the next user turn is held (before_agent_run) and recorded too.
    await waitFor("both models routed around", async () => {
      const st = await gw.call("self-heal.status", {});
      return st.models.filter((m: { id: string; routedAround: boolean }) => ["fakea/r1", "fakeb/r2"].includes(m.id) && m.routedAround).length === 2 || undefined;
    }, 30_000);
    const heldTurn = await gw.turn("arec", "s2", "and of Germany?");
    expect(heldTurn.rc).not.toBe(0);
    const heldTask = await waitFor("held task recorded", () => journal(gw).find((r) => r.type === "task.recorded" && r.sessionKey === HELD), 30_000);
    // OpenClaw replaced the held run's user message in the transcript with its block notice.
    const heldMessages: any[] = (await gw.call("trprobe.messages", { sessionKey: HELD }))?.messages ?? [];
    expect(JSON.stringify(heldMessages)).not.toContain("and of Germany?");
    expect(JSON.stringify(heldMessages)).toContain("beforeAgentRunBlocked");

    fake.setBehaviour("r1", { kind: "ok", text: "PARIS-RECOVERED" });
    const recoveredAt = Date.now();
    const answered = await waitFor("task.answered", () => journal(gw).find((r) => r.type === "task.answered" && r.sessionKey === SESSION), 120_000, 500);
    console.info(`[e2e task-recovery] model back → task answered in ${Date.now() - recoveredAt} ms (${answered.runKey})`);
    const heldAnswered = await waitFor("held task answered", () => journal(gw).find((r) => r.type === "task.answered" && r.task === heldTask.task), 60_000, 500);
    const j = journal(gw);
    expect(j.filter((r) => r.type === "action.executed" && r.action === "recover_task" && r.target === SESSION)).toHaveLength(1);
    expect(j.some((r) => r.type === "action.executed" && r.action === "fail_back" && r.target === "fakea/r1")).toBe(true);
    expect(answers(await messages())).toHaveLength(1);
    expect(answers(await messages())[0].__openclaw?.runId).toBe(answered.runKey);
    const heldAnswers = async () => answers((await gw.call("trprobe.messages", { sessionKey: HELD }))?.messages ?? []);
    expect(await heldAnswers()).toHaveLength(1);
    expect((await heldAnswers())[0].__openclaw?.runId).toBe(heldAnswered.runKey);

    // A task past its age bound, left on disk by an earlier gateway: never resurrected after a restart.
    const tasksDir = path.join(gw.stateDir, "plugins", "self-heal", "tasks");
    mkdirSync(tasksDir, { recursive: true });
    const old = Date.now() - 2 * 3_600_000;
    writeFileSync(path.join(tasksDir, "tstale.json"), JSON.stringify({ id: "tstale", agentId: "arec", sessionKey: SESSION, sourceRunId: "old-run", category: "server_overload", strategy: "model-backoff", createdAt: old, deadline: old + 3_600_000, state: "pending", attempts: 0, maxAttempts: 3, nextAt: old + 60_000, waitedMs: 0, prevDelayMs: 0, updatedAt: old }));

    const restarted = await gw.cli(["gateway", "restart", "--json"], { timeoutMs: 120_000 });
    expect(restarted.rc, restarted.stderr.slice(-800)).toBe(0);
    await sleep(3_000);
    await waitFor("self-heal running again", async () => {
      try {
        return (await gw.call("self-heal.status", {}))?.running || undefined;
      } catch {
        return undefined;
      }
    }, 90_000, 1_000);
    const dropped = await waitFor("stale task dropped", () => journal(gw).find((r) => r.type === "task.dropped" && r.task === "tstale"), 30_000);
    expect(dropped.why).toBe("too_old_at_restart");
    await sleep(10_000);
    const after = journal(gw);
    console.info(`[e2e task-recovery] task records: ${JSON.stringify(after.filter((r) => r.type.startsWith("task.") || r.action === "recover_task").map((r) => ({ type: r.type, task: r.task, target: r.target, why: r.why, error: r.error })))}`);
    expect(after.filter((r) => r.type === "action.proposed" && r.action === "recover_task" && r.target === HELD)).toHaveLength(1);
    expect(await heldAnswers()).toHaveLength(1);
    expect(after.filter((r) => r.type === "action.proposed" && r.action === "recover_task" && r.target === SESSION)).toHaveLength(1);
    expect(answers(await messages())).toHaveLength(1);
    const served = fake.requests({ model: "r1", since: recoveredAt }).filter((r) => r.status === 200 && !r.isProbe);
    expect(served.filter((r) => r.lastUser.includes("capital of France"))).toHaveLength(1);
    expect(served.filter((r) => r.lastUser.includes("and of Germany?"))).toHaveLength(1);
    expect(JSON.stringify(journal(gw))).not.toContain("and of Germany?");
  });
});
