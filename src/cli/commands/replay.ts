// `self-heal replay --state-dir DIR [--json]`: rebuilds the supervisor's state from the journal alone and reports it.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { ManualClock } from "../../domain/clock.js";
import { seededRandom } from "../../domain/random.js";
import { defaultConfig } from "../../config/parse-config.js";
import { Executor, MemoryJournal } from "../../effects/index.js";
import type { Host } from "../../host/host.js";
import { listDays, readJournal } from "../../journal/index.js";
import { SupervisorBus } from "../../runtime/bus.js";
import { Supervisor } from "../../runtime/supervisor.js";
import { replayInto, type ReplayStats } from "../../runtime/replay.js";
import { statusOf, type StatusSnapshot } from "../../runtime/view.js";
import type { JournalRecord } from "../../journal/envelope.js";
import { statusText } from "../../adapter/status-text.js";
import type { CommandContext } from "../main.js";
import type { CliIo } from "../io.js";

/** `<OpenClaw state dir>/plugins/self-heal` (OPENCLAW_STATE_DIR, else ~/.openclaw). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.OPENCLAW_STATE_DIR ?? join(homedir(), ".openclaw"), "plugins", "self-heal");
}

export interface Rebuilt {
  readonly journalDir: string;
  readonly files: string[];
  readonly records: number;
  readonly maxSeq: number;
  readonly tornTail: number;
  readonly nonMonotonic: number;
  readonly corrupt: number;
  readonly replay: ReplayStats;
  /** Time of the newest record (the rebuilt status is as of then), ISO. */
  readonly asOf: string | null;
  readonly status: StatusSnapshot;
}

/** A Host that must never be called: replay runs no effect. */
const INERT_HOST: Host = new Proxy({} as Host, {
  get: () => () => Promise.reject(new Error("replay runs no effect")),
});

/** Replays `<stateDir>/journal` into a fresh supervisor; undefined when there is no journal. Never writes anything. */
export function rebuildFromJournal(stateDir: string): Rebuilt | undefined {
  const journalDir = join(stateDir, "journal");
  if (listDays(journalDir).length === 0) return undefined;
  const clock = new ManualClock(0);
  const config = { ...defaultConfig(), dryRun: true };
  const journal = new MemoryJournal(() => clock.now());
  const bus = new SupervisorBus();
  const rehearsal = existsSync(join(stateDir, "rehearsal.json"));
  const executor = new Executor({ host: INERT_HOST, journal, clock, bus, config: () => config, mode: () => (rehearsal ? "rehearsal" : "dry_run") });
  const supervisor = new Supervisor({ config, topology: { agents: [], channels: [], cron: [] }, clock, random: seededRandom(1), journal, executor, bus, inline: true });
  let newest: number | undefined;
  const reader = readJournal(journalDir);
  const tracked: Iterable<JournalRecord> = {
    *[Symbol.iterator]() {
      for (const record of reader) {
        const ts = Date.parse(record.ts);
        if (Number.isFinite(ts) && (newest === undefined || ts > newest)) newest = ts;
        yield record as JournalRecord;
      }
    },
  };
  const replay = replayInto(supervisor, tracked);
  const result = reader.result;
  const status = statusOf(supervisor, newest ?? 0);
  supervisor.stop();
  return {
    journalDir, files: result.files, records: result.records, maxSeq: result.maxSeq, tornTail: result.tornTail, corrupt: result.corrupt,
    nonMonotonic: result.nonMonotonic, replay, asOf: newest === undefined ? null : new Date(newest).toISOString(), status,
  };
}

export function runReplay(io: CliIo, opts: { stateDir?: string; json?: boolean }): number {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const rebuilt = rebuildFromJournal(stateDir);
  if (!rebuilt) {
    io.stderr.write(`self-heal replay: no journal in ${join(stateDir, "journal")} (expected YYYY-MM-DD.jsonl files; is --state-dir right?)\n`);
    return 2;
  }
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(rebuilt, null, 2)}\n`);
    return 0;
  }
  const r = rebuilt;
  const lines = [
    `journal: ${r.journalDir}`,
    `files: ${r.files.length} (${r.files.length > 3 ? `${r.files[0]} … ${r.files[r.files.length - 1]}` : r.files.join(", ")})`,
    `records: ${r.records} (max seq ${r.maxSeq})`,
    `skipped lines: ${r.tornTail} torn, ${r.corrupt} corrupt${r.tornTail + r.corrupt > 0 ? " (skipped and counted; replay went on)" : ""}`,
    ...(r.nonMonotonic > 0 ? [`warning: ${r.nonMonotonic} record(s) have a seq not above the one before them in the same file (a damaged or edited journal); they were replayed in file order`] : []),
    `replayed: ${r.replay.checkpoints} checkpoints, ${r.replay.observations} observations, ${r.replay.actions} action outcomes, ${r.replay.skipped} unusable`,
    "",
    `rebuilt status${r.asOf ? ` as of ${r.asOf}` : ""}:`,
    statusText(r.status),
  ];
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command("replay")
    .description("Rebuild the supervisor's state from the journal alone: files, records, torn/corrupt lines skipped, and the rebuilt status")
    .option("--state-dir <dir>", "the plugin's state dir (default: <OpenClaw state dir>/plugins/self-heal)")
    .option("--json", "print one JSON object")
    .action((opts: { stateDir?: string; json?: boolean }) => {
      ctx.exitCode = runReplay(ctx.io, opts);
    });
}
