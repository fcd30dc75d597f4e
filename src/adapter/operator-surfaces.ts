// The operator verbs on the gateway's surfaces: RPC methods `self-heal.<verb>` (scope operator.write), the
// `/selfheal <verb>` chat command (owner only) and the `self_heal_operator` tool (owner only).
import type { OpenClawPluginApi } from "./api.js";
import { OPERATOR_VERBS, isOperatorVerb } from "../domain/operator.js";
import { processState } from "./process-state.js";
import { ownerOnly, type SenderContext } from "./tools/owner-check.js";
import { createOperatorTool, OPERATOR_TOOL } from "./tools/operator-tool.js";

export const OPERATOR_METHOD_PREFIX = "self-heal.";

const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** Who called an RPC: the connecting client's name/id when the gateway reports one. */
function callerOf(client: unknown): string | undefined {
  const c = client as { connect?: { client?: { id?: unknown; displayName?: unknown } }; deviceId?: unknown } | undefined;
  return str(c?.connect?.client?.displayName) ?? str(c?.connect?.client?.id) ?? str(c?.deviceId);
}

export function registerOperatorMethods(api: OpenClawPluginApi): void {
  for (const verb of OPERATOR_VERBS) {
    api.registerGatewayMethod(
      `${OPERATOR_METHOD_PREFIX}${verb}`,
      async ({ params, client, respond }) => {
        const rt = processState().runtime;
        if (!rt) {
          respond(false, undefined, { code: "UNAVAILABLE", message: "The self-heal supervisor is not running in this gateway." } as never);
          return;
        }
        const p = (params ?? {}) as Record<string, unknown>;
        const { operate } = await import("../runtime/operator-request.js");
        const target = str(p.target);
        const duration = str(p.duration);
        const by = str(p.by) ?? callerOf(client) ?? "operator";
        const reply = operate(rt.supervisor, { verb, ...(target ? { target } : {}), ...(duration ? { duration } : {}), by, surface: p.surface === "cli" ? "cli" : "rpc" }, Date.now());
        if (reply.ok) respond(true, { ok: true, text: reply.text, request: reply.request, dryRun: reply.dryRun } as never);
        else respond(false, undefined, { code: "INVALID_REQUEST", message: reply.error } as never);
      },
      { scope: "operator.write" },
    );
  }
}

/** `/selfheal <verb> …` (owner only); undefined when the words are not an operator verb (the caller shows status). */
export async function operatorCommandReply(args: string | undefined, ctx: SenderContext): Promise<string | undefined> {
  const words = (args ?? "").trim().split(/\s+/).filter((w) => w.length > 0);
  const first = (words[0] ?? "").toLowerCase();
  const { operatorHelp, askFromWords, operate } = await import("../runtime/operator-request.js");
  if (first === "help") return `${operatorHelp("/selfheal")}\n  /selfheal                                  show the status`;
  if (!isOperatorVerb(first)) return words.length === 0 ? undefined : `Unknown /selfheal command "${words[0]}".\n${operatorHelp("/selfheal")}`;
  const check = ownerOnly(ctx, `run /selfheal ${first}`);
  if (!check.ok) return check.refusal;
  const rt = processState().runtime;
  if (!rt) return "The self-heal supervisor is not running in this gateway, so nothing was changed.";
  const reply = operate(rt.supervisor, askFromWords(words, "chat", check.by), Date.now());
  return reply.ok ? reply.text : reply.error;
}

/** The operator tool: its factory learns from the tool ctx who sent the current turn. */
export function registerOperatorTool(api: OpenClawPluginApi): void {
  if (typeof api.registerTool !== "function") return;
  api.registerTool((ctx: SenderContext) => createOperatorTool({ runtime: () => processState().runtime, sender: ctx }) as never, { name: OPERATOR_TOOL });
}
