// `self-heal rehearse [FILE] [--json] [--seed N] [--baseline] [--verbose] [--list] [--state-dir DIR]`: a dry-run incident rehearsal.
import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  DEFAULT_SCENARIO, builtinFile, formatRehearsal, listBuiltins, parseScenarioText, runRehearsal, StateDirError, summarize,
} from "../../rehearsal/index.js";
import { rehearseGateways } from "./rehearse-gateways.js";
import type { CommandContext } from "../main.js";
import type { CliIo } from "../io.js";

export interface RehearseOptions {
  readonly json?: boolean;
  readonly seed?: string;
  readonly baseline?: boolean;
  readonly verbose?: boolean;
  readonly list?: boolean;
  readonly stateDir?: string;
}

function fail(io: CliIo, message: string): number {
  io.stderr.write(`self-heal rehearse: ${message}\n`);
  return 2;
}

export async function runRehearse(io: CliIo, file: string | undefined, opts: RehearseOptions): Promise<number> {
  if (opts.list) {
    const builtins = listBuiltins();
    if (opts.json) io.stdout.write(`${JSON.stringify(builtins.map(({ name, description }) => ({ name, description })), null, 2)}\n`);
    else for (const b of builtins) io.stdout.write(`${b.name.padEnd(22)} ${b.name === DEFAULT_SCENARIO ? "(default) " : ""}${b.description}\n`);
    return 0;
  }
  const seed = opts.seed === undefined ? 1 : Number(opts.seed);
  if (!Number.isSafeInteger(seed)) return fail(io, `--seed must be an integer, got "${opts.seed}"`);
  const source = file ?? DEFAULT_SCENARIO;
  const path = existsSync(source) ? source : builtinFile(source);
  if (!path) return fail(io, `no scenario file or built-in scenario named "${source}" (see: self-heal rehearse --list)`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return fail(io, `cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return fail(io, `invalid scenario ${path}:\n  - ${parsed.errors.join("\n  - ")}`);
  try {
    if ((parsed.scenario.gateways ?? 1) > 1) return await rehearseGateways(io, parsed.scenario, { seed, json: opts.json === true, ...(opts.stateDir ? { stateDir: opts.stateDir } : {}) });
    const run = await runRehearsal(parsed.scenario, { seed, ...(opts.stateDir ? { stateDir: opts.stateDir } : {}) });
    const baseline = opts.baseline ? await runRehearsal(parsed.scenario, { seed, supervised: false }) : undefined;
    if (opts.json) {
      io.stdout.write(`${JSON.stringify(summarize(run, baseline), null, 2)}\n`);
      return 0;
    }
    // The text always states the downtime of OpenClaw alone beside the plugin's (one more simulated run).
    const alone = baseline ?? (await runRehearsal(parsed.scenario, { seed, supervised: false }));
    io.stdout.write(formatRehearsal(run, baseline, { verbose: opts.verbose === true, aloneDowntime: alone.metrics }));
    return 0;
  } catch (error) {
    if (error instanceof StateDirError) return fail(io, error.message);
    throw error;
  }
}

export function registerRehearse(program: Command, ctx: CommandContext): void {
  program
    .command("rehearse")
    .description("Rehearse an incident: the real supervisor against a simulated OpenClaw on a virtual clock (dry-run, no gateway, no network)")
    .argument("[file]", `a scenario file, or the name of a built-in scenario (default: ${DEFAULT_SCENARIO})`)
    .option("--json", "print one JSON summary object instead of the timeline")
    .option("--seed <n>", "seed of every jitter and arrival (same seed, same rehearsal)", "1")
    .option("--baseline", "also run the scenario with the supervisor off (OpenClaw alone) and compare")
    .option("--verbose", "show every timeline line (by default repeated cycles fold into one line)")
    .option("--list", "list the built-in scenarios")
    .option("--state-dir <dir>", "write the journal and status.json here (default: a fresh temp dir)")
    .action(async (file: string | undefined, opts: RehearseOptions) => {
      ctx.exitCode = await runRehearse(ctx.io, file, opts);
    });
}
