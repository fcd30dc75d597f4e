// `self_heal_status`: the supervisor's current health, model states and recent actions (read-only).
import { readStatusFile } from "../../reports/collect.js";
import { pickLang } from "../../reports/i18n.js";
import { statusText } from "../status-text.js";
import { textResult, type ReadOnlyToolResult, type ToolEnv } from "./tool-env.js";


export function runStatusTool(env: ToolEnv, params: { lang?: unknown }): ReadOnlyToolResult {
  const lang = pickLang(typeof params.lang === "string" ? params.lang : undefined);
  const rt = env.runtime();
  const status = rt?.status() ?? readStatusFile(env.stateDir());
  const text = statusText(status, env.problems());
  const source = rt ? "live" : status ? "status.json" : "none";
  const note = lang === "zh" ? (source === "status.json" ? "\n(来自 status.json)" : "") : source === "status.json" ? "\n(from status.json)" : "";
  return textResult(`${text}${note}`, { source, ...(status ? { health: status.health, models: status.models.map((m) => ({ id: m.id, state: m.state, until: m.until })) } : {}) });
}
