// Registers hooks, the service, the status RPC/HTTP route, the /selfheal command and the CLI with OpenClaw.
import { join } from "node:path";
import type { OpenClawPluginApi } from "./api.js";
import { processState } from "./process-state.js";
import { createService } from "./service.js";
import { statusText } from "./status-text.js";
import { createStrategiesTool, STRATEGIES_TOOL } from "./tools/strategies-tool.js";
import { registerReadOnlyTools } from "./tools/register-tools.js";
import { isOwnerContext } from "./tools/owner-check.js";
import { METRICS_PATH, metricsHandler } from "./metrics-route.js";
import { operatorCommandReply, registerOperatorMethods, registerOperatorTool } from "./operator-surfaces.js";

/** Hooks the ingest understands; each handler is O(1) and never throws into the gateway. */
export const OBSERVED_HOOKS = ["model_call_started", "model_call_ended", "llm_output", "agent_end", "before_model_resolve", "before_agent_run", "cron_changed", "gateway_start", "gateway_stop"] as const;

export function statusPayload(): Record<string, unknown> {
  const state = processState();
  const rt = state.runtime;
  if (!rt) return { running: false, problems: state.problems };
  return { running: true, ...rt.status(), problems: state.problems };
}

export function register(api: OpenClawPluginApi): void {
  for (const name of OBSERVED_HOOKS) {
    const handler = (event: unknown, ctx: unknown) => {
      try {
        return processState().ingest?.hook(name, event, ctx);
      } catch {
        return undefined;
      }
    };
    api.on(name, handler as never);
  }

  // The CLI process loads the plugin in "cli-metadata"/"discovery" mode: the CLI must register there too.
  registerCli(api);
  registerStrategiesTool(api);
  // Read-only tools (resilience_stats, resilience_report, self_heal_status): every mode, like the CLI.
  registerReadOnlyTools(api);
  // Operator verbs as an owner-only tool (self_heal_operator).
  registerOperatorTool(api);

  if (api.registrationMode !== "full") return;
  processState().api = api;

  api.registerService(createService(api));

  api.registerGatewayMethod("self-heal.status", ({ respond }) => respond(true, statusPayload() as never), { scope: "operator.read" });
  // Operator verbs: self-heal.clear|pause|resume|probe|failback|silence (scope operator.write).
  registerOperatorMethods(api);

  api.registerHttpRoute({
    path: "/self-heal/status",
    auth: "gateway",
    match: "exact",
    handler: (_req, res) => {
      res.statusCode = 200;
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.end(JSON.stringify(statusPayload()));
      return true;
    },
  });

  api.registerHttpRoute({ path: METRICS_PATH, auth: "gateway", match: "exact", handler: metricsHandler(() => processState().runtime) as never });

  api.registerCommand({
    name: "selfheal",
    description: "Show the self-heal supervisor's status; the owner can also clear, pause, resume, probe, failback, silence (/selfheal help)",
    acceptsArgs: true,
    // Never throws into the gateway: a malformed context gets the status, an internal error a plain sentence.
    handler: async (ctx) => {
      try {
        const state = processState();
        const reply = ctx && typeof ctx === "object" ? await operatorCommandReply(ctx.args, ctx) : undefined;
        return { text: reply ?? statusText(state.runtime?.status(), state.problems) };
      } catch {
        return { text: "self-heal: could not answer this command right now; try /selfheal again, or run `openclaw self-heal status` on the gateway host." };
      }
    },
  });
}

/** `resilience_strategies`: the factory learns from the tool ctx whether the sender is the owner. */
function registerStrategiesTool(api: OpenClawPluginApi): void {
  if (typeof api.registerTool !== "function") return;
  api.registerTool(
    (ctx: { senderIsOwner?: boolean }) =>
      createStrategiesTool({
        store: () => processState().runtime?.strategies,
        senderIsOwner: isOwnerContext(ctx),
        defaultStrategy: () => processState().runtime?.supervisor.config.defaultStrategy ?? "exponential",
      }) as never,
    { name: STRATEGIES_TOOL },
  );
}

/** `openclaw self-heal <args>` runs this package's own CLI in the CLI process, with the gateway's state dir. */
function registerCli(api: OpenClawPluginApi): void {
  if (typeof api.registerCli !== "function") return;
  api.registerCli(
    ({ program }) => {
      program
        .command("self-heal")
        .description("Self-heal supervisor: status, report, replay, rehearse, classify")
        .argument("[args...]")
        .allowUnknownOption(true)
        .helpOption(false)
        .action(async (args: string[]) => {
          const { main } = await import("../cli/main.js");
          const argv = withDefaultStateDir(args ?? []);
          process.exitCode = await main(["node", "self-heal", ...argv]);
        });
    },
    { descriptors: [{ name: "self-heal", description: "Self-heal supervisor: status, report, replay, rehearse, classify", hasSubcommands: true }] },
  );
}

/** status/replay/report read the gateway's state dir unless told otherwise. */
export function withDefaultStateDir(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const needs = ["status", "replay", "report"].includes(args[0] ?? "") && !args.includes("--state-dir");
  if (!needs) return [...args];
  const openclawState = env.OPENCLAW_STATE_DIR ?? join(env.OPENCLAW_HOME ?? env.HOME ?? ".", ".openclaw");
  return [...args, "--state-dir", join(openclawState, "plugins", "self-heal")];
}
