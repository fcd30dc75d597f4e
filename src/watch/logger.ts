// The watchdog's own log (pino): JSON lines in `<stateDir>/watch/log/` rotated by pino-roll, and readable lines on a
// terminal. Inside the gateway the plugin keeps OpenClaw's logger; this long-running process is where pino belongs.
import { join } from "node:path";
import pino, { type Logger } from "pino";
import build from "pino-roll";
import { watchDir } from "./watch-state.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

const LABELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };
const OMIT = new Set(["level", "time", "msg", "pid", "hostname"]);

/** One pino JSON line as `12:00:01.234 WARN  message key=value …` (what a person reads on a terminal). */
export function formatLine(line: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const time = typeof rec.time === "number" ? new Date(rec.time).toISOString().slice(11, 23) : "--:--:--.---";
  const label = LABELS[rec.level as number] ?? String(rec.level);
  const extras = Object.entries(rec)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)}`);
  return `${time} ${label} ${String(rec.msg ?? "")}${extras.length ? ` ${extras.join(" ")}` : ""}\n`;
}

export interface WatchLoggerOptions {
  readonly stateDir: string;
  readonly level: LogLevel;
  /** Readable lines go here when it is a terminal (default: process.stderr). */
  readonly terminal?: { isTTY?: boolean; write(text: string): unknown };
  /** Rotate at this size (pino-roll syntax). Default "10m". */
  readonly size?: string;
  /** Rotated files kept besides the current one. Default 5. */
  readonly keep?: number;
}

export interface WatchLogger {
  readonly log: Logger;
  /** The directory of the rotated files. */
  readonly dir: string;
  close(): Promise<void>;
}

export function logDir(stateDir: string): string {
  return join(watchDir(stateDir), "log");
}

export async function createWatchLogger(opts: WatchLoggerOptions): Promise<WatchLogger> {
  const dir = logDir(opts.stateDir);
  const file = await build({ file: join(dir, "watch"), extension: ".log", size: opts.size ?? "10m", mkdir: true, limit: { count: opts.keep ?? 5 } });
  const streams: pino.StreamEntry[] = [{ stream: file, level: "trace" }];
  const terminal = opts.terminal ?? process.stderr;
  if (terminal.isTTY) streams.push({ stream: { write: (line: string) => terminal.write(formatLine(line)) }, level: "trace" });
  const log = pino({ level: opts.level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.epochTime }, pino.multistream(streams));
  return {
    log,
    dir,
    close: () =>
      new Promise<void>((resolve) => {
        try {
          file.flushSync();
        } catch {
          // nothing buffered, or the file is gone
        }
        file.once("close", () => resolve());
        file.end();
        setTimeout(resolve, 500).unref();
      }),
  };
}
