// The long-lived service: starts the one supervisor of this gateway process and stops it cleanly.
// start() loads the supervisor (./supervisor-start.js) on first use: the gateway evaluates this plugin's entry
// once per plugin registry (full and discovery instances, replacements), and only one of them ever starts it.
import { join } from "node:path";
import type { OpenClawPluginApi, OpenClawPluginService, OpenClawPluginServiceContext } from "./api.js";
import { PLUGIN_ID } from "../config/manifest.js";
import { processState, type ProcessState } from "./process-state.js";

export function resolveStateDir(configured: string, openclawStateDir: string): string {
  return configured.length > 0 ? configured : join(openclawStateDir, "plugins", PLUGIN_ID);
}

export function openclawConfigPath(openclawStateDir: string): string {
  return process.env.OPENCLAW_CONFIG_PATH ?? join(openclawStateDir, "openclaw.json");
}

export function createService(api: OpenClawPluginApi): OpenClawPluginService {
  return {
    id: `${PLUGIN_ID}-supervisor`,
    async start(ctx: OpenClawPluginServiceContext) {
      const state = processState();
      if (state.runtime) return;
      const stops = state.stops ?? 0;
      try {
        const { startSupervisor } = await import("./supervisor-start.js");
        // Another start won the race while the module loaded, or a stop came in meanwhile.
        if (state.runtime || (state.stops ?? 0) !== stops || processState() !== state) return;
        startSupervisor(api, ctx, state);
      } catch (error) {
        state.problems = [`failed to start: ${(error as Error).message}`];
        ctx.logger.error(`self-heal: ${state.problems[0]}`);
        ctx.serviceHealth?.reportFailure(error);
      }
    },
    async stop() {
      await stopSupervisor(processState());
    },
  };
}

/** Prefers an agent whose primary is the model (no override permission needed), else any agent using it. */
export function probeAgentFor(agents: ReadonlyArray<{ agentId: string; chain: readonly string[] }>, model: string): { agentId: string; primary: boolean } {
  const owner = agents.find((a) => a.chain[0] === model);
  if (owner) return { agentId: owner.agentId, primary: true };
  return { agentId: agents.find((a) => a.chain.includes(model))?.agentId ?? agents[0]?.agentId ?? "main", primary: false };
}

export async function stopSupervisor(state: ProcessState): Promise<void> {
  state.stops = (state.stops ?? 0) + 1;
  state.stopPolling?.();
  await state.watcher?.stop();
  state.ingest?.flush();
  state.runtime?.stop();
  state.runtime = undefined;
  state.ingest = undefined;
  state.watcher = undefined;
  state.stopPolling = undefined;
}

