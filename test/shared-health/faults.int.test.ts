import { afterEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { freePort, RedisServer, TcpFault } from "../helpers/redis-server.js";
import { startGateway, waitFor, linesMatching, type Gateway } from "./kit.js";

const gateways: Gateway[] = [];
const servers: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) g.stop();
  for (const s of servers.splice(0)) await s.stop();
});
const open = (name: string, redis: Record<string, unknown>) => {
  const g = startGateway(name, redis);
  gateways.push(g);
  return g;
};
const state = (g: Gateway) => g.runtime.shared()?.status().state;
const downLines = (g: Gateway) => linesMatching(g.logs, /shared health: .* unavailable/);
const upLines = (g: Gateway) => linesMatching(g.logs, /shared health: sharing/);

/** A 429 on `g` must still cool the model and route around it locally, at once. */
function expectLocalHealth(g: Gateway): void {
  g.fail("p/primary", { category: "rate_limit", retryAfterMs: 90_000 });
  g.runtime.supervisor.drain();
  expect(g.runtime.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
}

describe("Redis faults never reach the user", () => {
  it("starts with Redis down, goes on with local health, and shares once Redis comes up (the gateways converge)", async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const a = open("gw-a", { url });
    const b = open("gw-b", { url });
    await waitFor(() => state(a) === "local" && state(b) === "local", 5000, "both local");
    expectLocalHealth(a);
    expect(b.runtime.supervisor.isRoutedAround("p/primary")).toBe(false);
    await new Promise((r) => setTimeout(r, 1500)); // several reconnect attempts: still one line
    expect(downLines(a)).toHaveLength(1);
    const server = await RedisServer.startOn(port);
    servers.push(server);
    // a tells what it knows when it connects; b learns it: the two converge.
    await waitFor(() => b.runtime.supervisor.isRoutedAround("p/primary"), 8000, "b to learn a's cooldown");
    expect(upLines(a)).toHaveLength(1);
    expect(downLines(a)).toHaveLength(1);
  });

  it("keeps going when Redis is killed mid-run, and resumes sharing when it returns", async () => {
    const server = await RedisServer.start();
    servers.push(server);
    const a = open("gw-a", { url: server.url });
    const b = open("gw-b", { url: server.url });
    await waitFor(() => state(a) === "sharing" && state(b) === "sharing", 5000, "sharing");
    await server.kill();
    await waitFor(() => state(a) === "local" && state(b) === "local", 5000, "both local");
    expectLocalHealth(a);
    expect(b.runtime.supervisor.isRoutedAround("p/primary")).toBe(false);
    await server.restart(); // empty: nothing survived
    await waitFor(() => b.runtime.supervisor.isRoutedAround("p/primary"), 8000, "b to learn a's cooldown after the restart");
    for (const g of [a, b]) {
      expect(downLines(g)).toHaveLength(1);
      expect(linesMatching(g.logs, /sharing resumed/)).toHaveLength(1);
    }
  });

  it("treats a Redis that takes 1 s per command as unavailable, without slowing the hook path or hanging the stop", async () => {
    const server = await RedisServer.start();
    servers.push(server);
    const proxy = await TcpFault.start(server.port);
    servers.push(proxy);
    const a = open("gw-a", { url: proxy.url, commandTimeoutMs: 200 });
    await waitFor(() => state(a) === "sharing", 5000, "sharing");
    proxy.mode = "slow";
    proxy.delayMs = 1000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 100; i++) a.fail("r/third", { category: "server_error" });
    const observeUs = Number(process.hrtime.bigint() - t0) / 1000 / 100;
    expect(observeUs).toBeLessThan(5000); // nothing on observe() waits for Redis (the bench measures it finely)
    await waitFor(() => state(a) === "local", 5000, "a to give up on the slow Redis");
    expect(downLines(a)).toHaveLength(1);
    expect(downLines(a)[0]).toContain("timed out");
    expectLocalHealth(a);
    const s0 = Date.now();
    await a.runtime.shared()!.stop();
    expect(Date.now() - s0).toBeLessThan(3000);
  });

  it("ignores garbage and other versions' keys, says so once, and still learns the readable entries", async () => {
    const server = await RedisServer.start();
    servers.push(server);
    const c = new Redis(server.url);
    try {
      await c.set("self-heal:v1:health:q/backup", "%%garbage{");
      await c.hset("self-heal:v1:health:r/third", "until", "9999999999999");
      await c.set("self-heal:v2:health:p/primary", JSON.stringify({ v: 2, model: "p/primary", until: Date.now() + 60_000 }));
      const a = open("gw-a", { url: server.url });
      const b = open("gw-b", { url: server.url });
      await waitFor(() => state(a) === "sharing" && state(b) === "sharing", 5000, "sharing");
      await c.publish("self-heal:v1:events", "not json at all");
      await c.publish("self-heal:v1:events", JSON.stringify({ v: 1, kind: "entry", model: "p/primary", state: "cooldown", category: "nonsense", until: 1, gateway: "x", at: 1 }));
      await waitFor(() => linesMatching(b.logs, /ignoring .* unreadable/).length > 0, 3000, "the unreadable line");
      expect(b.runtime.supervisor.isRoutedAround("p/primary")).toBe(false);
      expect(b.runtime.supervisor.stateOf("model", "q/backup")).toBe("healthy");
      a.fail("p/primary", { category: "rate_limit", retryAfterMs: 60_000 });
      await waitFor(() => b.runtime.supervisor.isRoutedAround("p/primary"), 2000, "b learns the readable entry");
      // The other version's key is left alone.
      expect(await c.get("self-heal:v2:health:p/primary")).toContain('"v":2');
      await new Promise((r) => setTimeout(r, 1200));
      expect(linesMatching(b.logs, /ignoring .* unreadable/)).toHaveLength(1);
      expect(b.logs.filter((l) => l.startsWith("error"))).toEqual([]);
    } finally {
      c.disconnect();
    }
  });

  it("drops a connection whose replies are garbage and goes on locally", async () => {
    const server = await RedisServer.start();
    servers.push(server);
    const proxy = await TcpFault.start(server.port);
    servers.push(proxy);
    const a = open("gw-a", { url: proxy.url, commandTimeoutMs: 300 });
    await waitFor(() => state(a) === "sharing", 5000, "sharing");
    proxy.mode = "garbage";
    a.fail("r/third", { category: "server_error" });
    await waitFor(() => state(a) === "local", 5000, "a to go local");
    expectLocalHealth(a);
    proxy.mode = "pass";
    await waitFor(() => state(a) === "sharing", 8000, "sharing again");
    expect(linesMatching(a.logs, /sharing resumed/)).toHaveLength(1);
  });
});

describe("shared health settings that cannot work", () => {
  it("goes on with local health and says why when the TLS CA file cannot be read", async () => {
    const a = open("gw-a", { url: "rediss://127.0.0.1:1", tls: { enabled: true, caFile: "/nonexistent/ca.pem" } });
    await waitFor(() => state(a) === "local", 5000, "local");
    expect(downLines(a)).toHaveLength(1);
    expect(downLines(a)[0]).toMatch(/cannot set up the connection: .*ca\.pem/);
    expect(downLines(a)[0]).not.toContain("rediss://");
    expectLocalHealth(a);
  });
});
