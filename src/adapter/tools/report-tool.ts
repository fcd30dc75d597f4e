// `resilience_report({reportType, target?})`: the daily, model, recovery or full report as text (read-only).
import { addDays, collectReport, readStatusFile } from "../../reports/collect.js";
import { isReportType, REPORT_TYPES } from "../../reports/report-types.js";
import { pickLang } from "../../reports/i18n.js";
import { renderReportText } from "../../reports/render-text.js";
import { join } from "node:path";
import { TaskStore } from "../../tasks/index.js";
import { recoveryReport } from "./recovery-report.js";
import { dayOf, liveStats, textResult, type ReadOnlyToolResult, type ToolEnv } from "./tool-env.js";
import { ownerOnlyNote, type ToolCaller } from "./owner-check.js";
import { formatRate, label } from "../../reports/i18n.js";


function dayFrom(target: string | undefined, today: string): string | undefined {
  if (target === undefined || /^(today|今天|今日)$/i.test(target)) return today;
  if (/^(yesterday|昨天|昨日)$/i.test(target)) return addDays(today, -1);
  return /^\d{4}-\d{2}-\d{2}$/.test(target) && Number.isFinite(Date.parse(`${target}T00:00:00Z`)) ? target : undefined;
}

export function runReportTool(env: ToolEnv, params: { reportType?: unknown; target?: unknown; lang?: unknown }, caller: ToolCaller): ReadOnlyToolResult {
  const type = isReportType(params.reportType) ? params.reportType : undefined;
  const target = typeof params.target === "string" && params.target.trim().length > 0 ? params.target.trim() : undefined;
  const lang = pickLang(typeof params.lang === "string" ? params.lang : undefined, target);
  if (!type) return textResult(`reportType must be one of ${REPORT_TYPES.join(", ")}`, { ok: false });
  const today = dayOf(env.now());
  let date: string;
  let model: string | undefined;
  if (type === "model") {
    if (!target) return textResult(lang === "zh" ? "模型报告需要 target(模型名,例如 gpt-4o)。" : "A model report needs a target: the model (e.g. gpt-4o).", { ok: false });
    date = today;
    model = target;
  } else {
    const day = dayFrom(target, today);
    if (!day) return textResult(lang === "zh" ? `无法识别的日期:${target}(请用 YYYY-MM-DD)` : `Not a day: ${target} (use YYYY-MM-DD)`, { ok: false });
    date = day;
  }
  const rt = env.runtime();
  if (!caller.owner) {
    // Reports quote error texts and list session keys: a non-owner gets the day's totals only.
    const total = liveStats(env).query({ from: date, to: addDays(date, 1), granularity: "total" }).total;
    const head = lang === "zh" ? `${date} (UTC) 合计` : `Totals for ${date} (UTC)`;
    const numbers = `${label(lang, "calls")} ${total.calls} · ${label(lang, "errors")} ${total.errors} (${formatRate(total.errorRate)})`;
    return textResult(`${head}: ${numbers}\n${ownerOnlyNote(lang)}`, { ok: false, refused: "not_owner", reportType: type, date, total: { calls: total.calls, errors: total.errors, errorRate: total.errorRate } });
  }
  const status = rt?.status() ?? readStatusFile(env.stateDir());
  const data = collectReport(env.stateDir(), { type, date, lang, ...(model ? { model } : {}) }, { stats: liveStats(env), ...(rt ? { journalDir: rt.journal.dir } : {}), ...(status ? { status } : {}) });
  let text = renderReportText(data);
  let tasks: Record<string, unknown> | undefined;
  if (type === "recovery" || type === "full") {
    // Interrupted user turns and what became of them (the live list, else the task files; read-only).
    const list = rt?.tasks?.list() ?? new TaskStore(join(env.stateDir(), "tasks")).loadAll().tasks;
    const tasksReport = recoveryReport(list, env.now());
    text = `${text}\n${tasksReport.text.trimEnd()}\n`;
    tasks = tasksReport.details.counts;
  }
  return textResult(text, { ok: true, reportType: type, date, ...(model ? { model } : {}), source: data.source, total: data.day.total, ...(tasks ? { tasks } : {}) });
}
