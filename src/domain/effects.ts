// Effects are imperative requests that machines and the supervisor hand to the one executor.

export const ACTION_NAMES = [
  "route_around",
  "fail_back",
  "probe_model",
  "patch_session",
  "restart_channel",
  "restart_gateway",
  "disable_cron",
  "disable_plugin",
  "recover_task",
  "alert",
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

/** Actions that disturb the user's setup; each is off by default and guarded by budgets. */
export const DISRUPTIVE_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>([
  "restart_gateway",
  "disable_cron",
  "disable_plugin",
]);

/** Actions preceded by an openclaw.json validation and backup. */
export const RESTART_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>(["restart_channel", "restart_gateway"]);

export type AlertSeverity = "info" | "warning" | "critical";

export interface Effect {
  readonly action: ActionName;
  /** What the action is aimed at: a model ref, channel id, cron job id, session key, "gateway", "owner". */
  readonly target: string;
  /** Why, in a few words (journaled verbatim). */
  readonly reason: string;
  /** Action-specific data (e.g. an alert's message and severity). Plain JSON only. */
  readonly params?: Readonly<Record<string, unknown>>;
}

export function isActionName(value: unknown): value is ActionName {
  return typeof value === "string" && (ACTION_NAMES as readonly string[]).includes(value);
}
