// `resilience_stats({query})`: today's, this week's or one model's call and error statistics (read-only).
import { addDays } from "../../reports/collect.js";
import { categoryLabel, formatMs, formatRate, label, pickLang, type Lang } from "../../reports/i18n.js";
import type { StatsResult, StatsRow } from "../../projections/stats-query.js";
import { dayOf, liveStats, textResult, type ReadOnlyToolResult, type ToolEnv } from "./tool-env.js";
import type { ToolCaller } from "./owner-check.js";


const TODAY = /^(today|今天|今日|当天)$/i;
const YESTERDAY = /^(yesterday|昨天|昨日)$/i;
const WEEK = /^(week|this week|7d|本周|这周|最近一周|最近7天|最近 7 天)$/i;

function rowText(lang: Lang, r: StatsRow): string {
  const cats = Object.entries(r.byCategory).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const catText = cats.length ? cats.map(([c, n]) => `${categoryLabel(lang, c)} ${n}`).join(lang === "zh" ? "、" : ", ") : label(lang, "noErrors");
  return `${label(lang, "calls")} ${r.calls} · ${label(lang, "errors")} ${r.errors} (${formatRate(r.errorRate)}) · p50 ${formatMs(r.p50Ms)} · p95 ${formatMs(r.p95Ms)} · ${label(lang, "fallbacks")} ${r.fallbacks} · ${label(lang, "cooldown")} ${formatMs(r.cooldownMs)}\n${label(lang, "byCategory")}: ${catText}`;
}

function modelsText(lang: Lang, r: StatsResult): string {
  return r.models.map((m) => `- ${m.model}: ${m.calls} ${label(lang, "calls")}, ${m.errors} ${label(lang, "errors")} (${formatRate(m.errorRate)})`).join("\n");
}

/**
 * Numbers only (calls, errors by category, latency, fallbacks, cooldown): no error text, session key or prompt,
 * so every sender may ask (`_caller` is taken for symmetry with the other tools; see owner-check.ts).
 */
export function runStatsTool(env: ToolEnv, params: { query?: unknown; lang?: unknown }, _caller?: ToolCaller): ReadOnlyToolResult {
  const query = typeof params.query === "string" && params.query.trim().length > 0 ? params.query.trim() : "today";
  const lang = pickLang(typeof params.lang === "string" ? params.lang : undefined, query);
  const stats = liveStats(env);
  const today = dayOf(env.now());
  const tomorrow = addDays(today, 1);
  let title: string;
  let result: StatsResult;
  if (TODAY.test(query) || YESTERDAY.test(query)) {
    const day = TODAY.test(query) ? today : addDays(today, -1);
    title = lang === "zh" ? `${day} (UTC) 报错统计` : `Stats for ${day} (UTC)`;
    result = stats.query({ from: day, to: addDays(day, 1), granularity: "hour" });
  } else if (WEEK.test(query)) {
    title = lang === "zh" ? `最近 7 天 (${addDays(today, -6)} – ${today}) 报错统计` : `Stats for the last 7 days (${addDays(today, -6)} – ${today})`;
    result = stats.query({ from: addDays(today, -6), to: tomorrow, granularity: "day" });
  } else {
    const model = query.replace(/^(查看|看看)?\s*/, "").replace(/\s*(的)?(错误率|报错|统计)$/, "").trim() || query;
    result = stats.query({ from: addDays(today, -6), to: tomorrow, granularity: "day", model });
    title = lang === "zh" ? `${model} 最近 7 天统计` : `${model}, last 7 days`;
    if (result.total.calls === 0) {
      const known = stats.query({ from: addDays(today, -6), to: tomorrow, granularity: "total" }).models.map((m) => m.model);
      const text = lang === "zh" ? `最近 7 天没有 ${model} 的调用记录。${known.length ? `有记录的模型:${known.join("、")}` : ""}` : `No calls to ${model} recorded in the last 7 days.${known.length ? ` Models with calls: ${known.join(", ")}` : ""}`;
      return textResult(text, { query, model, known, source: stats.kind });
    }
    const todayRow = result.series.find((s) => s.start.startsWith(today));
    const lines = [title, rowText(lang, result.total), ...(todayRow ? [`${lang === "zh" ? "今天" : "Today"}: ${label(lang, "calls")} ${todayRow.calls}, ${label(lang, "errors")} ${todayRow.errors} (${formatRate(todayRow.errorRate)})`] : []), modelsText(lang, result)];
    return textResult(lines.join("\n"), { query, source: stats.kind, stats: result });
  }
  const lines = [title, result.total.calls === 0 ? label(lang, "noCalls") : rowText(lang, result.total)];
  if (result.models.length > 0) lines.push(`${label(lang, "models")}:`, modelsText(lang, result));
  return textResult(lines.join("\n"), { query, source: stats.kind, stats: result });
}
