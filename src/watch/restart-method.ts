// How the gateway is run decides how it is restarted: a systemd user unit, a launchd agent, or OpenClaw's own CLI.
import { platform } from "node:os";
import type { RunShell, ShellResult } from "./shell.js";
import { shellQuote } from "./shell.js";
import type { RestartMethod } from "./types.js";

/** OpenClaw's service names (docs: gateway/restart-and-supervision; OPENCLAW_SYSTEMD_UNIT / OPENCLAW_LAUNCHD_LABEL override). */
export const DEFAULT_SYSTEMD_UNIT = "openclaw-gateway.service";
export const DEFAULT_LAUNCHD_LABEL = "ai.openclaw.gateway";

/**
 * `--restart-command` wins; else a systemd user unit that exists (Linux), a loaded launchd agent (macOS),
 * else `openclaw gateway restart` (which itself uses the installed service, or the running gateway's RPC).
 */
export async function detectRestartMethod(
  opts: { command?: string; openclaw: string; env: NodeJS.ProcessEnv },
  run: RunShell,
  os: string = platform(),
): Promise<RestartMethod> {
  if (opts.command) return { kind: "command", command: opts.command };
  if (os === "linux") {
    const unit = opts.env.OPENCLAW_SYSTEMD_UNIT || DEFAULT_SYSTEMD_UNIT;
    const r = await run(`systemctl --user cat ${shellQuote(unit)}`, { timeoutMs: 5_000, env: opts.env });
    if (r.code === 0) return { kind: "systemd", unit };
  }
  if (os === "darwin") {
    const label = opts.env.OPENCLAW_LAUNCHD_LABEL || DEFAULT_LAUNCHD_LABEL;
    const r = await run(`launchctl print gui/$(id -u)/${shellQuote(label)}`, { timeoutMs: 5_000, env: opts.env });
    if (r.code === 0) return { kind: "launchd", label };
  }
  return { kind: "openclaw", openclaw: opts.openclaw };
}

/** The shell command that restarts the gateway (or starts it when it is down). */
export function restartCommand(method: RestartMethod, gatewayDown: boolean): string {
  switch (method.kind) {
    case "command":
      return method.command;
    case "systemd":
      return `systemctl --user restart ${shellQuote(method.unit)}`;
    case "launchd":
      // -k kills a running (or hung) instance first.
      return `launchctl kickstart -k gui/$(id -u)/${shellQuote(method.label)}`;
    case "openclaw":
      // A dead gateway has no RPC to ask for a restart: start the installed service instead.
      return gatewayDown ? `${method.openclaw} gateway start` : `${method.openclaw} gateway restart --force`;
  }
}

export function describeMethod(method: RestartMethod): string {
  switch (method.kind) {
    case "command":
      return `the restart command \`${method.command}\``;
    case "systemd":
      return `systemd user unit ${method.unit}`;
    case "launchd":
      return `launchd agent ${method.label}`;
    case "openclaw":
      return "`openclaw gateway restart` / `openclaw gateway start`";
  }
}

export async function runRestart(method: RestartMethod, gatewayDown: boolean, run: RunShell, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<ShellResult & { command: string }> {
  const command = restartCommand(method, gatewayDown);
  return { ...(await run(command, { timeoutMs, env })), command };
}
