// A real Redis for tests: Debian's /usr/bin/redis-server on a free loopback port, its own dir, no persistence.
// Never the system service; stop() ends only the process this helper started. `restart()` brings it back on the same
// port (to test "Redis went away and came back"). A TcpFault proxy in front of it makes it slow or garbled.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and returns the first reply line (no client library: the helper checks the server). */
export function rawCommand(port: number, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let data = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${port}: no answer to ${command}`));
    }, timeoutMs);
    socket.on("connect", () => socket.write(`${command}\r\n`));
    socket.on("data", (chunk) => {
      data += chunk.toString("utf8");
      if (data.includes("\r\n")) {
        clearTimeout(timer);
        socket.end();
        resolve(data.split("\r\n")[0] ?? "");
      }
    });
    socket.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export class RedisServer {
  private child: ChildProcess | undefined;
  private output = "";
  private constructor(readonly port: number, readonly dir: string, private readonly password?: string) {}

  /** Starts a server on a given (free) port. */
  static async startOn(port: number, opts: { password?: string } = {}): Promise<RedisServer> {
    const server = new RedisServer(port, mkdtempSync(join(tmpdir(), "self-heal-redis-")), opts.password);
    await server.spawn();
    return server;
  }

  /** Starts a fresh server; `password` sets requirepass. */
  static async start(opts: { password?: string } = {}): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), "self-heal-redis-")), opts.password);
    await server.spawn();
    return server;
  }

  get url(): string {
    return this.password ? `redis://:${this.password}@127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async spawn(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.dir, "--daemonize", "no"];
    if (this.password) args.push("--requirepass", this.password);
    const child = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout?.on("data", (c) => (this.output = (this.output + String(c)).slice(-4000)));
    child.stderr?.on("data", (c) => (this.output = (this.output + String(c)).slice(-4000)));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (!this.running) throw new Error(`redis-server exited at start:\n${this.output}`);
      try {
        const auth = this.password ? `AUTH ${this.password}` : "PING";
        const reply = await rawCommand(this.port, auth, 500);
        if (reply === "+PONG" || reply === "+OK") return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${this.port}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Kills the server (SIGKILL: it goes away mid-run, as a crash would). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  /** Brings a killed server back on the same port, empty. */
  async restart(): Promise<void> {
    await this.kill();
    await this.spawn();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A loopback proxy in front of Redis: "pass", "slow" (each chunk from Redis delayed), or "garbage" (replies replaced). */
export class TcpFault {
  mode: "pass" | "slow" | "garbage" = "pass";
  delayMs = 1000;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetPort: number): Promise<TcpFault> {
    let self: TcpFault | undefined;
    const server = createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port: targetPort });
      self?.sockets.add(client);
      self?.sockets.add(upstream);
      client.on("data", (chunk) => upstream.write(chunk));
      upstream.on("data", (chunk) => {
        const mode = self?.mode ?? "pass";
        if (mode === "garbage") client.write("%%% not redis %%%\r\n\x00\xff");
        else if (mode === "slow") setTimeout(() => client.writable && client.write(chunk), self?.delayMs ?? 1000);
        else client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", close);
      upstream.on("error", close);
      client.on("close", close);
      upstream.on("close", close);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    self = new TcpFault(server, port);
    return self;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
