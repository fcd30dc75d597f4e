import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { register } from "../../src/adapter/register.js";
import { processState, resetProcessState } from "../../src/adapter/process-state.js";
import { stopSupervisor } from "../../src/adapter/service.js";
import { createFakeApi } from "../helpers/fake-api.js";
import { createOperatorTool } from "../../src/adapter/tools/operator-tool.js";
import { OPERATOR_VERBS } from "../../src/domain/operator.js";

let dir = "";
afterEach(async () => {
  await stopSupervisor(processState());
  resetProcessState();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const openclawConfig = { agents: { defaults: { model: { primary: "fakea/primary-1", fallbacks: ["fakeb/backup-1"] } } } };

async function started() {
  dir = mkdtempSync(join(tmpdir(), "self-heal-op-"));
  const full = createFakeApi({ pluginConfig: {} });
  register(full.api);
  await full.services[0]?.start({ stateDir: dir, config: openclawConfig, logger: full.api.logger });
  processState().runtime!.supervisor.observe({ type: "call", ts: Date.now(), model: "fakea/primary-1", provider: "fakea", ok: false, classification: { category: "auth_failed", retryable: false, evidence: "HTTP 401", status: 401 } });
  await new Promise((r) => setImmediate(r));
  return full;
}

function call(full: Awaited<ReturnType<typeof started>>, method: string, params: unknown): Promise<{ ok: boolean; payload?: Record<string, unknown>; error?: { message: string } }> {
  return new Promise((done) => {
    void full.methods.get(method)?.handler({ params, respond: (ok: boolean, payload?: unknown, error?: unknown) => done({ ok, payload: payload as Record<string, unknown>, error: error as { message: string } }) } as never);
  });
}

describe("operator surfaces", () => {
  it("registers self-heal.<verb> for every verb with scope operator.write; status stays operator.read", () => {
    const full = createFakeApi();
    register(full.api);
    for (const verb of OPERATOR_VERBS) expect(full.methods.get(`self-heal.${verb}`)?.scope, verb).toBe("operator.write");
    expect(full.methods.get("self-heal.status")?.scope).toBe("operator.read");
  });

  it("clears a disabled model through RPC and journals who asked and where", async () => {
    const full = await started();
    const rt = processState().runtime!;
    expect(rt.supervisor.stateOf("model", "fakea/primary-1")).toBe("disabled");
    const r = await call(full, "self-heal.clear", { target: "fakea/primary-1", surface: "cli", by: "alice" });
    expect(r.ok).toBe(true);
    expect(String(r.payload?.text)).toMatch(/^Cleared fakea\/primary-1/);
    expect(rt.supervisor.stateOf("model", "fakea/primary-1")).toBe("healthy");
    const bad = await call(full, "self-heal.clear", { target: "nope/x" });
    expect(bad.ok).toBe(false);
    expect(bad.error?.message).toMatch(/Nothing supervised is called "nope\/x"/);
    await rt.journal.flush();
    expect(rt.status().models.find((m) => m.id === "fakea/primary-1")?.state).toBe("healthy");
  });

  it("/selfheal <verb> is owner only; anyone gets the status and the help", async () => {
    const full = await started();
    const handler = full.commands[0]!.handler as (ctx: Record<string, unknown>) => Promise<{ text: string }>;
    const stranger = await handler({ args: "pause 30m", senderIsOwner: false, senderId: "eve" });
    expect(stranger.text).toBe("Only the owner may run /selfheal pause; this request came from another sender, so nothing was changed.");
    expect(processState().runtime!.status().maintenance).toBeUndefined();
    const owner = await handler({ args: "pause 30m", senderIsOwner: true, senderId: "42" });
    expect(owner.text).toMatch(/^Maintenance mode until .*End it with: self-heal resume\.$/);
    const status = await handler({ args: "", senderIsOwner: false });
    expect(status.text).toMatch(/maintenance mode until .* \(by owner:42\)/);
    expect((await handler({ args: "help" })).text).toContain("/selfheal clear <model|channel:ID|cron:ID|gateway>");
    expect((await handler({ args: "reboot", senderIsOwner: true })).text).toMatch(/^Unknown \/selfheal command "reboot"/);
    await handler({ args: "resume", senderIsOwner: true });
    expect(processState().runtime!.status().maintenance).toBeUndefined();
  });

  it("the self_heal_operator tool refuses during another sender's turn and works for the owner", async () => {
    await started();
    const rt = () => processState().runtime;
    const other = createOperatorTool({ runtime: rt, sender: { senderIsOwner: false, senderId: "eve" } });
    const refused = await other.execute("t1", { verb: "clear", target: "fakea/primary-1" });
    expect(refused.details).toMatchObject({ ok: false, refused: "not_owner" });
    expect(rt()!.supervisor.stateOf("model", "fakea/primary-1")).toBe("disabled");
    const noCtx = createOperatorTool({ runtime: rt, sender: undefined });
    expect((await noCtx.execute("t2", { verb: "resume" })).details.ok).toBe(false);
    const owner = createOperatorTool({ runtime: rt, sender: { senderIsOwner: true, senderId: "42" } });
    const done = await owner.execute("t3", { verb: "clear", target: "fakea/primary-1" });
    expect(done.details).toMatchObject({ ok: true, request: { verb: "clear", by: "owner:42", surface: "tool" } });
    expect(rt()!.supervisor.stateOf("model", "fakea/primary-1")).toBe("healthy");
  });
});
