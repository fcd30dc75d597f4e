// Registers the read-only agent tools (declared in openclaw.plugin.json contracts.tools). Nothing here mutates.
import { dirname, join } from "node:path";
import type { OpenClawPluginApi } from "../api.js";
import { PLUGIN_ID } from "../../config/manifest.js";
import { processState } from "../process-state.js";
import type { ReadOnlyToolResult, ToolEnv } from "./tool-env.js";
import { callerOf, type ToolCaller } from "./owner-check.js";
import { REPORT_TOOL, REPORT_TOOL_PARAMETERS, STATS_TOOL, STATS_TOOL_PARAMETERS, STATUS_TOOL, STATUS_TOOL_PARAMETERS } from "./tool-specs.js";

export const READ_ONLY_TOOLS = [STATS_TOOL, REPORT_TOOL, STATUS_TOOL] as const;

/** The live runtime when there is one; else the configured `stateDir`, else `<OpenClaw state dir>/plugins/self-heal`. */
export function toolEnv(api: Pick<OpenClawPluginApi, "pluginConfig">, env: NodeJS.ProcessEnv = process.env): ToolEnv {
  return {
    runtime: () => processState().runtime,
    problems: () => processState().problems,
    now: () => Date.now(),
    stateDir: () => {
      const rt = processState().runtime;
      if (rt) return dirname(rt.statusFile);
      const configured = (api.pluginConfig as { stateDir?: unknown } | undefined)?.stateDir;
      if (typeof configured === "string" && configured.length > 0) return configured;
      return join(env.OPENCLAW_STATE_DIR ?? join(env.HOME ?? ".", ".openclaw"), "plugins", PLUGIN_ID);
    },
  };
}

interface ToolSpec {
  name: string;
  label: string;
  description: string;
  parameters: Record<string, unknown>;
  /** Loads the implementation on the first call (the report/stats code is not needed to register the tool). */
  run: (env: ToolEnv, params: Record<string, unknown>, caller: ToolCaller) => Promise<ReadOnlyToolResult>;
}

export const TOOL_SPECS: readonly ToolSpec[] = [
  {
    name: STATS_TOOL,
    label: "Resilience stats",
    description: "Model call and error statistics kept by the self-heal supervisor: query \"today\", \"week\", or a model name (error rate, errors by category, latency p50/p95, fallbacks, cooldown time). Use for '查看今天报错统计', '查看 gpt-4o 的错误率', 'what failed today?'.",
    parameters: STATS_TOOL_PARAMETERS,
    run: async (env, params, caller) => (await import("./stats-tool.js")).runStatsTool(env, params, caller),
  },
  {
    name: REPORT_TOOL,
    label: "Resilience report",
    description: "A self-heal report as text: reportType daily (a day's errors and actions), model (one model over 7 days; target = model), recovery (what went down and came back), full. target may be a day YYYY-MM-DD. Use for '生成今日错误日报'.",
    parameters: REPORT_TOOL_PARAMETERS,
    run: async (env, params, caller) => (await import("./report-tool.js")).runReportTool(env, params, caller),
  },
  {
    name: STATUS_TOOL,
    label: "Self-heal status",
    description: "The self-heal supervisor's current state: overall health, each model's state (healthy, cooldown, probing, recovered, disabled) and the last actions.",
    parameters: STATUS_TOOL_PARAMETERS,
    run: async (env, params, caller) => (await import("./status-tool.js")).runStatusTool(env, params, caller),
  },
];

/**
 * Registers the tools with OpenClaw (any registration mode: tool discovery loads the plugin to find them). Each is a
 * factory: OpenClaw calls it per turn with the tool context, whose owner bit decides what the answer may show.
 */
export function registerReadOnlyTools(api: OpenClawPluginApi): void {
  if (typeof api.registerTool !== "function") return;
  const env = toolEnv(api);
  for (const spec of TOOL_SPECS) {
    api.registerTool(
      ((ctx: unknown) => {
        const caller = callerOf(ctx);
        return {
          name: spec.name,
          label: spec.label,
          description: spec.description,
          parameters: spec.parameters as never,
          // OpenClaw wants failures thrown, not encoded in content.
          async execute(_toolCallId: string, params: unknown) {
            return spec.run(env, (params && typeof params === "object" ? params : {}) as Record<string, unknown>, caller);
          },
        };
      }) as never,
      { name: spec.name },
    );
  }
}
