// A real IRC server for tests: Debian's ngircd in the foreground on 127.0.0.1 and a free port.
//
//   const irc = await startIrcServer();
//   irc.port;               // 127.0.0.1:<port>, plain text
//   await irc.kill();       // the server is gone (SIGKILL): clients see their connection drop
//   await irc.start();      // back on the same port
//   await irc.stop();       // always, in afterAll
//
// Each instance has its own config and runs in its own process group; nothing here touches the
// system's ngircd service. NICKLEN is 9 on ngircd: keep nicks short.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./gateway.js";

export const NGIRCD = process.env.NGIRCD_BIN ?? "/usr/sbin/ngircd";

export interface IrcServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** Starts the server (again) on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: the server vanishes without saying goodbye. */
  kill(): Promise<void>;
  /** True while the server process runs. */
  running(): boolean;
  /** Ends the server and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

function config(dir: string, port: number, pingTimeoutSeconds: number): string {
  return [
    "[Global]",
    "Name = irc.test",
    "Info = self-heal test server",
    `Listen = 127.0.0.1`,
    `Ports = ${port}`,
    `PidFile = ${path.join(dir, "ngircd.pid")}`,
    `MotdPhrase = self-heal test`,
    "[Limits]",
    "MaxConnectionsIP = 0",
    `PingTimeout = ${pingTimeoutSeconds}`,
    `PongTimeout = ${Math.min(20, Math.max(5, pingTimeoutSeconds))}`,
    "ConnectRetry = 60",
    "[Options]",
    "Ident = no",
    "PAM = no",
    "DNS = no",
    "",
  ].join("\n");
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `pingTimeoutSeconds` (default 120, ngircd's own): idle seconds before the server PINGs a client; a client that does
 * not answer within the pong timeout (at least 5 s, ngircd's minimum) is dropped ("Ping timeout").
 */
export async function startIrcServer(opts: { port?: number; pingTimeoutSeconds?: number } = {}): Promise<IrcServer> {
  if (!fs.existsSync(NGIRCD)) throw new Error(`ngircd not found at ${NGIRCD}: install it with \`apt-get install -y ngircd\` (Debian)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ngircd-"));
  const port = opts.port ?? (await freePort());
  const confPath = path.join(dir, "ngircd.conf");
  fs.writeFileSync(confPath, config(dir, port, opts.pingTimeoutSeconds ?? 120));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = "";

  const start = async () => {
    if (child) return;
    const c = spawn(NGIRCD, ["--nodaemon", "--config", confPath], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    child = c;
    c.stdout!.setEncoding("utf8").on("data", (d: string) => (log = (log + d).slice(-8000)));
    c.stderr!.setEncoding("utf8").on("data", (d: string) => (log = (log + d).slice(-8000)));
    exited = new Promise((resolve) => c.once("exit", () => {
      if (child === c) child = undefined;
      resolve();
    }));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (!child) throw new Error(`ngircd exited at start:\n${log}`);
      if (Date.now() > deadline) throw new Error(`ngircd not accepting on 127.0.0.1:${port} within 10 s:\n${log}`);
      await sleep(50);
    }
  };
  const kill = async () => {
    const c = child;
    if (!c) return;
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
    await exited;
  };
  let stopped = false;
  process.once("exit", () => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  });
  await start();
  return {
    host: "127.0.0.1",
    port,
    start,
    kill,
    running: () => child !== undefined,
    async stop() {
      if (stopped) return;
      stopped = true;
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
