// `self_heal_operator`: the operator verbs as an agent tool, owner only (refused during another sender's turn).
import { OPERATOR_VERBS } from "../../domain/operator.js";
import { ownerOnly, type SenderContext } from "./owner-check.js";
import type { Runtime } from "../../runtime/create-runtime.js";

export const OPERATOR_TOOL = "self_heal_operator";

export const OPERATOR_TOOL_PARAMETERS = {
  type: "object",
  additionalProperties: false,
  required: ["verb"],
  properties: {
    verb: { type: "string", enum: [...OPERATOR_VERBS], description: "clear | pause | resume | probe | failback | silence" },
    target: { type: "string", description: 'clear: a model ("openai/gpt-4o"), "channel:<id>", "cron:<id>" or "gateway"; probe and failback: a model' },
    duration: { type: "string", description: 'pause and silence: "30m", "2h", "1d" (default 1h); silence "off" ends it' },
  },
} as const;

interface ToolResult {
  content: Array<{ type: "text"; text: string }>;
  details: Record<string, unknown>;
}

const text = (t: string, details: Record<string, unknown>): ToolResult => ({ content: [{ type: "text", text: t }], details });

export interface OperatorToolDeps {
  readonly runtime: () => Runtime | undefined;
  readonly sender: SenderContext | undefined;
  readonly now?: () => number;
}

export async function runOperatorTool(deps: OperatorToolDeps, params: Record<string, unknown>): Promise<ToolResult> {
  const check = ownerOnly(deps.sender, "use self-heal's operator commands");
  if (!check.ok) return text(check.refusal, { ok: false, refused: "not_owner" });
  const rt = deps.runtime();
  if (!rt) return text("The self-heal supervisor is not running in this gateway, so nothing was changed.", { ok: false });
  const { operate } = await import("../../runtime/operator-request.js");
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const target = str(params.target);
  const duration = str(params.duration);
  const reply = operate(rt.supervisor, { verb: String(params.verb ?? ""), ...(target ? { target } : {}), ...(duration ? { duration } : {}), by: check.by, surface: "tool" }, (deps.now ?? Date.now)());
  return reply.ok ? text(reply.text, { ok: true, request: reply.request, dryRun: reply.dryRun }) : text(reply.error, { ok: false });
}

export function createOperatorTool(deps: OperatorToolDeps) {
  return {
    name: OPERATOR_TOOL,
    label: "Self-heal operator",
    description:
      "Owner only. Tell the self-heal supervisor what to do now: clear a disabled model/channel/cron job/gateway budget, pause acting (maintenance mode) or resume, probe a model, fail back to a model, silence alerts for a while. Use for '清除 gpt-4o 的禁用状态', '暂停自愈 30 分钟', 'silence alerts for 2 hours'.",
    parameters: OPERATOR_TOOL_PARAMETERS,
    async execute(_toolCallId: string, params: Record<string, unknown>): Promise<ToolResult> {
      try {
        return await runOperatorTool(deps, params ?? {});
      } catch (error) {
        return text(`${OPERATOR_TOOL} failed: ${(error as Error).message}`, { ok: false });
      }
    },
  };
}
