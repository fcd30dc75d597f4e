// Names and parameter schemas of the read-only agent tools. Kept free of the report/stats machinery: the plugin
// registers the tools in every plugin instance, and each tool loads its implementation on its first call.
import { REPORT_TYPES } from "../../reports/report-types.js";

export const STATS_TOOL = "resilience_stats";
export const REPORT_TOOL = "resilience_report";
export const STATUS_TOOL = "self_heal_status";

export const STATS_TOOL_PARAMETERS = {
  type: "object",
  additionalProperties: false,
  required: ["query"],
  properties: {
    query: { type: "string", description: '"today", "yesterday", "week", or a model ("gpt-4o" or "openai/gpt-4o")' },
    lang: { type: "string", enum: ["en", "zh"], description: "Answer language (default: Chinese when the request is Chinese, else English)" },
  },
} as const;

export const REPORT_TOOL_PARAMETERS = {
  type: "object",
  additionalProperties: false,
  required: ["reportType"],
  properties: {
    reportType: { type: "string", enum: [...REPORT_TYPES], description: "daily | model | recovery | full" },
    target: { type: "string", description: 'A UTC day ("2026-06-03", "today", "yesterday"), or for a model report the model ("gpt-4o")' },
    lang: { type: "string", enum: ["en", "zh"], description: "Answer language (default: Chinese when the request is Chinese, else English)" },
  },
} as const;

export const STATUS_TOOL_PARAMETERS = {
  type: "object",
  additionalProperties: false,
  properties: {
    lang: { type: "string", enum: ["en", "zh"], description: "Answer language for the framing text" },
  },
} as const;
