// The live runtime raises the error-rate early warning as a journaled alert decision, when configured.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { parseConfig } from "../../src/config/parse-config.js";
import type { SelfHealConfig } from "../../src/config/types.js";
import { createRuntime } from "../../src/runtime/create-runtime.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { TOPOLOGY, T0 } from "../helpers/supervisor-harness.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};
const configWith = (alerts: Record<string, unknown>): SelfHealConfig => {
  const r = parseConfig({ alerts });
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.config;
};

async function run(alerts: Record<string, unknown>): Promise<RecordingHost> {
  const stateDir = mkdtempSync(join(tmpdir(), "self-heal-warn-"));
  dirs.push(stateDir);
  const clock = new ManualClock(T0);
  const host = new RecordingHost();
  const rt = createRuntime({ stateDir, config: configWith(alerts), topology: TOPOLOGY, host, clock, random: seededRandom(1), inline: true });
  for (let i = 0; i < 6; i++) {
    rt.supervisor.observe({ type: "call", ts: clock.now(), model: "q/backup", provider: "q", ok: i % 3 === 0, ...(i % 3 === 0 ? {} : { classification: { category: "context_too_long" as const, retryable: false, evidence: "400" } }) });
    clock.advanceTo(clock.now() + 1_000);
  }
  await settle();
  rt.stop();
  return host;
}

describe("error-rate early warning", () => {
  it("alerts the owner once the model's error rate reaches alerts.errorRateWarning", async () => {
    const host = await run({ errorRateWarning: 0.5, errorRateMinCalls: 5 });
    const warnings = host.alerts.filter((a) => a.key === "error-rate|q/backup");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.title).toMatch(/q\/backup is failing 6\d% of calls/);
  });

  it("stays silent with the default config (errorRateWarning 0)", async () => {
    const host = await run({});
    expect(host.alerts.filter((a) => a.key.startsWith("error-rate|"))).toHaveLength(0);
  });
});
