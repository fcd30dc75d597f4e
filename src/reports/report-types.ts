// The report types, in a module of their own: the agent tool's schema needs them when the plugin registers,
// before (and without) loading the report machinery.
export const REPORT_TYPES = ["daily", "model", "recovery", "full"] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export function isReportType(v: unknown): v is ReportType {
  return typeof v === "string" && (REPORT_TYPES as readonly string[]).includes(v);
}
