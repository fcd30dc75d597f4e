// `self-heal status --state-dir DIR [--json]`: status.json when it is fresh, else the state rebuilt from the journal.
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { listDays } from "../../journal/index.js";
import type { StatusSnapshot } from "../../runtime/view.js";
import { statusText } from "../../adapter/status-text.js";
import type { CommandContext } from "../main.js";
import type { CliIo } from "../io.js";
import { defaultStateDir, rebuildFromJournal } from "./replay.js";

/** status.json younger than this is trusted even when the journal is newer (it is rewritten every 30 s by default). */
export const FRESH_MS = 90_000;

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** status.json, if it parses and is at least as new as the journal (or was written in the last FRESH_MS). */
export function freshStatusFile(stateDir: string, now: number = Date.now()): { status: StatusSnapshot; ageMs: number } | undefined {
  const file = join(stateDir, "status.json");
  const written = mtimeOf(file);
  if (written === undefined) return undefined;
  const journalDir = join(stateDir, "journal");
  const newestJournal = Math.max(0, ...listDays(journalDir).map((d) => mtimeOf(join(journalDir, `${d}.jsonl`)) ?? 0));
  if (now - written > FRESH_MS && written + 1_000 < newestJournal) return undefined;
  try {
    const status = JSON.parse(readFileSync(file, "utf8")) as StatusSnapshot;
    if (!status || typeof status !== "object" || typeof status.health !== "string" || !Array.isArray(status.models)) return undefined;
    return { status, ageMs: Math.max(0, now - written) };
  } catch {
    return undefined;
  }
}

export function runStatus(io: CliIo, opts: { stateDir?: string; json?: boolean }): number {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const fresh = freshStatusFile(stateDir);
  let status: StatusSnapshot;
  let source: string;
  if (fresh) {
    status = fresh.status;
    source = `status.json, written ${Math.round(fresh.ageMs / 1000)} s ago`;
  } else {
    const rebuilt = rebuildFromJournal(stateDir);
    if (!rebuilt) {
      io.stderr.write(`self-heal status: no status.json and no journal in ${stateDir} (is --state-dir right?)\n`);
      return 2;
    }
    status = rebuilt.status;
    source = `rebuilt from the journal (${rebuilt.records} records${rebuilt.asOf ? `, as of ${rebuilt.asOf}` : ""}; status.json missing or stale)`;
  }
  if (opts.json) io.stdout.write(`${JSON.stringify({ source: fresh ? "status.json" : "journal", ...status }, null, 2)}\n`);
  else io.stdout.write(`${statusText(status)}\n(${source})\n`);
  return 0;
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command("status")
    .description("Show the supervisor's status: status.json when fresh, else rebuilt from the journal")
    .option("--state-dir <dir>", "the plugin's state dir (default: <OpenClaw state dir>/plugins/self-heal)")
    .option("--json", "print the status snapshot as JSON")
    .action((opts: { stateDir?: string; json?: boolean }) => {
      ctx.exitCode = runStatus(ctx.io, opts);
    });
}
