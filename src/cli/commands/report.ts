// `self-heal report [daily|model|recovery|full] [--date D] [--model M] [--json] [--lang en|zh]`, `--html FILE`, `--rebuild`.
import { writeFileAtomic } from "../../projections/atomic-write.js";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { listDays } from "../../journal/index.js";
import { listStatsDays, rebuildStats, statsDirOf } from "../../projections/index.js";
import { collectReport, isReportType, pickLang, renderReportHtml, renderReportText, REPORT_TYPES, type ReportType } from "../../reports/index.js";
import type { CommandContext } from "../main.js";
import type { CliIo } from "../io.js";
import { defaultStateDir } from "./replay.js";

export interface ReportCliOptions {
  stateDir?: string;
  date?: string;
  model?: string;
  json?: boolean;
  lang?: string;
  html?: string;
  rebuild?: boolean;
}

/** The newest day with a journal or stats file not after today, else today (UTC). */
export function defaultReportDay(stateDir: string, now: number): string {
  const today = new Date(now).toISOString().slice(0, 10);
  const days = [...listDays(join(stateDir, "journal"), { to: today }), ...listStatsDays(statsDirOf(stateDir), { to: today })].sort();
  return days[days.length - 1] ?? today;
}

export function runReport(io: CliIo, typeArg: string | undefined, opts: ReportCliOptions, now: number = Date.now()): number {
  const stateDir = resolve(opts.stateDir ?? defaultStateDir());
  const type: ReportType | undefined = typeArg === undefined ? (opts.html ? "full" : "daily") : isReportType(typeArg) ? typeArg : undefined;
  if (!type) {
    io.stderr.write(`self-heal report: unknown report "${typeArg}" (one of: ${REPORT_TYPES.join(", ")})\n`);
    return 2;
  }
  if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) {
    io.stderr.write(`self-heal report: --date wants YYYY-MM-DD, got "${opts.date}"\n`);
    return 2;
  }
  if (type === "model" && !opts.model) {
    io.stderr.write("self-heal report model: which model? add --model <provider/model or name>\n");
    return 2;
  }
  const journalDir = join(stateDir, "journal");
  if (opts.rebuild) {
    const r = rebuildStats(journalDir, statsDirOf(stateDir));
    io.stderr.write(`self-heal report: rebuilt ${r.days} stats day file(s) from ${r.records} journal records\n`);
  }
  if (listDays(journalDir).length === 0 && listStatsDays(statsDirOf(stateDir)).length === 0) {
    io.stderr.write(`self-heal report: no journal and no stats in ${stateDir} (is --state-dir right?)\n`);
    return 2;
  }
  const date = opts.date ?? defaultReportDay(stateDir, now);
  const lang = pickLang(opts.lang, opts.model);
  const data = collectReport(stateDir, { type, date, lang, ...(opts.model ? { model: opts.model } : {}) });
  if (opts.html) {
    const html = renderReportHtml(data);
    // tmp + rename: mode 0600 also when an older report of another mode is overwritten.
    writeFileAtomic(opts.html, html);
    io.stdout.write(`${opts.html} (${Buffer.byteLength(html)} bytes, ${date})\n`);
    return 0;
  }
  io.stdout.write(opts.json ? `${JSON.stringify(data, null, 2)}\n` : renderReportText(data));
  return 0;
}

export function registerReport(program: Command, ctx: CommandContext): void {
  program
    .command("report")
    .description("Error and recovery reports from the stats store and the journal: daily, model, recovery, full; or a self-contained HTML incident report")
    .argument("[type]", `${REPORT_TYPES.join(" | ")} (default: daily)`)
    .option("--date <day>", "the UTC day, YYYY-MM-DD (default: the newest day in the journal)")
    .option("--model <model>", "the model of a model report (provider/model, or the bare name)")
    .option("--state-dir <dir>", "the plugin's state dir (default: <OpenClaw state dir>/plugins/self-heal)")
    .option("--json", "print the report's data as JSON")
    .option("--lang <lang>", "en or zh (default: zh when the model name is Chinese, else en)")
    .option("--html <file>", "write a self-contained HTML incident report (state timeline, actions, error rates) to FILE")
    .option("--rebuild", "rebuild <stateDir>/stats from the journal first")
    .action((type: string | undefined, opts: ReportCliOptions) => {
      ctx.exitCode = runReport(ctx.io, type, opts);
    });
}
