// `self-heal migrate [--config <openclaw.json>] [--json] [--apply]`: moves an openclaw-self-healing or resilience setup over.
import { homedir } from "node:os";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { CommandContext } from "../main.js";
import { gatewayCaller } from "./operator.js";

interface MigrateFlags {
  config?: string;
  json?: boolean;
  apply?: boolean;
}

/** `openclaw config validate --json` against `configPath`. */
async function validateWithOpenClaw(configPath: string): Promise<{ ok: boolean; errors: string[] }> {
  const r = await gatewayCaller.run(["config", "validate", "--json"], { ...process.env, OPENCLAW_CONFIG_PATH: configPath });
  const start = r.stdout.indexOf("{");
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = start >= 0 ? (JSON.parse(r.stdout.slice(start)) as Record<string, unknown>) : undefined;
  } catch {
    parsed = undefined;
  }
  if (r.code === 0 && (!parsed || parsed.valid !== false)) return { ok: true, errors: [] };
  const issues = parsed && Array.isArray(parsed.issues) ? parsed.issues : parsed && Array.isArray(parsed.errors) ? parsed.errors : [];
  const errors = issues.map((i) => (typeof i === "string" ? i : JSON.stringify(i))).slice(0, 10);
  return { ok: false, errors: errors.length > 0 ? errors : [`openclaw config validate exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 300)}`] };
}

export function registerMigrate(program: Command, ctx: CommandContext): void {
  program
    .command("migrate")
    .description("Translate an openclaw-self-healing or @openclaw/resilience setup into plugins.entries.self-heal (prints it; --apply writes it)")
    .option("--config <file>", "the openclaw.json to read (default: $OPENCLAW_CONFIG_PATH, else <OpenClaw state dir>/openclaw.json)")
    .option("--json", 'print one object: {"config", "keys": [{"from", "to", "note"}], "warnings"}')
    .option("--apply", "write it (after a backup and openclaw config validate) and disable the old plugins' entries")
    .action(async (flags: MigrateFlags) => {
      const { migrate, migrateText, MigrateError, defaultOpenClawConfigPath } = await import("../../migrate/migrate.js");
      const home = process.env.HOME ?? homedir();
      const configPath = resolve(flags.config ?? defaultOpenClawConfigPath(process.env, home));
      try {
        const r = await migrate({ configPath, home, env: process.env, ...(flags.apply ? { apply: true, validate: validateWithOpenClaw } : {}) });
        if (flags.json) ctx.io.stdout.write(`${JSON.stringify({ config: r.config, keys: r.keys, warnings: r.warnings, ...(r.applied ? { applied: r.applied } : {}) })}\n`);
        else ctx.io.stdout.write(`${migrateText(r)}\n`);
        ctx.exitCode = 0;
      } catch (error) {
        const message = error instanceof MigrateError ? error.message : `failed: ${(error as Error).message}`;
        if (flags.json) ctx.io.stdout.write(`${JSON.stringify({ error: message })}\n`);
        ctx.io.stderr.write(`self-heal migrate: ${message}\n`);
        ctx.exitCode = 2;
      }
    });
}
