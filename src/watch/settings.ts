// `self-heal watch` options → WatchSettings, with defaults read from the environment and openclaw.json.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import JSON5 from "json5";
import type { RestartMethod, WatchSettings } from "./types.js";

/** The command-line options, as strings (commander hands them over unparsed). */
export interface WatchFlags {
  readonly stateDir?: string;
  readonly gatewayUrl?: string;
  readonly config?: string;
  readonly openclaw?: string;
  readonly restartCommand?: string;
  readonly dryRun?: boolean;
  readonly interval?: string;
  readonly checkTimeout?: string;
  readonly rpcTimeout?: string;
  readonly rpcEvery?: string;
  readonly heartbeatMaxAge?: string;
  readonly budget?: string;
  readonly budgetWindow?: string;
  readonly startupGrace?: string;
  readonly crashLoop?: string;
  readonly crashLoopWindow?: string;
  readonly restartTimeout?: string;
  readonly webhook?: string;
  readonly telegramChat?: string;
  readonly backupsKept?: string;
  readonly confirm?: string;
  /** `--once`: act on the first bad check unless --confirm says otherwise. */
  readonly once?: boolean;
}

export const WATCH_DEFAULTS = {
  intervalS: 15,
  checkTimeoutS: 5,
  rpcTimeoutS: 20,
  rpcEveryS: 300,
  heartbeatMaxAgeS: 300,
  budget: 3,
  budgetWindowS: 3600,
  startupGraceS: 90,
  crashLoop: 3,
  crashLoopWindowS: 600,
  restartTimeoutS: 120,
  backupsKept: 10,
  confirm: 2,
} as const;

export class FlagError extends Error {
  override readonly name = "FlagError";
}

/** A number flag: integer ≥ min, else a FlagError naming the flag. */
function num(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || !Number.isInteger(n)) throw new FlagError(`--${flag} must be a whole number of at least ${min} (got "${value}")`);
  return n;
}

export function openclawStateDir(env: NodeJS.ProcessEnv): string {
  return env.OPENCLAW_STATE_DIR || join(env.HOME || homedir(), ".openclaw");
}

export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  return env.OPENCLAW_CONFIG_PATH || join(openclawStateDir(env), "openclaw.json");
}

/** http://127.0.0.1:<port> from OPENCLAW_GATEWAY_PORT, else openclaw.json gateway.port, else 18789. */
export function defaultGatewayUrl(configPath: string, env: NodeJS.ProcessEnv): string {
  let port = Number(env.OPENCLAW_GATEWAY_PORT);
  if (!Number.isInteger(port) || port <= 0) {
    try {
      const cfg = JSON5.parse(readFileSync(configPath, "utf8")) as { gateway?: { port?: unknown } };
      port = typeof cfg.gateway?.port === "number" ? cfg.gateway.port : 18789;
    } catch {
      port = 18789;
    }
  }
  return `http://127.0.0.1:${port}`;
}

export interface ResolvedWatch {
  readonly settings: Omit<WatchSettings, "restart">;
  /** `--restart-command`, when given (else the method is detected). */
  readonly restartCommand?: string;
  readonly intervalMs: number;
  readonly rpcEveryMs: number;
}

export function resolveWatch(flags: WatchFlags, env: NodeJS.ProcessEnv): ResolvedWatch {
  const stateDir = resolve(flags.stateDir ?? join(openclawStateDir(env), "plugins", "self-heal"));
  const configPath = resolve(flags.config ?? defaultConfigPath(env));
  const gatewayUrl = flags.gatewayUrl ?? defaultGatewayUrl(configPath, env);
  try {
    const url = new URL(gatewayUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http");
  } catch {
    throw new FlagError(`--gateway-url must be an http:// or https:// URL (got "${gatewayUrl}")`);
  }
  if (flags.webhook !== undefined && !/^https?:\/\//.test(flags.webhook)) throw new FlagError(`--webhook must be an http:// or https:// URL (got "${flags.webhook}")`);
  const d = WATCH_DEFAULTS;
  const s = (flag: string, v: string | undefined, fallback: number, min = 1) => num(flag, v, fallback, min) * 1000;
  return {
    settings: {
      stateDir,
      gatewayUrl,
      configPath,
      openclaw: flags.openclaw ?? env.SELF_HEAL_OPENCLAW ?? "openclaw",
      dryRun: flags.dryRun === true,
      checkTimeoutMs: s("check-timeout", flags.checkTimeout, d.checkTimeoutS),
      rpcTimeoutMs: s("rpc-timeout", flags.rpcTimeout, d.rpcTimeoutS, 0),
      heartbeatMaxAgeMs: s("heartbeat-max-age", flags.heartbeatMaxAge, d.heartbeatMaxAgeS, 0),
      budgetMax: num("budget", flags.budget, d.budget, 1),
      budgetWindowMs: s("budget-window", flags.budgetWindow, d.budgetWindowS),
      startupGraceMs: s("startup-grace", flags.startupGrace, d.startupGraceS, 0),
      crashLoopCount: num("crash-loop", flags.crashLoop, d.crashLoop, 2),
      crashLoopWindowMs: s("crash-loop-window", flags.crashLoopWindow, d.crashLoopWindowS),
      restartTimeoutMs: s("restart-timeout", flags.restartTimeout, d.restartTimeoutS),
      backupsKept: num("backups-kept", flags.backupsKept, d.backupsKept, 1),
      confirm: num("confirm", flags.confirm, flags.once ? 1 : d.confirm, 1),
      ...(flags.webhook ? { webhookUrl: flags.webhook } : {}),
      ...(flags.telegramChat ? { telegramChat: flags.telegramChat } : {}),
    },
    ...(flags.restartCommand ? { restartCommand: flags.restartCommand } : {}),
    intervalMs: s("interval", flags.interval, d.intervalS),
    rpcEveryMs: s("rpc-every", flags.rpcEvery, d.rpcEveryS, 0),
  };
}

export function withRestart(settings: Omit<WatchSettings, "restart">, restart: RestartMethod): WatchSettings {
  return { ...settings, restart };
}
