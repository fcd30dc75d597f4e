// Hook errors in the started plugin: the first of each kind in the gateway's log, every one on /self-heal/metrics.
import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { register } from "../../../src/adapter/register.js";
import { processState, resetProcessState } from "../../../src/adapter/process-state.js";
import { stopSupervisor } from "../../../src/adapter/service.js";
import { METRICS_PATH } from "../../../src/adapter/metrics-route.js";
import { createFakeApi, FakeResponse } from "../../helpers/fake-api.js";

let dir = "";
afterEach(async () => {
  await stopSupervisor(processState());
  resetProcessState();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const openclawConfig = { agents: { defaults: { model: { primary: "fakea/primary-1", fallbacks: ["fakeb/backup-1"] } } } };

describe("hook errors of the running plugin", () => {
  it("logs the first failure of a kind once as a warning, counts every one on /self-heal/metrics, and still steers", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-hookerr-"));
    // This host's session store cannot be read (no runtime.agent): the pinned-session check fails every time.
    const full = createFakeApi();
    register(full.api);
    const warnings: string[] = [];
    const logger = { ...full.api.logger, warn: (m: string) => warnings.push(m) };
    await full.services[0]?.start({ stateDir: dir, config: openclawConfig, logger });
    const ctx = { agentId: "main", modelProviderId: "fakea", modelId: "primary-1", sessionKey: "agent:main:explicit:s1" };
    full.hooks.get("model_call_ended")?.({ runId: "r0", provider: "fakea", model: "primary-1", outcome: "error", failureKind: "timeout", durationMs: 8000 }, ctx);
    await new Promise((r) => setImmediate(r));
    for (const runId of ["r1", "r2", "r3"]) {
      expect(full.hooks.get("before_model_resolve")?.({ prompt: "hi" }, { ...ctx, runId })).toEqual({ providerOverride: "fakeb", modelOverride: "backup-1" });
    }
    const logged = warnings.filter((w) => w.includes("handler failed"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^self-heal: the "pinned_session_check" handler failed and was skipped \(TypeError: .+\); OpenClaw carried on without it\./);
    const res = new FakeResponse();
    full.routes.find((r) => r.path === METRICS_PATH)?.handler({}, res);
    expect(res.body).toContain('self_heal_hook_errors_total{kind="pinned_session_check"} 3');
  });
});
