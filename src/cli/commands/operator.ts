// `self-heal clear|pause|resume|probe|failback|silence`: through the running gateway's RPC (`self-heal.<verb>`,
// scope operator.write), or with --state-dir on a state dir no gateway holds (the record is replayed at next start).
import { execFile } from "node:child_process";
import { basename, join, resolve } from "node:path";
import type { Command } from "commander";
import { OPERATOR_VERBS, VERB_HELP, type OperatorVerb } from "../../domain/operator.js";
import type { CommandContext } from "../main.js";
import type { CliIo } from "../io.js";

export interface CallResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How the CLI reaches `openclaw gateway call` (replaceable in tests). */
export const gatewayCaller = {
  run(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CallResult> {
    const [cmd, ...args] = [...openclawArgv(env), ...argv];
    return new Promise((done) => {
      execFile(cmd as string, args, { timeout: 60_000, maxBuffer: 4 * 1024 * 1024, env }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr || (error && !stderr ? error.message : "")) });
      });
    });
  },
};

/** Inside `openclaw self-heal …` this is OpenClaw itself; else $OPENCLAW_BIN, else `openclaw` on PATH. */
export function openclawArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.OPENCLAW_BIN) return [env.OPENCLAW_BIN];
  const entry = process.argv[1];
  if (entry && /openclaw/i.test(basename(entry))) return [process.execPath, entry];
  return ["openclaw"];
}

interface VerbOptions {
  stateDir?: string;
  json?: boolean;
  by?: string;
}

function paramsFor(verb: OperatorVerb, arg: string | undefined, by: string | undefined): Record<string, string> {
  const p: Record<string, string> = { surface: "cli" };
  if (arg !== undefined) p[verb === "pause" || verb === "silence" ? "duration" : "target"] = arg;
  if (by) p.by = by;
  return p;
}

function firstJson(text: string): Record<string, unknown> | undefined {
  const start = text.search(/^\{/m);
  if (start < 0) return undefined;
  try {
    const v = JSON.parse(text.slice(start)) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Plain words from `openclaw gateway call`'s failure output (its last meaningful line). */
function gatewayError(r: CallResult): string {
  const lines = `${r.stderr}\n${r.stdout}`.split("\n").map((l) => l.trim()).filter((l) => l.length > 0 && !/^\s*at\s/.test(l));
  return lines.find((l) => /error|not|unknown|invalid|refused|denied|unauthorized|scope/i.test(l)) ?? lines[0] ?? `exit code ${r.code}`;
}

async function viaGateway(io: CliIo, verb: OperatorVerb, arg: string | undefined, opts: VerbOptions): Promise<number> {
  const params = paramsFor(verb, arg, opts.by ?? process.env.USER);
  const r = await gatewayCaller.run(["gateway", "call", `self-heal.${verb}`, "--params", JSON.stringify(params), "--json"]);
  const payload = firstJson(r.stdout);
  if (r.code === 0 && payload && payload.ok === true) {
    io.stdout.write(opts.json ? `${JSON.stringify(payload)}\n` : `${String(payload.text)}\n`);
    return 0;
  }
  const why = gatewayError(r);
  const unreachable = /ECONNREFUSED|not reachable|connect|ENOENT|closed/i.test(why) && !/self-heal/i.test(why);
  const hint = unreachable ? `\nNo running gateway answered. To act on a stopped gateway's state dir: self-heal ${verb}${arg ? ` ${arg}` : ""} --state-dir <dir>` : "";
  if (opts.json) io.stdout.write(`${JSON.stringify({ ok: false, error: why })}\n`);
  io.stderr.write(`self-heal ${verb}: ${why}${hint}\n`);
  return 1;
}

async function offline(io: CliIo, verb: OperatorVerb, arg: string | undefined, opts: VerbOptions & { stateDir: string }): Promise<number> {
  const stateDir = resolve(opts.stateDir);
  const { runOffline } = await import("./operator-offline.js");
  const r = runOffline(stateDir, verb, arg, opts.by ?? process.env.USER ?? "operator", Date.now());
  if (!r.ok) {
    if (opts.json) io.stdout.write(`${JSON.stringify({ ok: false, error: r.error })}\n`);
    io.stderr.write(`self-heal ${verb}: ${r.error}\n`);
    return r.code;
  }
  io.stdout.write(opts.json ? `${JSON.stringify({ ok: true, text: r.text, request: r.request, journal: join(stateDir, "journal") })}\n` : `${r.text}\n`);
  return 0;
}

export function registerOperator(program: Command, ctx: CommandContext): void {
  for (const verb of OPERATOR_VERBS) {
    const help = VERB_HELP[verb];
    const usage = help.split(/\s{2,}/)[0] ?? verb;
    const argSpec = usage.slice(verb.length).trim();
    const cmd = program.command(verb).description(help.slice(usage.length).trim());
    if (argSpec.length > 0) cmd.argument(argSpec.replace(/\|/g, " or "));
    cmd
      .option("--state-dir <dir>", "act offline on this state dir (only when no gateway holds its journal)")
      .option("--json", "print the result as JSON")
      .option("--by <name>", "who is asking (journaled; default $USER)")
      .action(async (...args: unknown[]) => {
        const arg = argSpec.length > 0 ? (args[0] as string | undefined) : undefined;
        const opts = (argSpec.length > 0 ? args[1] : args[0]) as VerbOptions;
        ctx.exitCode = opts.stateDir ? await offline(ctx.io, verb, arg, { ...opts, stateDir: opts.stateDir }) : await viaGateway(ctx.io, verb, arg, opts);
      });
  }
}
