// Spawns a support script as a separate Node process and collects its stdout lines as they arrive.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { SUPPORT } from "./dist.js";

export interface Child {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** Complete stdout lines so far. */
  readonly lines: string[];
  /** stderr so far (for failure messages). */
  stderr(): string;
  /** Resolves with the first line for which `match` is true (rejects when the child exits first or after timeoutMs). */
  waitFor(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited, with its code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
  /** Writes one line to the child's stdin (spawned with `{ stdin: true }`). */
  send(line: string): void;
}

export function spawnSupport(script: string, args: readonly string[], env: Record<string, string> = {}, opts: { stdin?: boolean } = {}): Child {
  const proc = spawn(process.execPath, [join(SUPPORT, script), ...args], {
    stdio: [opts.stdin === true ? "pipe" : "ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  const waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];
  let partial = "";
  let err = "";
  proc.stdout?.setEncoding("utf8");
  proc.stdout?.on("data", (chunk: string) => {
    partial += chunk;
    let nl = partial.indexOf("\n");
    while (nl >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
      nl = partial.indexOf("\n");
    }
  });
  proc.stderr?.setEncoding("utf8");
  proc.stderr?.on("data", (chunk: string) => {
    if (err.length < 20_000) err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // "close" fires after stdout is drained, so `lines` is complete.
    proc.on("close", (code, signal) => resolve({ code, signal }));
  });
  if (proc.pid === undefined) throw new Error(`could not spawn ${script}`);
  return {
    proc,
    pid: proc.pid,
    lines,
    stderr: () => err,
    exited,
    send(line: string) {
      proc.stdin?.write(`${line}\n`);
    },
    kill(signal = "SIGKILL") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
    waitFor(match, timeoutMs = 20_000) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script}: timed out waiting; stderr:\n${err}`)), timeoutMs);
        const waiter = {
          match,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        waiters.push(waiter);
        void exited.then(({ code, signal }) => {
          if (!waiters.includes(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`${script} exited (code ${code}, signal ${signal}) before the expected line; stderr:\n${err}`));
        });
      });
    },
  };
}
