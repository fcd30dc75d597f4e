// Renders a report as plain text (terminal, chat) in the request's language.
import type { StatsResult, StatsRow } from "../projections/stats-query.js";
import type { ReportData } from "./collect.js";
import { categoryLabel, formatMs, formatRate, label, type Lang } from "./i18n.js";
import { downPeriods, type Incident } from "./incident.js";

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);
const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

function summaryLine(lang: Lang, row: StatsRow): string {
  const sep = lang === "zh" ? " · " : " · ";
  const parts = [
    `${label(lang, "calls")} ${row.calls}`,
    `${label(lang, "errors")} ${row.errors} (${formatRate(row.errorRate)})`,
    `${label(lang, "fallbacks")} ${row.fallbacks}`,
    `${label(lang, "recoveries")} ${row.recoveries}`,
    `${label(lang, "cooldown")} ${formatMs(row.cooldownMs)}`,
    ...(row.tokens > 0 ? [`${label(lang, "tokens")} ${row.tokens}`] : []),
  ];
  return parts.join(sep);
}

function categoriesLine(lang: Lang, row: StatsRow): string {
  const entries = Object.entries(row.byCategory).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const list = entries.length === 0 ? label(lang, "noErrors") : entries.map(([c, n]) => `${categoryLabel(lang, c)} ${n}`).join(lang === "zh" ? "、" : ", ");
  return `${label(lang, "byCategory")}: ${list}`;
}

function modelTable(lang: Lang, r: StatsResult): string[] {
  if (r.models.length === 0) return [label(lang, "noCalls")];
  const width = Math.max(24, ...r.models.map((m) => m.model.length + 2));
  const head = `  ${pad("model", width)}${lpad(label(lang, "calls"), 8)}${lpad(label(lang, "errors"), 8)}${lpad(label(lang, "errorRate"), 12)}${lpad("p50", 8)}${lpad("p95", 8)}${lpad(label(lang, "fallbacks"), 11)}${lpad(label(lang, "cooldown"), 10)}`;
  const rows = r.models.map(
    (m) => `  ${pad(m.model, width)}${lpad(String(m.calls), 8)}${lpad(String(m.errors), 8)}${lpad(formatRate(m.errorRate), 12)}${lpad(formatMs(m.p50Ms), 8)}${lpad(formatMs(m.p95Ms), 8)}${lpad(String(m.fallbacks), 11)}${lpad(formatMs(m.cooldownMs), 10)}`,
  );
  return [`${label(lang, "models")}:`, head, ...rows];
}

function actionLines(lang: Lang, incident: Incident, limit: number): string[] {
  if (incident.actions.length === 0) return [`${label(lang, "actions")}: ${label(lang, "noActions")}`];
  const counts = new Map<string, number>();
  for (const a of incident.actions) counts.set(`${a.action} ${a.outcome}`, (counts.get(`${a.action} ${a.outcome}`) ?? 0) + 1);
  const lines = [`${label(lang, "actions")}: ${[...counts.entries()].map(([k, n]) => `${k} ×${n}`).join(", ")}`];
  for (const a of incident.actions.filter((x) => x.action !== "probe_model").slice(-limit)) {
    lines.push(`  ${hhmm(a.at)}Z ${a.action} ${a.target}: ${a.outcome}${a.why ? ` (${a.why})` : ""} — ${a.reason.slice(0, 100)}`);
  }
  return lines;
}

function transitionLines(lang: Lang, incident: Incident, limit: number): string[] {
  const changes = incident.actors.flatMap((a) => a.segments.slice(1).map((s) => ({ at: s.from, text: `${a.kind} ${a.id} → ${s.state}`, reason: s.reason })));
  changes.sort((x, y) => x.at - y.at);
  if (changes.length === 0) return [`${label(lang, "transitions")}: ${label(lang, "noTransitions")}`];
  return [`${label(lang, "transitions")} (${changes.length}):`, ...changes.slice(-limit).map((c) => `  ${hhmm(c.at)}Z ${c.text}${c.reason ? ` (${c.reason.slice(0, 80)})` : ""}`)];
}

function recoveryLines(lang: Lang, incident: Incident): string[] {
  const periods = downPeriods(incident);
  if (periods.length === 0) return [`${label(lang, "downPeriods")}: ${label(lang, "noTransitions")}`];
  const path = (states: readonly string[]): string => (states.length <= 4 ? states.join("→") : `${[...new Set(states)].join("/")} ×${states.length}`);
  return [
    `${label(lang, "downPeriods")} (${periods.filter((p) => p.to !== undefined).length}/${periods.length}):`,
    ...periods.map((p) => {
      const span = p.to !== undefined ? `${hhmm(p.from)}–${hhmm(p.to)}Z (${formatMs(p.to - p.from)}) ${lang === "zh" ? " 已恢复" : " back"}` : `${hhmm(p.from)}Z– ${lang === "zh" ? "仍未恢复" : "still down"}`;
      return `  ${p.kind} ${p.id}: ${span}; ${path(p.states)} — ${p.reason.slice(0, 90)}`;
    }),
  ];
}

function seriesLines(lang: Lang, r: StatsResult): string[] {
  return [`${label(lang, "days")}:`, ...r.series.map((s) => `  ${s.start.slice(0, 10)}  ${summaryLine(lang, s)}`)];
}

function statusLines(lang: Lang, data: ReportData): string[] {
  const s = data.status;
  if (!s) return [];
  const wanted = data.request.model;
  const models = s.models.filter((m) => wanted === undefined || data.request.type !== "model" || m.id.toLowerCase().endsWith(wanted.toLowerCase()));
  return [`${label(lang, "now")} (${s.generatedAt.slice(0, 16)}Z): ${label(lang, "health")} ${s.health}`, ...models.map((m) => `  ${m.id}: ${m.state}${m.until ? ` → ${m.until.slice(11, 16)}Z` : ""}`)];
}

export function renderReportText(data: ReportData): string {
  const { request: req, day } = data;
  const lang = req.lang;
  const title = `${label(lang, req.type)} — ${req.date} (UTC)${req.type === "model" && req.model ? ` — ${req.model}` : ""}`;
  const lines = [title, `${summaryLine(lang, day.total)}`, categoriesLine(lang, day.total)];
  if (req.type === "model") {
    if (data.week && data.week.total.calls === 0 && day.total.calls === 0) lines.push(label(lang, "notSeen"));
    lines.push(`p50 ${formatMs(day.total.p50Ms)} · p95 ${formatMs(day.total.p95Ms)}`);
    if (data.week) lines.push("", ...seriesLines(lang, data.week));
    lines.push("", ...statusLines(lang, data));
  } else {
    if (req.type !== "recovery") lines.push("", ...modelTable(lang, day));
    if (data.incident && req.type !== "daily") lines.push("", ...recoveryLines(lang, data.incident));
    if (data.incident) lines.push("", ...transitionLines(lang, data.incident, req.type === "daily" ? 10 : 40), "", ...actionLines(lang, data.incident, req.type === "daily" ? 10 : 40));
    if (req.type === "full" && data.week) lines.push("", ...seriesLines(lang, data.week));
    if (req.type !== "daily") lines.push("", ...statusLines(lang, data));
  }
  lines.push("", `(${label(lang, data.source === "stats" ? "sourceStats" : "sourceJournal")})`);
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
