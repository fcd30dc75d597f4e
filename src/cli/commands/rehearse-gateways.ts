// `self-heal rehearse` of a scenario with `"gateways": N`: the gateways sharing health, then each on its own, side by side.
import { formatGateways, runGatewaysRehearsal, summarizeGateways, type Scenario } from "../../rehearsal/index.js";
import type { CliIo } from "../io.js";

export async function rehearseGateways(io: CliIo, scenario: Scenario, opts: { seed: number; json: boolean; stateDir?: string }): Promise<number> {
  const shared = await runGatewaysRehearsal(scenario, { seed: opts.seed, share: true, ...(opts.stateDir ? { stateDir: opts.stateDir } : {}) });
  const separate = await runGatewaysRehearsal(scenario, { seed: opts.seed, share: false });
  if (opts.json) io.stdout.write(`${JSON.stringify(summarizeGateways(shared, separate), null, 2)}\n`);
  else io.stdout.write(formatGateways(shared, separate));
  return 0;
}
