// Report wording in English and Chinese. The language follows the user's (a `lang` option, or CJK in the request).
export type Lang = "en" | "zh";

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** "zh" when `lang` says so, or when any of the texts contains CJK characters; else "en". */
export function pickLang(lang: string | undefined, ...texts: ReadonlyArray<string | undefined>): Lang {
  if (lang !== undefined && lang.toLowerCase().startsWith("zh")) return "zh";
  if (lang !== undefined && lang.toLowerCase().startsWith("en")) return "en";
  return texts.some((t) => t !== undefined && CJK.test(t)) ? "zh" : "en";
}

const CATEGORY_ZH: Record<string, string> = {
  rate_limit: "限流",
  quota_exhausted: "额度耗尽",
  server_overload: "服务过载",
  server_error: "服务端错误",
  timeout: "超时",
  network_error: "网络错误",
  auth_failed: "认证失败",
  model_unavailable: "模型不可用",
  context_too_long: "上下文超长",
  invalid_request: "请求无效",
  aborted: "用户取消",
  unknown: "未知错误",
};

export function categoryLabel(lang: Lang, category: string): string {
  return lang === "zh" ? (CATEGORY_ZH[category] ?? category) : category;
}

const EN = {
  daily: "Self-heal daily report",
  model: "Self-heal model report",
  recovery: "Self-heal recovery report",
  full: "Self-heal full report",
  calls: "calls",
  errors: "errors",
  errorRate: "error rate",
  fallbacks: "fallbacks",
  recoveries: "recoveries",
  cooldown: "cooldown",
  tokens: "tokens",
  byCategory: "Errors by category",
  models: "Models",
  noCalls: "No calls recorded.",
  noErrors: "none",
  actions: "Actions",
  noActions: "No actions.",
  transitions: "State changes",
  noTransitions: "No state changes.",
  days: "Last 7 days",
  downPeriods: "Out of service, and back",
  now: "Now",
  notSeen: "No calls recorded for this model.",
  sourceStats: "from the stats store",
  sourceJournal: "folded from the journal (no stats store yet)",
  incident: "Self-heal incident report",
  timeline: "State timeline",
  errorRates: "Calls and errors over time",
  health: "health",
} as const;

export type Label = keyof typeof EN;

const ZH: Record<Label, string> = {
  daily: "自愈错误日报",
  model: "自愈模型报告",
  recovery: "自愈恢复报告",
  full: "自愈完整报告",
  calls: "调用",
  errors: "报错",
  errorRate: "错误率",
  fallbacks: "回退",
  recoveries: "恢复",
  cooldown: "冷却",
  tokens: "令牌",
  byCategory: "按错误类别",
  models: "各模型",
  noCalls: "没有调用记录。",
  noErrors: "无",
  actions: "自愈动作",
  noActions: "没有自愈动作。",
  transitions: "状态变化",
  noTransitions: "没有状态变化。",
  days: "最近 7 天",
  downPeriods: "故障与恢复",
  now: "当前",
  notSeen: "该模型没有调用记录。",
  sourceStats: "数据来自统计库",
  sourceJournal: "数据由日志现算(尚无统计库)",
  incident: "自愈事件报告",
  timeline: "状态时间线",
  errorRates: "调用与报错趋势",
  health: "整体状态",
};

export function label(lang: Lang, key: Label): string {
  return lang === "zh" ? ZH[key] : EN[key];
}

/** 1234 ms → "1.2s"; 90 000 → "1.5m"; undefined → "-". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "-";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}
