// The test IRC server (Debian's ngircd on a free loopback port) and the test IRC users.
import { afterAll, describe, expect, it } from "vitest";
import { startIrcServer, type IrcServer } from "./irc-server.js";
import { connectIrcUser, ircMask } from "./irc-client.js";

let irc: IrcServer | undefined;
afterAll(async () => {
  await irc?.stop();
});

describe("ngircd and IRC users for the e2e tier", () => {
  it("carries a direct message between two users, goes away when killed and comes back on the same port", async () => {
    irc = await startIrcServer();
    const a = await connectIrcUser(irc, "alice");
    const b = await connectIrcUser(irc, "bob");
    a.say("bob", "hello bob");
    expect(await b.waitForMessage((m) => m.from === "alice", 5_000)).toMatchObject({ from: "alice", to: "bob", text: "hello bob" });
    a.close();
    b.close();
    const port = irc.port;
    await irc.kill();
    expect(irc.running()).toBe(false);
    await expect(connectIrcUser(irc, "carol", { timeoutMs: 1_500 })).rejects.toThrow(/not registered/);
    await irc.start();
    expect(irc.port).toBe(port);
    const c = await connectIrcUser(irc, "carol");
    c.close();
  });

  it("names the mask OpenClaw's IRC allowFrom needs for a test user", () => {
    expect(ircMask("owner")).toBe("owner!~owner@127.0.0.1");
  });
});
