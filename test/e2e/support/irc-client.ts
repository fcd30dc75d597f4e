// A real IRC user for tests (irc-framework): the owner or a stranger talking to the bot.
//
//   const owner = await connectIrcUser(irc, "owner");
//   owner.say("shbot", "/selfheal");
//   const reply = await owner.waitForMessage((m) => m.from === "shbot" && /self-heal/.test(m.text));
//   owner.close();
//
// Without an ident server ngircd gives every user the mask `<nick>!~<username>@127.0.0.1`
// (`ircMask(nick)`), the stable form OpenClaw's IRC allowFrom needs for commands.
// @ts-expect-error irc-framework ships no type declarations
import IRC from "irc-framework";

export interface IrcMessage {
  readonly from: string;
  /** A channel (`#room`) or our own nick for a direct message. */
  readonly to: string;
  readonly text: string;
  readonly at: number;
}

export interface IrcUser {
  readonly nick: string;
  readonly messages: IrcMessage[];
  say(target: string, text: string): void;
  join(channel: string): void;
  /** Resolves with the first message (already received or arriving) that matches; rejects after timeoutMs. */
  waitForMessage(match: (m: IrcMessage) => boolean, timeoutMs?: number): Promise<IrcMessage>;
  close(): void;
}

/** The mask ngircd gives a test user (no ident): what `channels.irc.allowFrom` must name. */
export function ircMask(nick: string): string {
  return `${nick}!~${nick}@127.0.0.1`;
}

export async function connectIrcUser(server: { host: string; port: number }, nick: string, opts: { timeoutMs?: number } = {}): Promise<IrcUser> {
  const client = new IRC.Client();
  const messages: IrcMessage[] = [];
  const waiters = new Set<{ match: (m: IrcMessage) => boolean; resolve: (m: IrcMessage) => void }>();
  client.on("privmsg", (e: { nick: string; target: string; message: string }) => {
    const m: IrcMessage = { from: e.nick, to: e.target, text: e.message, at: Date.now() };
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) (waiters.delete(w), w.resolve(m));
  });
  client.on("notice", (e: { nick: string; target: string; message: string }) => {
    if (!e.nick || e.nick.includes(".")) return; // server notices
    const m: IrcMessage = { from: e.nick, to: e.target, text: e.message, at: Date.now() };
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) (waiters.delete(w), w.resolve(m));
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IRC user ${nick} not registered on ${server.host}:${server.port} within ${opts.timeoutMs ?? 10_000} ms`)), opts.timeoutMs ?? 10_000);
    client.once("registered", () => {
      clearTimeout(timer);
      resolve();
    });
    client.connect({ host: server.host, port: server.port, nick, username: nick, gecos: nick, auto_reconnect: false, ping_interval: 0, ping_timeout: 0 });
  });
  return {
    nick,
    messages,
    say: (target, text) => client.say(target, text),
    join: (channel) => client.join(channel),
    waitForMessage(match, timeoutMs = 60_000) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (m: IrcMessage) => (clearTimeout(timer), resolve(m)) };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`IRC user ${nick}: no matching message within ${timeoutMs} ms; got: ${JSON.stringify(messages.slice(-5))}`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close: () => {
      try {
        client.quit("bye");
      } catch {
        /* already closed */
      }
      client.connection?.end?.();
    },
  };
}
