// `self-heal report`: daily/model/recovery/full over a rehearsed incident, from the journal or the rebuilt stats store.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDirs } from "../helpers/cli-harness.js";

const tempDir = tempDirs("self-heal-cli-report-");

const cli = (...args: string[]) => runCli(args);

interface Data {
  source: string;
  day: { total: { calls: number; errors: number }; models: Array<{ model: string; calls: number }> };
  incident: { actions: unknown[]; actors: Array<{ id: string }> };
}

describe("self-heal report", async () => {
  const dir = tempDir();
  await cli("rehearse", "all-models-down", "--state-dir", dir);
  const lines = readFileSync(join(dir, "journal", "2026-02-12.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  const calls = lines.filter((r) => r.type === "call" && r.probe !== true);
  const failed = calls.filter((r) => r.errorType !== null && r.errorType !== "aborted");

  it("prints the newest day's daily report with every call and failure of the journal counted", async () => {
    const { code, out } = await cli("report", "--state-dir", dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^Self-heal daily report — 2026-02-12 \(UTC\)/);
    expect(out).toContain(`calls ${calls.length} · errors ${failed.length}`);
    expect(out).toContain("google/gemini-3-flash");
    expect(out).toContain("(folded from the journal (no stats store yet))");
    const json = JSON.parse((await cli("report", "daily", "--date", "2026-02-12", "--state-dir", dir, "--json")).out) as Data;
    expect(json.day.total.calls).toBe(calls.length);
    expect(json.incident.actions.length).toBe(lines.filter((r) => r.type === "action.proposed").length);
  });

  it("rebuilds the stats store from the journal and then answers from it with the same numbers", async () => {
    const before = JSON.parse((await cli("report", "full", "--state-dir", dir, "--json")).out) as Data;
    const { code, err } = await cli("report", "full", "--state-dir", dir, "--rebuild");
    expect(code).toBe(0);
    expect(err).toMatch(/rebuilt 1 stats day file\(s\)/);
    expect(readdirSync(join(dir, "stats"))).toEqual(["2026-02-12.json"]);
    const after = JSON.parse((await cli("report", "full", "--state-dir", dir, "--json")).out) as Data;
    expect(after.source).toBe("stats");
    expect(after.day).toEqual(before.day);
  });

  it("reports one model in Chinese, and a recovery report names the models that came back", async () => {
    const zh = await cli("report", "model", "--model", "glm-4.7", "--lang", "zh", "--state-dir", dir);
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/^自愈模型报告 — 2026-02-12 \(UTC\) — glm-4\.7/);
    expect(zh.out).toContain("超时");
    const recovery = await cli("report", "recovery", "--state-dir", dir);
    expect(recovery.out).toMatch(/model zhipu\/glm-4\.7: 13:\d\d–13:\d\dZ \([\d.]+m\)\s+back/);
    expect(recovery.out).toMatch(/model anthropic\/claude-opus-4-5: 13:\d\dZ– still down/);
  });

  it("writes a self-contained HTML incident report", async () => {
    const file = join(tempDir(), "incident.html");
    const { code, out } = await cli("report", "--html", file, "--state-dir", dir);
    expect(code).toBe(0);
    expect(out).toMatch(/incident\.html \(\d+ bytes, 2026-02-12\)/);
    const html = readFileSync(file, "utf8");
    expect(html).toContain('<svg id="timeline"');
    expect(html).toContain("zhipu/glm-4.7");
  });

  it("exits 2 on a missing model, an unknown report, a bad date or an empty state dir", async () => {
    expect((await cli("report", "model", "--state-dir", dir)).code).toBe(2);
    expect((await cli("report", "weekly", "--state-dir", dir)).err).toMatch(/unknown report "weekly"/);
    expect((await cli("report", "--date", "12/02/2026", "--state-dir", dir)).code).toBe(2);
    const empty = tempDir();
    const r = await cli("report", "--state-dir", empty);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no journal and no stats/);
    expect(existsSync(join(empty, "stats"))).toBe(false);
  });
});
