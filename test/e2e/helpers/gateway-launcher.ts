// A test supervisor for a real gateway started by support/gateway.ts: it answers `POST /restart` (kill the current
// gateway's process group, wait for it to be gone, start `openclaw gateway run` again on the same port, root and env)
// so a watchdog can be given `restartCommand` as its --restart-command. With `restartOnExit` it is instead a plain
// systemd-style supervisor (Restart=always): it starts the gateway again whenever the process exits, and only then.
// Every process it starts is its own child, in a process group of its own; stop() ends them all.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Gateway } from "../support/gateway.js";

export interface Launcher {
  /** Shell command that asks this launcher to restart the gateway (exit 0 once the new process is spawned). */
  readonly restartCommand: string;
  /** The current gateway process id. */
  pid(): number;
  /** Gateways this launcher started (restarts). */
  starts(): number;
  /** Sends a signal to the current gateway process (SIGSTOP, SIGCONT, SIGKILL to its group with `group`). */
  signal(sig: NodeJS.Signals, group?: boolean): void;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes (other than the group we kill) whose environment names this gateway's root: its detached helpers. */
function helpersOf(root: string): number[] {
  const found: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/environ`, "utf8").includes(`OPENCLAW_STATE_DIR=${path.join(root, "state")}`)) found.push(Number(d));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

export async function startLauncher(gw: Gateway, opts: { restartOnExit?: boolean } = {}): Promise<Launcher> {
  let current = gw.pid;
  let child: ChildProcess | undefined;
  let starts = 0;
  let stopping = false;
  const logFile = path.join(gw.root, "logs", "gateway.stdout.log");

  const spawnGateway = () => {
    const out = fs.openSync(logFile, "a");
    const c = spawn(gw.runtime.node, [gw.runtime.openclawMjs, "gateway", "run", "--port", String(gw.port), "--verbose"], { env: gw.env, cwd: gw.root, stdio: ["ignore", out, out], detached: true });
    fs.closeSync(out);
    child = c;
    current = c.pid!;
    starts++;
    if (opts.restartOnExit) c.once("exit", () => void (!stopping && child === c && spawnGateway()));
  };

  const killCurrent = async () => {
    const pid = current;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
    for (let i = 0; i < 200 && alive(pid); i++) await sleep(50);
  };

  if (opts.restartOnExit) {
    // The harness's own child is not ours to watch: replace it at once by one that is.
    await killCurrent();
    spawnGateway();
  }

  const server = http.createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/restart") {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      await killCurrent();
      spawnGateway();
      res.writeHead(200, { "content-type": "text/plain" }).end(`started ${current}\n`);
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  const js = `fetch("http://127.0.0.1:${port}/restart",{method:"POST"}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`;

  return {
    restartCommand: `${JSON.stringify(process.execPath)} -e ${JSON.stringify(js).replace(/\$/g, "\\$")}`,
    pid: () => current,
    starts: () => starts,
    signal(sig, group = false) {
      try {
        process.kill(group ? -current : current, sig);
      } catch {
        // gone
      }
    },
    async stop() {
      stopping = true;
      server.close();
      await killCurrent();
      for (const pid of helpersOf(gw.root)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
    },
  };
}
