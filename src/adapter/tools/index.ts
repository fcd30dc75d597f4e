// Agent tools. Read-only: resilience_stats, resilience_report, self_heal_status.
export * from "./tool-env.js";
export * from "./owner-check.js";
export * from "./tool-specs.js";
export * from "./stats-tool.js";
export * from "./report-tool.js";
export * from "./status-tool.js";
export * from "./register-tools.js";
