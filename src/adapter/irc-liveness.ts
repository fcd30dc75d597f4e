// Opt-in liveness check for IRC (`channels.livenessCheck`): is the bot's nick still online on its server?
//
// OpenClaw's IRC channel (@openclaw/irc 2026.9.5) exposes nothing that tells a dead link from a quiet one: it answers
// the server's PINGs without recording them, never pings the server itself, sets no TCP keepalive, and stamps only
// `lastInboundAt`/`lastOutboundAt` for chat messages (no transport time). A link that stays open but silent (a stale
// NAT entry, a half-open TCP connection) therefore reads `lifecycle: "ready"` for ever. The IRC server does notice:
// it PINGs every idle client and drops one that does not answer (ngircd: "Ping timeout" after 120 + 20 s by default).
// So a second, short connection asks the server `ISON <nick>`: a ready account whose nick the server no longer has
// online is connected but deaf. A quiet channel keeps its nick online (the bot answers the server's PINGs), so it is
// never called deaf. The probe registers under a throwaway nick, asks, and quits; it sends nothing to anyone.
import net from "node:net";
import tls from "node:tls";
import type { ChannelReading } from "./channel-status.js";

export interface IrcEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly nick: string;
  /** The server password (`channels.irc.password`), when one is configured in plain text. */
  readonly password?: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : undefined);

/** The default account's server and nick from an OpenClaw config (`channels.irc`, `accounts.default` wins). */
export function ircEndpoint(openclawConfig: unknown): IrcEndpoint | undefined {
  const irc = rec(rec(rec(openclawConfig)?.channels)?.irc);
  if (!irc || irc.enabled === false) return undefined;
  const account = rec(rec(irc.accounts)?.default) ?? {};
  const pick = (k: string): unknown => account[k] ?? irc[k];
  const host = pick("host");
  const nick = pick("nick");
  if (typeof host !== "string" || !host.trim() || typeof nick !== "string" || !nick.trim()) return undefined;
  const useTls = pick("tls") !== false;
  const port = typeof pick("port") === "number" ? (pick("port") as number) : useTls ? 6697 : 6667;
  const password = pick("password");
  return { host: host.trim(), port, tls: useTls, nick: nick.trim(), ...(typeof password === "string" && password ? { password } : {}) };
}

/** The nicks of an `ISON` reply line (numeric 303), or undefined when the line is not one. */
export function isonReply(line: string): string[] | undefined {
  const m = /^(?::\S+ )?303 \S+ :?(.*)$/.exec(line.trim());
  return m ? m[1]!.split(/\s+/).filter(Boolean) : undefined;
}

/** True/false: the server has / has not `nick` online; undefined when the check could not run (never throws). */
export async function nickOnline(endpoint: IrcEndpoint, timeoutMs = 15_000): Promise<boolean | undefined> {
  const probeNick = `shk${Math.floor(Math.random() * 1e5).toString().padStart(5, "0")}`;
  return new Promise((resolve) => {
    let done = false;
    let buffer = "";
    const socket = endpoint.tls ? tls.connect({ host: endpoint.host, port: endpoint.port, servername: endpoint.host }) : net.connect({ host: endpoint.host, port: endpoint.port });
    const finish = (value: boolean | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (value === undefined) socket.destroy();
      else {
        // Say goodbye, then close whatever the server does.
        socket.end("QUIT :self-heal liveness check\r\n");
        setTimeout(() => socket.destroy(), 2_000).unref();
      }
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const send = (line: string) => socket.write(`${line}\r\n`);
    socket.setEncoding("utf8");
    socket.once("connect", () => {
      if (endpoint.password) send(`PASS ${endpoint.password}`);
      send(`NICK ${probeNick}`);
      send("USER shprobe 0 * :self-heal liveness check");
    });
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i).replace(/\r$/, "");
        buffer = buffer.slice(i + 1);
        const ping = /^PING (.*)$/.exec(line);
        if (ping) send(`PONG ${ping[1]}`);
        else if (/^(?::\S+ )?001 /.test(line)) send(`ISON ${endpoint.nick}`);
        else {
          const nicks = isonReply(line);
          if (nicks) finish(nicks.some((n) => n.toLowerCase() === endpoint.nick.toLowerCase()));
        }
      }
    });
    socket.on("error", () => finish(undefined));
    socket.on("close", () => finish(undefined));
  });
}

/** An IRC account that OpenClaw reads ready while the server has its nick offline. */
export function ircDeafReading(reading: ChannelReading, nick: string): ChannelReading {
  return {
    ...reading,
    connected: false,
    detail: `connected but deaf: OpenClaw reads the IRC connection as ready, but the server no longer has ${nick} online`,
  };
}

/** How long after (re)connecting a missing nick is not yet held against the channel, in ms. */
export const IRC_CONNECT_GRACE_MS = 30_000;

/** Turns the IRC reading deaf when its nick is offline (readings are changed in place). Never throws. */
export async function checkIrcLiveness(readings: ChannelReading[], openclawConfig: unknown, now: number): Promise<void> {
  const i = readings.findIndex((r) => r.channel === "irc" && r.connected);
  if (i < 0) return;
  const reading = readings[i]!;
  if (reading.lastConnectedAt !== undefined && now - reading.lastConnectedAt < IRC_CONNECT_GRACE_MS) return;
  const endpoint = ircEndpoint(openclawConfig);
  if (!endpoint) return;
  if ((await nickOnline(endpoint)) === false) readings[i] = ircDeafReading(reading, endpoint.nick);
}
