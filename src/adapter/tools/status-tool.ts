// `self_heal_status`: the supervisor's current health, model states and recent actions (read-only).
import { readStatusFile } from "../../reports/collect.js";
import { pickLang } from "../../reports/i18n.js";
import { statusText } from "../status-text.js";
import { textResult, type ReadOnlyToolResult, type ToolEnv } from "./tool-env.js";
import { ownerOnlyNote, type ToolCaller } from "./owner-check.js";
import type { StatusSnapshot } from "../../runtime/view.js";

/** What a non-owner sees: the overall health and how many models, channels and cron jobs are in each state. */
function aggregateText(status: StatusSnapshot | undefined, lang: "en" | "zh"): string {
  if (!status) return lang === "zh" ? "self-heal: 未运行" : "self-heal: not running";
  const counts = (states: readonly string[]) => {
    const by = new Map<string, number>();
    for (const s of states) by.set(s, (by.get(s) ?? 0) + 1);
    return [...by].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s, n]) => `${n} ${s}`).join(", ");
  };
  const lines = [`self-heal: ${status.health}${status.dryRun ? " (dry run)" : ""}`];
  if (status.models.length > 0) lines.push(`${lang === "zh" ? "模型" : "models"}: ${status.models.length} (${counts(status.models.map((m) => m.state))})`);
  if (status.channels.length > 0) lines.push(`${lang === "zh" ? "渠道" : "channels"}: ${status.channels.length} (${counts(status.channels.map((c) => c.state))})`);
  if (status.cron.length > 0) lines.push(`${lang === "zh" ? "定时任务" : "cron jobs"}: ${status.cron.length} (${counts(status.cron.map((c) => c.state))})`);
  lines.push(ownerOnlyNote(lang));
  return lines.join("\n");
}

export function runStatusTool(env: ToolEnv, params: { lang?: unknown }, caller: ToolCaller): ReadOnlyToolResult {
  const lang = pickLang(typeof params.lang === "string" ? params.lang : undefined);
  const rt = env.runtime();
  const status = rt?.status() ?? readStatusFile(env.stateDir());
  if (!caller.owner) {
    return textResult(aggregateText(status, lang), { source: rt ? "live" : status ? "status.json" : "none", restricted: true, ...(status ? { health: status.health, models: status.models.length } : {}) });
  }
  const text = statusText(status, env.problems());
  const source = rt ? "live" : status ? "status.json" : "none";
  const note = lang === "zh" ? (source === "status.json" ? "\n(来自 status.json)" : "") : source === "status.json" ? "\n(from status.json)" : "";
  return textResult(`${text}${note}`, { source, ...(status ? { health: status.health, models: status.models.map((m) => ({ id: m.id, state: m.state, until: m.until })) } : {}) });
}
