// Text and HTML reports: the numbers the stats say, the user's language, and a self-contained HTML page.
import { describe, expect, it } from "vitest";
import { RollupFold, queryDays, type RollupRecord } from "../../src/projections/index.js";
import { downPeriods, pickLang, renderReportHtml, renderReportText, type Incident, type ReportData, type ReportRequest } from "../../src/reports/index.js";

const T0 = Date.parse("2026-02-12T13:00:00Z");
let seq = 0;
const call = (at: number, model: string, errorType: string | null): RollupRecord => ({ type: "call", ts: at, seq: ++seq, fields: { model, ok: errorType === null, errorType, durationMs: 400 } });

const fold = new RollupFold();
for (let i = 0; i < 40; i++) fold.add(call(T0 + i * 60_000, "openai/gpt-4o", i % 4 === 0 ? "rate_limit" : null));
for (let i = 0; i < 10; i++) fold.add(call(T0 + i * 60_000, "zhipu/glm-4.7", "timeout"));
const day = queryDays(fold.allDays(), { from: "2026-02-12", to: "2026-02-13", granularity: "hour" });

const incident: Incident = {
  from: T0,
  to: T0 + 3_600_000,
  records: 60,
  bucketMs: 300_000,
  buckets: [{ start: T0, calls: 10, errors: 3 }, { start: T0 + 300_000, calls: 0, errors: 0 }],
  health: [],
  actors: [
    { kind: "model", id: "zhipu/glm-4.7", segments: [
      { state: "healthy", from: T0, to: T0 + 600_000, reason: "supervised" },
      { state: "cooldown", from: T0 + 600_000, to: T0 + 1_200_000, reason: "timeout <script>" },
      { state: "recovered", from: T0 + 1_200_000, to: T0 + 3_600_000, reason: "probe succeeded" },
    ] },
  ],
  actions: [{ at: T0 + 600_000, action: "route_around", target: "zhipu/glm-4.7", outcome: "executed", reason: "timeout" }],
};

const data = (request: Partial<ReportRequest>): ReportData => ({ request: { type: "daily", date: "2026-02-12", lang: "en", ...request }, source: "stats", day, incident });

describe("text reports", () => {
  it("a daily report gives totals, the error rate, categories and one row per model", () => {
    const text = renderReportText(data({}));
    expect(text).toMatch(/^Self-heal daily report — 2026-02-12 \(UTC\)/);
    expect(text).toContain("calls 50 · errors 20 (40.0%)");
    expect(text).toContain("Errors by category: rate_limit 10, timeout 10");
    expect(text).toMatch(/openai\/gpt-4o\s+40\s+10\s+25\.0%/);
    expect(text).toContain("route_around executed ×1");
  });

  it("speaks Chinese when asked, with Chinese category names", () => {
    const text = renderReportText(data({ lang: "zh" }));
    expect(text).toMatch(/^自愈错误日报/);
    expect(text).toContain("调用 50 · 报错 20 (40.0%)");
    expect(text).toContain("超时 10");
    expect(text).toContain("限流 10");
  });

  it("a recovery report lists how long each model was out of service and that it came back", () => {
    const text = renderReportText(data({ type: "recovery" }));
    expect(text).toContain("model zhipu/glm-4.7: 13:10–13:20Z (10.0m)  back; cooldown");
    expect(downPeriods(incident)).toEqual([{ kind: "model", id: "zhipu/glm-4.7", from: T0 + 600_000, to: T0 + 1_200_000, states: ["cooldown"], reason: "timeout <script>" }]);
  });
});

describe("pickLang", () => {
  it("follows an explicit lang, else Chinese text in the request, else English", () => {
    expect(pickLang("zh-CN")).toBe("zh");
    expect(pickLang("en", "查看今天报错统计")).toBe("en");
    expect(pickLang(undefined, "查看 gpt-4o 的错误率")).toBe("zh");
    expect(pickLang(undefined, "gpt-4o")).toBe("en");
  });
});

describe("the HTML report", () => {
  const html = renderReportHtml(data({ type: "full" }));

  it("is one self-contained page: inline SVG timeline and error chart, no scripts, no external assets", () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg id="timeline"');
    expect(html).toContain('<svg id="error-rates"');
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
  });

  it("draws each state as a segment and escapes journal text", () => {
    expect(html.match(/class="seg"/g)).toHaveLength(3);
    expect(html).toContain('data-state="cooldown"');
    expect(html).toContain("timeout &lt;script&gt;");
    expect(html).not.toContain("timeout <script>");
  });
});
