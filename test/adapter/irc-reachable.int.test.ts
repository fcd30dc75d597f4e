import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { serverGoneReading, serverRefuses } from "../../src/adapter/irc-reachable.js";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(): Promise<number> {
  const server = net.createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const port = await listen();
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

describe("whether a restart can help a recovering IRC channel", () => {
  it("says a server that accepts a connection does not refuse, and sends it nothing", async () => {
    let received = "";
    const server = net.createServer((socket) => socket.on("data", (d) => (received += d.toString())));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await serverRefuses({ host: "127.0.0.1", port })).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe("");
  });

  it("says a server that is gone (connection refused) refuses", async () => {
    expect(await serverRefuses({ host: "127.0.0.1", port: await closedPort() })).toBe(true);
  });

  it("says a relay that accepts and hangs up at once (its server behind it gone) refuses, and one that stays open does not", async () => {
    const hangsUp = await listen(); // the helper's server destroys every connection it accepts
    expect(await serverRefuses({ host: "127.0.0.1", port: hangsUp })).toBe(true);
    const silent = net.createServer(() => undefined); // accepts and waits, like an IRC server before NICK/USER
    servers.push(silent);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    expect(await serverRefuses({ host: "127.0.0.1", port: (silent.address() as net.AddressInfo).port })).toBe(false);
  });

  it("says a server that greets at once does not refuse", async () => {
    const greets = net.createServer((socket) => socket.write(":irc.example NOTICE * :*** Looking up your hostname\r\n"));
    servers.push(greets);
    await new Promise<void>((r) => greets.listen(0, "127.0.0.1", r));
    expect(await serverRefuses({ host: "127.0.0.1", port: (greets.address() as net.AddressInfo).port })).toBe(false);
  });

  it("says a host that cannot be resolved refuses, without throwing", async () => {
    expect(await serverRefuses({ host: "no-such-host.invalid", port: 6667 }, 2_000)).toBe(true);
  });

  it("marks the reading as OpenClaw's own reconnect and says in plain words why self-heal does not restart", () => {
    const r = serverGoneReading({ channel: "irc", connected: false, condition: "recovering", detail: "OpenClaw is reconnecting it (lifecycle recovering)" }, { host: "irc.example.org", port: 6697 });
    expect(r.hostRestarting).toBe(true);
    expect(r.connected).toBe(false);
    expect(r.detail).toBe("the IRC server irc.example.org:6697 does not accept connections; OpenClaw reconnects by itself once it does (a restart cannot help)");
  });
});
