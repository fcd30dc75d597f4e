// The service loads the supervisor with a dynamic import; races around that load keep one supervisor per process.
import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { register } from "../../src/adapter/register.js";
import { processState, resetProcessState } from "../../src/adapter/process-state.js";
import { stopSupervisor } from "../../src/adapter/service.js";
import { createFakeApi } from "../helpers/fake-api.js";

let dir = "";
afterEach(async () => {
  await stopSupervisor(processState());
  resetProcessState();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const openclawConfig = { agents: { defaults: { model: { primary: "fakea/primary-1", fallbacks: ["fakeb/backup-1"] } } } };

describe("service start", () => {
  it("starts one supervisor when two full instances start at once", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-svc-"));
    const a = createFakeApi();
    const b = createFakeApi();
    register(a.api);
    register(b.api);
    const ctx = { stateDir: dir, config: openclawConfig, logger: a.api.logger };
    await Promise.all([a.services[0]?.start(ctx), b.services[0]?.start(ctx)]);
    const rt = processState().runtime;
    expect(rt).toBeDefined();
    expect(a.agentListeners.length + b.agentListeners.length).toBe(1);
    await b.services[0]?.start(ctx);
    expect(processState().runtime).toBe(rt);
  });

  it("does not start a supervisor when a stop comes while it loads", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-svc-"));
    const full = createFakeApi();
    register(full.api);
    const starting = full.services[0]?.start({ stateDir: dir, config: openclawConfig, logger: full.api.logger });
    await full.services[0]?.stop?.({});
    await starting;
    expect(processState().runtime).toBeUndefined();
    await full.services[0]?.start({ stateDir: dir, config: openclawConfig, logger: full.api.logger });
    expect(processState().runtime).toBeDefined();
  });
});
