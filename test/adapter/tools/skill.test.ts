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
    expect(callFor("查看当前所有策略配置")).toContain('resilience_strategies({action: "list"})');
    expect(callFor("修改超时重试策略为指数退避")).toContain('resilience_strategies({action: "update"');
    expect(callFor("把 429 的冷却改成 10 分钟")).toContain("intervals: [600000]");
    expect(callFor("清除 gpt-4o 的禁用状态")).toContain('self_heal_operator({verb: "clear"');
    expect(callFor("暂停自愈 30 分钟")).toContain('self_heal_operator({verb: "pause", duration: "30m"})');
    expect(callFor("查看配额用量")).toContain("self_heal_status({})");
    expect(skill).not.toMatch(/later release/);
  });

  it("every call in the tables is one the tool accepts: operator verbs and durations parse, strategy edits validate against the defaults", async () => {
    const { applyEdit } = await import("../../../src/strategies/edits.js");
    const { defaultDocument } = await import("../../../src/strategies/defaults.js");
    const { OPERATOR_VERBS, parseDuration } = await import("../../../src/domain/operator.js");
    const JSON5 = (await import("json5")).default;
    const calls = [...skill.matchAll(/`(resilience_strategies|self_heal_operator)\((\{.*?\})\)`/g)].map((m) => [m[1] as string, JSON5.parse(m[2] as string) as Record<string, unknown>] as const);
    expect(calls.length).toBeGreaterThanOrEqual(12);
    const strategyNames = defaultDocument().strategies.map((s) => s.name);
    for (const [tool, args] of calls) {
      if (tool === "self_heal_operator") {
        expect(OPERATOR_VERBS).toContain(args.verb);
        if (typeof args.duration === "string" && args.duration !== "off") expect(parseDuration(args.duration), JSON.stringify(args)).toBeDefined();
        if (["clear", "probe", "failback"].includes(String(args.verb))) expect(typeof args.target).toBe("string");
      } else if (args.action === "update") {
        expect(strategyNames).toContain(args.strategyName);
        const edited = applyEdit(defaultDocument(), { action: "update", name: String(args.strategyName), fields: args.updates as Record<string, unknown> });
        expect(edited.ok, JSON.stringify(args)).toBe(true);
      } else expect(["list", "reset"]).toContain(args.action);
    }
    // The timeout phrase edits the default strategy that handles timeouts.
    expect(defaultDocument().strategies.find((s) => s.name === "default-exponential")?.retryOn).toContain("timeout");
  });

  it("names only tools the manifest declares", () => {
    const named = new Set([...skill.matchAll(/`([a-z_]+)\(/g)].map((m) => m[1] as string));
    expect(named.size).toBeGreaterThanOrEqual(4);
    for (const tool of named) expect(manifest.contracts.tools).toContain(tool);
  });
});
