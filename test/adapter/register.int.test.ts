import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { register, OBSERVED_HOOKS } from "../../src/adapter/register.js";
import { processState, resetProcessState } from "../../src/adapter/process-state.js";
import { stopSupervisor } from "../../src/adapter/service.js";
import { createFakeApi, FakeResponse } from "../helpers/fake-api.js";

let dir = "";
afterEach(async () => {
  await stopSupervisor(processState());
  resetProcessState();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const openclawConfig = { agents: { defaults: { model: { primary: "fakea/primary-1", fallbacks: ["fakeb/backup-1"] } } } };

describe("register", () => {
  it("registers hooks in every mode but the service and surfaces only in full mode", () => {
    const discovery = createFakeApi({ mode: "discovery" });
    register(discovery.api);
    expect([...discovery.hooks.keys()].sort()).toEqual([...OBSERVED_HOOKS].sort());
    expect(discovery.services).toHaveLength(0);
    const full = createFakeApi();
    register(full.api);
    expect(full.services).toHaveLength(1);
    expect(full.methods.get("self-heal.status")?.scope).toBe("operator.read");
    expect(full.routes[0]).toMatchObject({ path: "/self-heal/status", auth: "gateway" });
    expect(full.commands.map((c) => c.name)).toEqual(["selfheal"]);
  });

  it("starts one supervisor per process that hooks from another module instance reach", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-reg-"));
    const full = createFakeApi({ pluginConfig: {} });
    const discovery = createFakeApi({ mode: "discovery" });
    register(full.api);
    register(discovery.api);
    await full.services[0]?.start({ stateDir: dir, config: openclawConfig, logger: full.api.logger });
    expect(existsSync(join(dir, "plugins", "self-heal", "journal"))).toBe(true);
    // A 503 seen by the discovery instance's hook cools the primary down for everyone.
    const ctx = { agentId: "main", runId: "r1", modelProviderId: "fakea", modelId: "primary-1" };
    discovery.hooks.get("model_call_ended")?.({ runId: "r1", provider: "fakea", model: "primary-1", outcome: "error", failureKind: "timeout", durationMs: 8000 }, ctx);
    await new Promise((r) => setImmediate(r));
    expect(discovery.hooks.get("before_model_resolve")?.({ prompt: "hi" }, { ...ctx, runId: "r2" })).toEqual({ providerOverride: "fakeb", modelOverride: "backup-1" });
    let payload: Record<string, unknown> | undefined;
    full.methods.get("self-heal.status")?.handler({ params: {}, respond: (_ok, p) => (payload = p as Record<string, unknown>) });
    expect(payload?.running).toBe(true);
    expect(payload?.health).toBe("degraded");
    const res = new FakeResponse();
    full.routes[0]?.handler({}, res);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).models[0].state).toBe("cooldown");
    const text = (await full.commands[0]?.handler({})) as { text: string };
    expect(text.text).toContain("fakea/primary-1: cooldown");
  });

  it("broadcasts health and state changes to gateway clients as one-segment events", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-reg-"));
    const full = createFakeApi();
    register(full.api);
    const emitted: Array<{ event: string; payload: Record<string, unknown>; scope: string }> = [];
    const gatewayEvents = { emit: (event: string, payload: Record<string, unknown>, o: { scope: string }) => emitted.push({ event, payload, scope: o.scope }) };
    await full.services[0]?.start({ stateDir: dir, config: openclawConfig, logger: full.api.logger, gatewayEvents });
    full.hooks.get("model_call_ended")?.({ runId: "r1", provider: "fakea", model: "primary-1", outcome: "error", failureKind: "timeout" }, {});
    await new Promise((r) => setTimeout(r, 50));
    expect(emitted.map((e) => e.event)).toEqual(expect.arrayContaining(["state", "health"]));
    expect(emitted.every((e) => /^[a-z]+$/.test(e.event) && e.scope === "operator.read")).toBe(true);
    expect(emitted.find((e) => e.event === "state")?.payload).toMatchObject({ kind: "model", id: "fakea/primary-1", to: "cooldown" });
  });

  it("refuses to supervise with an invalid config and says why on every surface", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-reg-"));
    const full = createFakeApi({ pluginConfig: { model: { failureThreshold: 0 }, surprise: true } });
    register(full.api);
    await full.services[0]?.start({ stateDir: dir, config: openclawConfig, logger: full.api.logger });
    expect(processState().runtime).toBeUndefined();
    let payload: Record<string, unknown> | undefined;
    full.methods.get("self-heal.status")?.handler({ params: {}, respond: (_ok, p) => (payload = p as Record<string, unknown>) });
    expect(payload?.running).toBe(false);
    expect(String(payload?.problems)).toContain("failureThreshold");
    expect(String(payload?.problems)).toContain("surprise");
    // Hooks stay harmless without a supervisor.
    expect(full.hooks.get("before_model_resolve")?.({}, { modelProviderId: "fakea", modelId: "primary-1" })).toBeUndefined();
  });
});
