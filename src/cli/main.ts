// Builds the `self-heal` program (commander). Each subcommand lives in ./commands/<name>.ts.
import { Command, CommanderError } from "commander";
import { processIo, type CliIo } from "./io.js";
import { commands } from "./commands/index.js";

export interface CommandContext {
  readonly io: CliIo;
  /** Set by a command to the exit code it wants. */
  exitCode: number;
}

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command("self-heal")
    .description("Self-healing supervisor for the OpenClaw gateway")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  for (const register of commands) register(program, ctx);
  return program;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const ctx: CommandContext = { io, exitCode: 0 };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return ctx.exitCode;
}
