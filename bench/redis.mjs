// A private redis-server for the benchmarks (Debian's /usr/bin/redis-server on a free loopback port, no persistence).
import { spawn } from "node:child_process";
import { createConnection, createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const ping = (port) =>
  new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port });
    s.on("connect", () => s.write("PING\r\n"));
    s.on("data", (d) => {
      s.end();
      resolve(String(d).startsWith("+PONG"));
    });
    s.on("error", () => resolve(false));
  });

export async function startRedis(bin = process.env.REDIS_SERVER ?? "/usr/bin/redis-server") {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "self-heal-bench-redis-"));
  const child = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server (${bin}) did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
