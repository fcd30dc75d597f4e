// The read-only agent tools answer from the live runtime or the state dir, in the user's language,
// and are registered (as declared in the manifest) in every registration mode.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { registerReadOnlyTools, runReportTool, runStatsTool, runStatusTool, READ_ONLY_TOOLS, type ToolEnv } from "../../../src/adapter/tools/index.js";
import type { OpenClawPluginApi } from "../../../src/adapter/api.js";
import { ManualClock } from "../../../src/domain/clock.js";
import { seededRandom } from "../../../src/domain/random.js";
import { defaultConfig } from "../../../src/config/parse-config.js";
import { createRuntime, type Runtime } from "../../../src/runtime/create-runtime.js";
import { RecordingHost } from "../../helpers/fake-host.js";
import { TOPOLOGY, T0 } from "../../helpers/supervisor-harness.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "self-heal-tools-"));
  made.push(dir);
  return dir;
};
const quiet = () => {
  const s = new PassThrough();
  s.resume();
  return s;
};

const NOW = Date.parse("2026-02-12T15:00:00Z");
const envFor = (stateDir: string, runtime?: Runtime, now = NOW): ToolEnv => ({ stateDir: () => stateDir, runtime: () => runtime, problems: () => [], now: () => now });

describe("read-only tools over a rehearsed incident (no live runtime)", async () => {
  const dir = tempDir();
  await main(["node", "self-heal", "rehearse", "all-models-down", "--state-dir", dir], { stdin: new PassThrough(), stdout: quiet(), stderr: quiet() });
  const env = envFor(dir);

  it("resilience_stats today: totals and errors by category, in English", () => {
    const r = runStatsTool(env, { query: "today" });
    const text = r.content[0]?.text ?? "";
    expect(text).toMatch(/^Stats for 2026-02-12 \(UTC\)/);
    expect(text).toMatch(/calls \d+ · errors \d+ \([\d.]+%\)/);
    expect(text).toContain("timeout");
    expect(r.details.source).toBe("journal");
  });

  it("resilience_stats answers in Chinese when the request is Chinese, and per model", () => {
    expect(runStatsTool(env, { query: "今天" }).content[0]?.text).toMatch(/^2026-02-12 \(UTC\) 报错统计\n调用 \d+ · 报错 \d+/);
    const model = runStatsTool(env, { query: "glm-4.7", lang: "zh" }).content[0]?.text ?? "";
    expect(model).toMatch(/^glm-4\.7 最近 7 天统计/);
    expect(model).toContain("超时");
    const unknown = runStatsTool(env, { query: "gpt-4o" }).content[0]?.text ?? "";
    expect(unknown).toMatch(/No calls to gpt-4o recorded in the last 7 days\. Models with calls: .*zhipu\/glm-4\.7/);
  });

  it("resilience_report renders the daily, recovery and model reports; a bad day is an answer, not a crash", () => {
    expect(runReportTool(env, { reportType: "daily" }).content[0]?.text).toMatch(/^Self-heal daily report — 2026-02-12/);
    expect(runReportTool(env, { reportType: "daily", lang: "zh" }).content[0]?.text).toMatch(/^自愈错误日报 — 2026-02-12/);
    const recovery = runReportTool(env, { reportType: "recovery", target: "2026-02-12" });
    expect(recovery.content[0]?.text).toMatch(/zhipu\/glm-4\.7: 13:\d\d–13:\d\dZ/);
    // The rehearsal records the held turns as tasks and re-runs them at fail-back, as the gateway does.
    expect(recovery.content[0]?.text).toMatch(/\nTask recovery: (\d+) interrupted turn\(s\): \1 answered\.\n/);
    expect(recovery.details.tasks).toMatchObject({ pending: 0 });
    expect(recovery.details.tasks.answered).toBeGreaterThan(50);
    expect(runReportTool(env, { reportType: "model", target: "gemini-3-flash" }).content[0]?.text).toMatch(/— gemini-3-flash\n/);
    expect(runReportTool(env, { reportType: "model" }).details.ok).toBe(false);
    expect(runReportTool(env, { reportType: "daily", target: "soon" }).content[0]?.text).toMatch(/Not a day: soon/);
  });

  it("self_heal_status reads status.json when this process runs no supervisor", () => {
    const status = JSON.parse(readFileSync(join(dir, "status.json"), "utf8")) as { health: string };
    const r = runStatusTool(env, {});
    expect(r.content[0]?.text).toMatch(new RegExp(`^self-heal: ${status.health}`));
    expect(r.details.source).toBe("status.json");
  });
});

describe("read-only tools with a live runtime", () => {
  it("see a call observed a moment ago (the live rollups are written before the query)", () => {
    const stateDir = tempDir();
    const clock = new ManualClock(T0);
    const rt = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(1), inline: true });
    try {
      rt.supervisor.observe({ type: "call", ts: clock.now(), model: "p/primary", provider: "p", ok: false, classification: { category: "server_overload", retryable: true, evidence: "503" } });
      const r = runStatsTool(envFor(stateDir, rt, T0), { query: "primary" });
      expect(r.details.source).toBe("stats");
      expect(r.content[0]?.text).toMatch(/calls 1 · errors 1 \(100\.0%\)/);
      expect(runStatusTool(envFor(stateDir, rt, T0), {}).details.source).toBe("live");
    } finally {
      rt.stop();
    }
  });
});

describe("registration", () => {
  const manifest = JSON.parse(readFileSync(new URL("../../../openclaw.plugin.json", import.meta.url), "utf8")) as { contracts: { tools: string[] }; skills: string[] };

  for (const mode of ["full", "discovery"]) {
    it(`registers the three read-only tools in ${mode} mode, each declared in contracts.tools`, async () => {
      const tools: Array<{ name: string; parameters: { type: string }; execute: (id: string, p: unknown) => Promise<{ content: Array<{ text: string }> }> }> = [];
      const api = { registrationMode: mode, pluginConfig: { stateDir: tempDir() }, registerTool: (t: (typeof tools)[number]) => tools.push(t) } as unknown as OpenClawPluginApi;
      registerReadOnlyTools(api);
      expect(tools.map((t) => t.name)).toEqual([...READ_ONLY_TOOLS]);
      for (const t of tools) expect(manifest.contracts.tools).toContain(t.name);
      expect(tools.every((t) => t.parameters.type === "object")).toBe(true);
      const answer = await tools[0]?.execute("call-1", { query: "today" });
      expect(answer?.content[0]?.text).toMatch(/No calls recorded\./);
    });
  }

  it("ships the skill directory", () => {
    expect(manifest.skills).toEqual(["skill"]);
  });
});
