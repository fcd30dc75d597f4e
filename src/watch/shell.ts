// Runs a shell command with a timeout; on timeout its whole process group is ended.
import { spawn } from "node:child_process";

export interface ShellResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

export interface ShellOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Keep at most this many characters of each stream. Default 64 KiB. */
  readonly maxChars?: number;
}

export type RunShell = (command: string, options: ShellOptions) => Promise<ShellResult>;

/** `/bin/sh -c command`, in a process group of its own (so a timeout can end what it started). */
export const runShell: RunShell = (command, options) =>
  new Promise((resolve) => {
    const t0 = Date.now();
    const max = options.maxChars ?? 65_536;
    const child = spawn("/bin/sh", ["-c", command], {
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      if (stdout.length < max) stdout += d.slice(0, max - stdout.length);
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      if (stderr.length < max) stderr += d.slice(0, max - stderr.length);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    const done = (code: number | null, extra = "") => {
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, stdout, stderr: stderr + extra, timedOut, ms: Date.now() - t0 });
    };
    child.on("error", (err) => done(null, String(err)));
    // `close` waits for the pipes; a restart command may leave a daemon holding them, so `exit` decides.
    child.on("exit", (code) => setTimeout(() => done(code), 50));
  });

/** Quotes one word for /bin/sh. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
