// Registers hooks, the service, the status RPC/HTTP route, the /selfheal command and the CLI with OpenClaw.
import type { OpenClawPluginApi } from "./api.js";
import { processState } from "./process-state.js";
import { createService } from "./service.js";
import { statusText } from "./status-text.js";

/** Hooks the ingest understands; each handler is O(1) and never throws into the gateway. */
export const OBSERVED_HOOKS = ["model_call_ended", "agent_end", "before_model_resolve", "cron_changed", "gateway_start", "gateway_stop"] as const;

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

  if (api.registrationMode !== "full") return;

  api.registerService(createService(api));

  api.registerGatewayMethod("self-heal.status", ({ respond }) => respond(true, statusPayload() as never), { scope: "operator.read" });

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

  api.registerCommand({
    name: "selfheal",
    description: "Show the self-heal supervisor's status",
    acceptsArgs: true,
    handler: () => {
      const state = processState();
      return { text: statusText(state.runtime?.status(), state.problems) };
    },
  });

  api.registerCli(
    ({ program }) => {
      program
        .command("self-heal")
        .description("Self-heal supervisor: status, report, rehearse, classify, replay")
        .argument("[args...]")
        .allowUnknownOption(true)
        .helpOption(false)
        .action(async (args: string[]) => {
          const { main } = await import("../cli/main.js");
          process.exitCode = await main(["node", "self-heal", ...(args ?? [])]);
        });
    },
    { descriptors: [{ name: "self-heal", description: "Self-heal supervisor: status, report, rehearse, classify, replay", hasSubcommands: true }] },
  );
}
