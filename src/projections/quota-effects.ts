// The effects the quota watch asks for: the 80 % / 95 % alerts, and routing non-urgent turns away (and back).
import type { Effect } from "../domain/effects.js";
import type { QuotaBudget, SelfHealConfig } from "../config/types.js";
import { providerOf } from "../domain/events.js";
import { describeWindow, type WindowSpan } from "./quota-window.js";

/** `params.scope` of a quota route: only turns whose trigger is non-urgent are moved. */
export const NON_URGENT = "non_urgent";

function amount(used: number, limit: number | undefined, unit: string): string | undefined {
  if (limit === undefined) return undefined;
  return `${used.toLocaleString("en-US")} / ${limit.toLocaleString("en-US")} ${unit} (${((used / limit) * 100).toFixed(0)}%)`;
}

export function quotaAlert(
  budget: QuotaBudget,
  severity: "warning" | "critical",
  percent: number,
  requests: number,
  tokens: number,
  span: WindowSpan,
  cfg: SelfHealConfig["quota"],
): Effect {
  const pct = `${Math.floor(percent)}%`;
  const used = [amount(requests, budget.requests, "requests"), amount(tokens, budget.tokens, "tokens")].filter((s): s is string => s !== undefined);
  const resets = new Date(span.end).toISOString();
  const provider = providerOf(budget.model);
  const lines = [
    `${budget.model} has used ${used.join(" and ")} of its ${describeWindow(budget)} budget.`,
    `The window resets at ${resets}.`,
    cfg.routeNonUrgent
      ? severity === "critical"
        ? `Non-urgent turns (${cfg.nonUrgentTriggers.join(", ")}) now go to the next model of each agent's chain until then; user turns still use ${budget.model}.`
        : `At ${cfg.criticalPercent}% non-urgent turns (${cfg.nonUrgentTriggers.join(", ")}) will move to the next model of the chain until the reset.`
      : `quota.routeNonUrgent is off: every turn keeps using ${budget.model}.`,
    `What you can do: raise the budget in plugins.entries.self-heal.config.quota.budgets, raise the plan or top up billing at ${provider}, or move ${budget.model} down the fallback chain.`,
  ];
  return {
    action: "alert",
    target: "owner",
    reason: `quota ${pct} of ${describeWindow(budget)} budget`,
    params: {
      severity,
      key: `quota|${budget.model}|${severity}|${span.start}`,
      title: `[self-heal] ${severity}: ${budget.model} has used ${pct} of its ${describeWindow(budget)} budget`,
      lines,
      model: budget.model,
      percent: Math.round(percent * 10) / 10,
      resetsAt: resets,
    },
  };
}

export function quotaRoute(budget: QuotaBudget, percent: number, until: number, triggers: readonly string[]): Effect {
  return {
    action: "route_around",
    target: budget.model,
    reason: `quota ${Math.floor(percent)}% of ${describeWindow(budget)} budget: non-urgent turns go elsewhere until ${new Date(until).toISOString()}`,
    params: { scope: NON_URGENT, until, triggers: [...triggers] },
  };
}

export function quotaFailBack(pattern: string, why: string): Effect {
  return { action: "fail_back", target: pattern, reason: `quota: ${why}`, params: { scope: NON_URGENT } };
}
