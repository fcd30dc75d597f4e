// The read-only agent tools answer from the live runtime or the state dir, in the user's language,
// and are registered (as declared in the manifest) in every registration mode.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { registerReadOnlyTools, runReportTool as reportAs, runStatsTool, runStatusTool as statusAs, READ_ONLY_TOOLS, OWNER, NOT_OWNER, type ToolEnv } from "../../../src/adapter/tools/index.js";
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
const runReportTool = (env: ToolEnv, params: Parameters<typeof reportAs>[1]) => reportAs(env, params, OWNER);
const runStatusTool = (env: ToolEnv, params: Parameters<typeof statusAs>[1]) => statusAs(env, params, OWNER);
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

describe("who can see what (owner-only detail)", async () => {
  const dir = tempDir();
  await main(["node", "self-heal", "rehearse", "all-models-down", "--state-dir", dir], { stdin: new PassThrough(), stdout: quiet(), stderr: quiet() });
  const env = envFor(dir);

  it("resilience_report gives a non-owner the day's totals and says details are for the owner; the owner gets the report", () => {
    for (const reportType of ["daily", "recovery", "full", "model"]) {
      const r = reportAs(env, { reportType, target: reportType === "model" ? "glm-4.7" : undefined }, NOT_OWNER);
      const text = r.content[0]?.text ?? "";
      expect(text).toMatch(/^Totals for 2026-02-12 \(UTC\): calls \d+ · errors \d+ \([\d.]+%\)\nDetails \(error texts, sessions, actions\) are shown to the gateway's owner only\.$/);
      expect(r.details).toMatchObject({ ok: false, refused: "not_owner" });
      expect(JSON.stringify(r)).not.toMatch(/zhipu|glm|route_around|agent:/);
    }
    expect(reportAs(env, { reportType: "daily", lang: "zh" }, NOT_OWNER).content[0]?.text).toMatch(/^2026-02-12 \(UTC\) 合计: 调用 \d+ · 报错 \d+.*\n详细信息/);
    expect(reportAs(env, { reportType: "recovery" }, OWNER).content[0]?.text).toMatch(/zhipu\/glm-4\.7/);
  });

  it("self_heal_status gives a non-owner the health and counts per state only", () => {
    const r = statusAs(env, {}, NOT_OWNER);
    const text = r.content[0]?.text ?? "";
    expect(text).toMatch(/^self-heal: \w+( \(dry run\))?\nmodels: \d+ \(\d+ \w+(, \d+ \w+)*\)\n/);
    expect(text).toMatch(/Details \(error texts, sessions, actions\) are shown to the gateway's owner only\.$/);
    expect(JSON.stringify(r)).not.toMatch(/zhipu|glm|gemini|recent:|route_around/);
    expect(statusAs(env, {}, OWNER).content[0]?.text).toMatch(/zhipu\/glm-4\.7/);
  });

  it("the registered tools read the owner bit from OpenClaw's tool context, and anything but true is not the owner", async () => {
    type Tool = { name: string; execute: (id: string, p: unknown) => Promise<{ content: Array<{ text: string }>; details: Record<string, unknown> }> };
    const factories: Array<(ctx: unknown) => Tool> = [];
    const api = { registrationMode: "full", pluginConfig: { stateDir: dir }, registerTool: (f: (ctx: unknown) => Tool) => factories.push(f) } as unknown as OpenClawPluginApi;
    registerReadOnlyTools(api);
    const report = (ctx: unknown) => factories.map((f) => f(ctx)).find((t) => t.name === "resilience_report") as Tool;
    for (const ctx of [undefined, {}, { senderIsOwner: "true" }, { senderIsOwner: 1 }, { senderIsOwner: false, requesterSenderId: "owner" }]) {
      expect((await report(ctx).execute("c", { reportType: "full", target: "2026-02-12" })).details.refused).toBe("not_owner");
    }
    expect((await report({ senderIsOwner: true }).execute("c", { reportType: "full", target: "2026-02-12" })).details.ok).toBe(true);
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
      // Each tool is registered as a factory of the tool context (OpenClaw calls it per turn).
      const api = { registrationMode: mode, pluginConfig: { stateDir: tempDir() }, registerTool: (factory: (ctx: unknown) => (typeof tools)[number]) => tools.push(factory({ senderIsOwner: false })) } as unknown as OpenClawPluginApi;
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
