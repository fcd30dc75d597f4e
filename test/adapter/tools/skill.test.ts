// The shipped skill: valid frontmatter, the phrases users already know map to a declared tool call.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const skill = readFileSync(new URL("../../../skill/SKILL.md", import.meta.url), "utf8");
const manifest = JSON.parse(readFileSync(new URL("../../../openclaw.plugin.json", import.meta.url), "utf8")) as { contracts: { tools: string[] } };

describe("skill/SKILL.md", () => {
  it("has a name and a one-line description under 160 characters", () => {
    const front = /^---\nname: ([a-z0-9-]+)\ndescription: (.+)\n---\n/.exec(skill);
    expect(front?.[1]).toBe("self-heal");
    expect(front?.[2]?.length).toBeLessThan(160);
  });

  it("maps each known request, Chinese and English, to a tool call", () => {
    const rows = new Map(skill.split("\n").filter((l) => l.startsWith("| ")).map((l) => [l.split("|")[1]?.trim() ?? "", l.split("|")[2]?.trim() ?? ""]));
    const callFor = (phrase: string) => [...rows.entries()].find(([k]) => k.includes(phrase))?.[1] ?? "";
    expect(callFor("查看今天报错统计")).toContain('resilience_stats({query: "today", lang: "zh"})');
    expect(callFor("查看 gpt-4o 的错误率")).toContain('resilience_stats({query: "gpt-4o", lang: "zh"})');
    expect(callFor("生成今日错误日报")).toContain('resilience_report({reportType: "daily", lang: "zh"})');
    expect(callFor("what failed today?")).toContain('resilience_stats({query: "today", lang: "en"})');
    expect(skill).toMatch(/查看当前所有策略配置[\s\S]*later release/);
  });

  it("names only tools the manifest declares", () => {
    const named = new Set([...skill.matchAll(/`([a-z_]+)\(/g)].map((m) => m[1] as string));
    expect(named.size).toBeGreaterThanOrEqual(4);
    for (const tool of named) expect(manifest.contracts.tools).toContain(tool);
  });
});
