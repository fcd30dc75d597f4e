// `self-heal watch install`: writes a systemd user unit for the watchdog and prints a launchd agent for macOS.
import { realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { defaultConfigPath, launchdPlist, logDir, openclawStateDir, systemdUnit, systemdUserDir, WATCH_UNIT, writeSystemdUnit } from "../../watch/index.js";
import type { CommandContext } from "../main.js";
import type { CliIo } from "../io.js";

interface InstallOpts {
  readonly stateDir?: string;
  readonly unitDir?: string;
  readonly print?: boolean;
  readonly args?: string;
}

/** The watchdog's argv: this node and this CLI's own bin.js, so the unit runs exactly this install. */
function selfArgv(extra: readonly string[]): string[] {
  const bin = process.argv[1] ? realpathSync(process.argv[1]) : "self-heal";
  return [process.execPath, bin, "watch", ...extra];
}

export function runWatchInstall(io: CliIo, opts: InstallOpts, env: NodeJS.ProcessEnv = process.env): number {
  const stateDir = resolve(opts.stateDir ?? join(openclawStateDir(env), "plugins", "self-heal"));
  const extra = ["--state-dir", stateDir, ...(opts.args ? opts.args.split(/\s+/).filter(Boolean) : [])];
  const keep = ["OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_PROFILE", "OPENCLAW_SYSTEMD_UNIT", "OPENCLAW_LAUNCHD_LABEL", "SELF_HEAL_OPENCLAW"];
  const spec = {
    argv: selfArgv(extra),
    env: {
      PATH: env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      OPENCLAW_CONFIG_PATH: defaultConfigPath(env),
      ...Object.fromEntries(keep.filter((k) => env[k]).map((k) => [k, env[k] as string])),
    },
  };
  const unit = systemdUnit(spec);
  if (opts.print) {
    io.stdout.write(unit);
  } else {
    const file = writeSystemdUnit(resolve(opts.unitDir ?? systemdUserDir(env)), unit);
    io.stdout.write(
      [
        `Wrote ${file}. Start it with:`,
        "  systemctl --user daemon-reload",
        `  systemctl --user enable --now ${WATCH_UNIT}`,
        "(`loginctl enable-linger $USER` keeps user services running while you are logged out.)",
        "",
      ].join("\n"),
    );
  }
  io.stdout.write(
    [
      "",
      "On macOS, save this as ~/Library/LaunchAgents/ai.openclaw.self-heal-watch.plist and run",
      "`launchctl bootstrap gui/$(id -u) ~/Library/LaunchAgents/ai.openclaw.self-heal-watch.plist`:",
      "",
      launchdPlist(spec, logDir(stateDir)),
    ].join("\n"),
  );
  return 0;
}

export function registerWatchInstall(watch: Command, ctx: CommandContext): void {
  watch
    .command("install")
    .description("Write a systemd user unit that runs `self-heal watch` (and print a launchd agent for macOS)")
    .option("--state-dir <dir>", "the plugin's state dir (default: <OpenClaw state dir>/plugins/self-heal)")
    .option("--unit-dir <dir>", "where to write the unit (default: ~/.config/systemd/user)")
    .option("--args <flags>", 'extra `self-heal watch` flags for the service, e.g. "--webhook https://… --budget 3"')
    .option("--print", "print the unit instead of writing it")
    .action((_opts: InstallOpts, cmd: Command) => {
      // `--state-dir` is also an option of `watch` itself, which commander may hand to the parent.
      ctx.exitCode = runWatchInstall(ctx.io, cmd.optsWithGlobals<InstallOpts>());
    });
}
