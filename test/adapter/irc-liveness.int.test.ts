// The IRC liveness check against a real ngircd: a quiet client keeps its nick online, a client behind a relay
// that went deaf is dropped by the server's ping timeout and the check finds its nick offline.
import { afterAll, describe, expect, it } from "vitest";
import { startIrcServer, type IrcServer } from "../e2e/support/irc-server.js";
import { connectIrcUser } from "../e2e/support/irc-client.js";
import { startTcpRelay, type TcpRelay } from "../e2e/support/tcp-relay.js";
import { nickOnline } from "../../src/adapter/irc-liveness.js";

let irc: IrcServer | undefined;
let relay: TcpRelay | undefined;
afterAll(async () => {
  await relay?.close();
  await irc?.stop();
});

const waitUntil = async (what: string, probe: () => Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
};

describe("IRC liveness check (ISON over a second connection)", () => {
  it("tells a quiet client (nick online) from a deaf one (dropped by the server's ping timeout)", async () => {
    irc = await startIrcServer({ pingTimeoutSeconds: 5 });
    relay = await startTcpRelay(irc);
    const quiet = await connectIrcUser(irc, "quiet");
    const bot = await connectIrcUser(relay, "bot");
    const server = { host: irc.host, port: irc.port, tls: false };
    expect(await nickOnline({ ...server, nick: "bot" })).toBe(true);
    expect(await nickOnline({ ...server, nick: "nobody" })).toBe(false);
    expect(relay.goDeaf()).toBe(1);
    // ngircd pings an idle client after 5 s and drops it 5 s later; the quiet one answers its pings.
    await waitUntil("the deaf client's nick to go offline", async () => (await nickOnline({ ...server, nick: "bot" })) === false, 25_000);
    expect(await nickOnline({ ...server, nick: "quiet" })).toBe(true);
    expect(await nickOnline({ ...server, nick: "QUIET" })).toBe(true);
    quiet.close();
    bot.close();
  });

  it("answers undefined (cannot tell), never throws, when no server listens", async () => {
    expect(await nickOnline({ host: "127.0.0.1", port: 1, tls: false, nick: "bot" }, 2_000)).toBeUndefined();
  });
});
