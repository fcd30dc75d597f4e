// `self-heal watch install`: a systemd user unit (written) and a launchd agent (printed), running `self-heal watch`.
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const WATCH_UNIT = "openclaw-self-heal-watch.service";
export const WATCH_LAUNCHD_LABEL = "ai.openclaw.self-heal-watch";

export interface InstallSpec {
  /** argv that runs the watchdog, e.g. [node, /path/to/bin.js, "watch", "--state-dir", …]. */
  readonly argv: readonly string[];
  /** Environment the watchdog needs (OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH, PATH, …). */
  readonly env: Readonly<Record<string, string>>;
}

/** systemd quoting: each word in double quotes with `\` and `"` escaped, `%` doubled, `$` doubled. */
function systemdWord(word: string): string {
  return `"${word.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%/g, "%%").replace(/\$/g, "$$$$")}"`;
}

export function systemdUnit(spec: InstallSpec): string {
  const env = Object.entries(spec.env).map(([k, v]) => `Environment=${systemdWord(`${k}=${v}`)}`);
  return [
    "[Unit]",
    "Description=self-heal watch: restarts the OpenClaw gateway when it is dead, hung or crash-looping",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${spec.argv.map(systemdWord).join(" ")}`,
    ...env,
    // The watchdog must outlive the gateway it restarts, and come back if it dies itself.
    "Restart=always",
    "RestartSec=5",
    "",
    "[Install]",
    "WantedBy=default.target",
    "",
  ].join("\n");
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function launchdPlist(spec: InstallSpec, logDir: string): string {
  const args = spec.argv.map((a) => `    <string>${xml(a)}</string>`);
  const env = Object.entries(spec.env).flatMap(([k, v]) => [`    <key>${xml(k)}</key>`, `    <string>${xml(v)}</string>`]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "  <key>Label</key>",
    `  <string>${WATCH_LAUNCHD_LABEL}</string>`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...args,
    "  </array>",
    "  <key>EnvironmentVariables</key>",
    "  <dict>",
    ...env,
    "  </dict>",
    "  <key>RunAtLoad</key>",
    "  <true/>",
    "  <key>KeepAlive</key>",
    "  <true/>",
    "  <key>StandardErrorPath</key>",
    `  <string>${xml(join(logDir, "launchd.err.log"))}</string>`,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}

/** `$XDG_CONFIG_HOME/systemd/user` (default ~/.config/systemd/user). */
export function systemdUserDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "systemd", "user");
}

/** Writes the unit file; returns its path. */
export function writeSystemdUnit(dir: string, unit: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, WATCH_UNIT);
  writeFileSync(file, unit, { mode: 0o644 });
  return file;
}
