// Runs the gateway's own `openclaw` CLI (same node binary and entry script) with a timeout.

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type RunCommand = (argv: string[], options: { timeoutMs: number }) => Promise<CommandResult>;

/** argv prefix that launches the running OpenClaw (process.execPath + its entry script). */
export function openclawArgv(): string[] {
  const entry = process.argv[1];
  return entry ? [process.execPath, entry] : ["openclaw"];
}

/** Parses the JSON a CLI printed, tolerating log lines before it. */
export function parseCliJson(stdout: string): unknown {
  const trimmed = stdout.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    const start = trimmed.search(/^[[{]/m);
    if (start < 0) return undefined;
    try {
      return JSON.parse(trimmed.slice(start));
    } catch {
      return undefined;
    }
  }
}

export class OpenClawCli {
  constructor(private readonly run: RunCommand) {}

  async exec(args: string[], timeoutMs = 30_000): Promise<CommandResult> {
    return this.run([...openclawArgv(), ...args], { timeoutMs });
  }

  /** Runs a command and returns its JSON output; throws with stderr when it fails. */
  async json(args: string[], timeoutMs = 30_000): Promise<unknown> {
    const r = await this.exec(args, timeoutMs);
    const parsed = parseCliJson(r.stdout);
    if (r.code !== 0 && parsed === undefined) throw new Error(`openclaw ${args.slice(0, 3).join(" ")} failed (${r.code}): ${r.stderr.slice(0, 300)}`);
    return parsed;
  }
}
