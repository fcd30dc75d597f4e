// The `resilience_strategies` agent tool: list the retry strategies; add/update/remove/reset them (owner only).
import type { StrategyDocument, StrategyEdit, StrategyStore, Strategy } from "../../strategies/index.js";
import { capMs, nominalDelayMs } from "../../strategies/schedule.js";

export const STRATEGIES_TOOL = "resilience_strategies";
const ACTIONS = ["list", "add", "update", "remove", "reset"] as const;
type Action = (typeof ACTIONS)[number];

export interface ToolResult {
  readonly content: Array<{ type: "text"; text: string }>;
  readonly details: Record<string, unknown>;
}

export interface StrategiesToolDeps {
  /** The live store (undefined while the supervisor is not running). */
  readonly store: () => StrategyStore | undefined;
  /** Whether the sender of the current turn is the owner (tool ctx `senderIsOwner === true`). */
  readonly senderIsOwner: boolean;
  readonly defaultStrategy: () => string;
}

export const STRATEGIES_TOOL_PARAMETERS = {
  type: "object",
  additionalProperties: false,
  required: ["action"],
  properties: {
    action: { type: "string", enum: [...ACTIONS], description: "list | add | update | remove | reset (mutations: owner only)" },
    strategyName: { type: "string", description: "The strategy to add, update or remove" },
    updates: {
      type: "object",
      description: "add/update: {type: fixed|exponential|custom, maxRetries, intervals (ms), retryOn: [category], cooldownMs?, models?, maxTotalWaitMs?}; null removes an optional field",
    },
  },
} as const;

function text(message: string, details: Record<string, unknown>): ToolResult {
  return { content: [{ type: "text", text: message }], details };
}

const human = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

export function describeStrategy(s: Strategy): string {
  const steps = Array.from({ length: Math.min(s.maxRetries, 8) }, (_, n) => human(nominalDelayMs(s, n))).join(", ");
  const models = s.models?.length ? ` models ${s.models.join(", ")};` : "";
  const cooldown = s.cooldownMs !== undefined ? ` cooldown ${human(s.cooldownMs)};` : "";
  return `${s.name} (${s.type}, ${s.maxRetries} retries: ${steps}${s.maxRetries > 8 ? ", …" : ""}; cap ${human(capMs(s))}; on ${s.retryOn.join(", ")};${models}${cooldown})`;
}

function listing(doc: StrategyDocument, defaultStrategy: string): ToolResult {
  const lines = doc.strategies.map((s) => `- ${describeStrategy(s)}`);
  return text([`Retry strategies (defaultStrategy: ${defaultStrategy}):`, ...lines].join("\n"), { strategies: doc.strategies, defaultStrategy });
}

export function parseEdit(action: Exclude<Action, "list">, params: Record<string, unknown>): StrategyEdit | string {
  if (action === "reset") return { action: "reset" };
  const name = params.strategyName;
  if (typeof name !== "string" || name.length === 0) return `${action} needs strategyName`;
  if (action === "remove") return { action: "remove", name };
  const updates = params.updates;
  if (typeof updates !== "object" || updates === null || Array.isArray(updates)) return `${action} needs an updates object`;
  return { action, name, fields: updates as Record<string, unknown> };
}

/** Runs one tool call. Never throws: refusals and validation errors come back as text with `ok:false`. */
export async function runStrategiesTool(deps: StrategiesToolDeps, params: Record<string, unknown>): Promise<ToolResult> {
  const action = params.action as Action;
  if (!(ACTIONS as readonly string[]).includes(String(action))) return text(`Unknown action; use one of ${ACTIONS.join(", ")}.`, { ok: false });
  const store = deps.store();
  if (!store) return text("The self-heal supervisor is not running, so its strategies are not available.", { ok: false });
  if (action === "list") return listing(store.document(), deps.defaultStrategy());
  if (!deps.senderIsOwner) return text(`Only the owner may ${action} retry strategies.`, { ok: false, refused: "not_owner" });
  const edit = parseEdit(action, params);
  if (typeof edit === "string") return text(edit, { ok: false });
  const result = await store.edit(edit);
  if (!result.ok) return text(`Not changed:\n- ${result.errors.join("\n- ")}`, { ok: false, errors: result.errors });
  const done = action === "reset" ? "Strategies reset to the defaults." : `Strategy ${edit.action === "reset" ? "" : edit.name} ${action === "add" ? "added" : action === "update" ? "updated" : "removed"}.`;
  const shown = listing(result.value, deps.defaultStrategy());
  return text(`${done}\n${shown.content[0]?.text ?? ""}`, { ok: true, ...shown.details });
}

/** The tool object OpenClaw's factory returns (core AgentTool shape: execute(toolCallId, params)). */
export function createStrategiesTool(deps: StrategiesToolDeps) {
  return {
    name: STRATEGIES_TOOL,
    label: "Resilience strategies",
    description: "List the self-heal retry strategies (which failures are retried, how often, how long apart); the owner can add, update, remove or reset them.",
    parameters: STRATEGIES_TOOL_PARAMETERS,
    async execute(_toolCallId: string, params: Record<string, unknown>): Promise<ToolResult> {
      try {
        return await runStrategiesTool(deps, params ?? {});
      } catch (error) {
        return text(`resilience_strategies failed: ${(error as Error).message}`, { ok: false });
      }
    },
  };
}
