// `self-heal watch`: the watchdog outside the gateway (long-running, or `--once`), and `self-heal watch install`.
import type { Command } from "commander";
import { systemClock } from "../../domain/clock.js";
import {
  FlagError, Watchdog, WatchJournal, createWatchLogger, describeMethod, detectRestartMethod, isLogLevel, resolveWatch, runLoop, runShell, withRestart,
  type WatchFlags, type WatchResult,
} from "../../watch/index.js";
import type { CommandContext } from "../main.js";
import type { CliIo } from "../io.js";
import { registerWatchInstall } from "./watch-install.js";

interface WatchOpts extends WatchFlags {
  readonly once?: boolean;
  readonly json?: boolean;
  readonly logLevel?: string;
}

export function resultText(r: WatchResult): string {
  const lines = [`gateway: ${r.gateway}`, `action: ${r.action} (${r.outcome})`];
  if (r.why) lines.push(`why: ${r.why}`);
  lines.push("checks:");
  for (const c of r.checks) lines.push(`  ${c.ok ? "ok  " : "FAIL"} ${c.name.padEnd(9)} ${c.detail} (${c.ms} ms)`);
  return lines.join("\n");
}

export async function runWatch(io: CliIo, opts: WatchOpts, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<number> {
  const level = opts.logLevel ?? "info";
  if (!isLogLevel(level)) {
    io.stderr.write(`self-heal watch: --log-level must be one of fatal, error, warn, info, debug, trace, silent (got "${level}")\n`);
    return 2;
  }
  let resolved;
  try {
    resolved = resolveWatch(opts, env);
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    io.stderr.write(`self-heal watch: ${err.message}\n`);
    return 2;
  }
  const { settings: base } = resolved;
  const restart = await detectRestartMethod({ ...(resolved.restartCommand ? { command: resolved.restartCommand } : {}), openclaw: base.openclaw, env }, runShell);
  const settings = withRestart(base, restart);
  let logger;
  try {
    logger = await createWatchLogger({ stateDir: settings.stateDir, level, terminal: io.stderr as CliIo["stderr"] & { isTTY?: boolean } });
  } catch (err) {
    io.stderr.write(`self-heal watch: cannot write its log in ${settings.stateDir}/watch/log: ${(err as Error).message}\n`);
    return 2;
  }
  const log = logger.log;
  const clock = systemClock();
  const journal = new WatchJournal({ stateDir: settings.stateDir, clock, onError: (e) => log.error({ error: e.message }, "could not record in the outbox") });
  const watchdog = new Watchdog({ settings, run: runShell, env, now: () => clock.now(), log, journal });
  try {
    if (opts.once) {
      const result = await watchdog.tick(true);
      await watchdog.settled();
      io.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${resultText(result)}\n`);
      return result.gateway === "up" ? 0 : 1;
    }
    log.info({ gatewayUrl: settings.gatewayUrl, stateDir: settings.stateDir, restart: describeMethod(restart), dryRun: settings.dryRun, intervalMs: resolved.intervalMs }, "self-heal watch started");
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
    signal?.addEventListener("abort", onSignal, { once: true });
    try {
      await runLoop(watchdog, { intervalMs: resolved.intervalMs, rpcEveryMs: resolved.rpcEveryMs, now: () => clock.now(), signal: stop.signal, onError: (e) => log.error({ error: e.message }, "a watchdog tick failed") });
    } finally {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
    }
    log.info("self-heal watch stopped");
    return 0;
  } finally {
    await logger.close();
  }
}

export function registerWatch(program: Command, ctx: CommandContext): void {
  const watch = program
    .command("watch")
    .description("Watch the gateway from outside: restart it when it is dead, hung or crash-looping (within a budget), restore a broken openclaw.json, alert the owner")
    .option("--once", "check once, act (or say what it would do) and exit: 0 when the gateway is up, 1 when not")
    .option("--dry-run", "act on nothing; journal and print what it would have done")
    .option("--json", "with --once: print one JSON object {gateway, action, outcome, why?, checks}")
    .option("--gateway-url <url>", "the gateway's base URL (default http://127.0.0.1:<gateway.port from openclaw.json>)")
    .option("--state-dir <dir>", "the plugin's state dir (default: <OpenClaw state dir>/plugins/self-heal)")
    .option("--config <file>", "openclaw.json (default: $OPENCLAW_CONFIG_PATH or <OpenClaw state dir>/openclaw.json)")
    .option("--openclaw <command>", "how to run OpenClaw's CLI (default: $SELF_HEAL_OPENCLAW or openclaw)")
    .option("--restart-command <command>", "restart the gateway with this shell command instead of systemd, launchd or `openclaw gateway restart`")
    .option("--interval <seconds>", "seconds between checks (default 15)")
    .option("--check-timeout <seconds>", "a port or /readyz check with no answer within this is a failure: the hung case (default 5)")
    .option("--rpc-timeout <seconds>", "timeout of the RPC round trip (`openclaw gateway call health`); 0 turns it off (default 20)")
    .option("--rpc-every <seconds>", "run the RPC round trip at most this often (default 300)")
    .option("--heartbeat-max-age <seconds>", "a status.json older than this while the gateway answers counts as hung; 0 turns it off (default 300)")
    .option("--budget <n>", "restarts allowed per budget window before it gives up and alerts once (default 3)")
    .option("--budget-window <seconds>", "the budget's sliding window (default 3600)")
    .option("--startup-grace <seconds>", "after a restart, wait this long before judging the gateway again (default 90)")
    .option("--crash-loop <n>", "this many deaths within --crash-loop-window make a crash loop (default 3)")
    .option("--crash-loop-window <seconds>", "(default 600)")
    .option("--restart-timeout <seconds>", "the restart command's time limit (default 120)")
    .option("--webhook <url>", "POST alerts as JSON here (default: alerts.webhookUrl of the plugin config)")
    .option("--telegram-chat <id>", "send alerts to this Telegram chat with the bot token in openclaw.json (default: alerts.target when alerts.channel is telegram)")
    .option("--confirm <n>", "act only after this many checks in a row saw the gateway not up (default 2; 1 with --once)")
    .option("--backups-kept <n>", "openclaw.json backups kept in <state dir>/backups (default 10)")
    .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent (default info)")
    .action(async (opts: WatchOpts) => {
      ctx.exitCode = await runWatch(ctx.io, opts);
    });
  registerWatchInstall(watch, ctx);
}
