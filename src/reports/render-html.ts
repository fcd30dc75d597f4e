// The self-contained HTML incident report: summary, per-actor state timeline, calls/errors over time, actions, models.
import type { ReportData } from "./collect.js";
import { categoryLabel, formatMs, formatRate, label } from "./i18n.js";
import { errorRateSvg, esc, legendHtml, timelineSvg } from "./svg.js";

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#24292f;margin:24px;max-width:1140px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.muted{color:#57606a}.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.kpi{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:110px}
.kpi b{display:block;font-size:20px}table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}.legend{font-size:12px;color:#57606a}.chip{margin-right:10px;white-space:nowrap}
.chip i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.o-failed{color:#cf222e}.o-skipped{color:#9a6700}.o-executed{color:#0969da}`;

const iso = (ms: number): string => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

export function renderReportHtml(data: ReportData): string {
  const lang = data.request.lang;
  const inc = data.incident;
  const t = data.day.total;
  const kpi = (name: string, value: string) => `<div class="kpi"><span class="muted">${esc(name)}</span><b>${esc(value)}</b></div>`;
  const categories = Object.entries(t.byCategory).sort((a, b) => b[1] - a[1]);
  const parts: string[] = [
    `<h1>${esc(label(lang, "incident"))} — ${esc(data.request.date)}</h1>`,
    inc ? `<p class="muted">${iso(inc.from)}Z – ${iso(inc.to)}Z · ${inc.records} journal records${data.status ? ` · ${esc(label(lang, "health"))}: ${esc(data.status.health)}` : ""}</p>` : "",
    `<div class="kpis">${kpi(label(lang, "calls"), String(t.calls))}${kpi(label(lang, "errors"), String(t.errors))}${kpi(label(lang, "errorRate"), formatRate(t.errorRate))}${kpi(label(lang, "fallbacks"), String(t.fallbacks))}${kpi(label(lang, "recoveries"), String(t.recoveries))}${kpi(label(lang, "actions"), String(inc?.actions.length ?? 0))}</div>`,
    categories.length > 0 ? `<p>${esc(label(lang, "byCategory"))}: ${categories.map(([c, n]) => `${esc(categoryLabel(lang, c))} <b>${n}</b>`).join(", ")}</p>` : "",
  ];
  if (inc) {
    parts.push(`<h2>${esc(label(lang, "timeline"))}</h2>`, legendHtml(), timelineSvg(inc));
    parts.push(`<h2>${esc(label(lang, "errorRates"))}</h2>`, `<p class="muted">${formatMs(inc.bucketMs)} buckets</p>`, errorRateSvg(inc));
    const MAX_ROWS = 500;
    const rows = inc.actions
      .slice(-MAX_ROWS)
      .map((a) => `<tr><td>${iso(a.at).slice(11)}Z</td><td>${esc(a.action)}</td><td>${esc(a.target)}</td><td class="o-${esc(a.outcome)}">${esc(a.outcome)}${a.why ? ` (${esc(a.why)})` : ""}</td><td>${esc(a.reason.slice(0, 200))}</td></tr>`)
      .join("");
    parts.push(`<h2>${esc(label(lang, "actions"))} (${inc.actions.length})</h2>`, inc.actions.length > MAX_ROWS ? `<p class="muted">the last ${MAX_ROWS} of ${inc.actions.length}</p>` : "", inc.actions.length > 0 ? `<table id="actions"><tr><th>time</th><th>action</th><th>target</th><th>outcome</th><th>reason</th></tr>${rows}</table>` : `<p>${esc(label(lang, "noActions"))}</p>`);
  }
  const models = data.day.models
    .map((m) => `<tr><td>${esc(m.model)}</td><td class="num">${m.calls}</td><td class="num">${m.errors}</td><td class="num">${formatRate(m.errorRate)}</td><td class="num">${formatMs(m.p50Ms)}</td><td class="num">${formatMs(m.p95Ms)}</td><td class="num">${m.fallbacks}</td><td class="num">${formatMs(m.cooldownMs)}</td></tr>`)
    .join("");
  parts.push(
    `<h2>${esc(label(lang, "models"))}</h2>`,
    `<table id="models"><tr><th>model</th><th>${esc(label(lang, "calls"))}</th><th>${esc(label(lang, "errors"))}</th><th>${esc(label(lang, "errorRate"))}</th><th>p50</th><th>p95</th><th>${esc(label(lang, "fallbacks"))}</th><th>${esc(label(lang, "cooldown"))}</th></tr>${models}</table>`,
    `<p class="muted">${esc(label(lang, data.source === "stats" ? "sourceStats" : "sourceJournal"))} · openclaw-self-heal</p>`,
  );
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(label(lang, "incident"))} ${esc(data.request.date)}</title><style>${CSS}</style></head>
<body>
${parts.filter((p) => p.length > 0).join("\n")}
</body></html>
`;
}
