// Can a restart help an IRC channel that OpenClaw is reconnecting? Only if its server takes connections.
//
// OpenClaw's IRC client (@openclaw/irc 2026.9.5) reconnects every second by itself while the server is gone
// (`lifecycle: "recovering"`), and is back 1-1.6 s after the server returns. A `channels.stop`/`start` in that time
// does harm: the fresh account exits on ECONNREFUSED and waits for OpenClaw's auto-restart backoff instead
// (`bench:e2e:channels` measured answering again 27 s after the server returned, against 11 s without the restart).
// So before restarting a recovering IRC channel, self-heal opens one TCP connection to its server and closes it
// within 1.5 s (nothing is sent): a server that refuses, does not answer, or accepts and hangs up at once (a relay or
// proxy whose server behind it is gone) means OpenClaw's own reconnect is the right restarter, and self-heal only
// waits and, if it lasts, alerts the owner.
import net from "node:net";
import type { ChannelReading } from "./channel-status.js";
import type { IrcEndpoint } from "./irc-liveness.js";

/** How long an accepted connection must stay open (or say something) to count as a server that is there. */
export const HOLD_MS = 1_500;

/**
 * True when the server refuses or does not answer a TCP connection within `timeoutMs`, or accepts it and hangs up
 * within HOLD_MS without a byte (a relay, proxy or load balancer whose IRC server behind it is gone); false when a
 * connection stays open or the server speaks. Never throws.
 */
export async function serverRefuses(endpoint: Pick<IrcEndpoint, "host" | "port">, timeoutMs = 3_000): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    let hold: ReturnType<typeof setTimeout> | undefined;
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const finish = (refused: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (hold) clearTimeout(hold);
      socket.destroy();
      resolve(refused);
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      hold = setTimeout(() => finish(false), HOLD_MS);
    });
    socket.once("data", () => finish(false));
    socket.once("close", () => finish(true));
    socket.once("error", () => finish(true));
  });
}

/** The reading of a recovering IRC channel whose server is gone: OpenClaw's reconnect is at work, a restart cannot help. */
export function serverGoneReading(r: ChannelReading, endpoint: Pick<IrcEndpoint, "host" | "port">): ChannelReading & { readonly hostRestarting: true } {
  return {
    ...r,
    hostRestarting: true,
    detail: `the IRC server ${endpoint.host}:${endpoint.port} does not accept connections; OpenClaw reconnects by itself once it does (a restart cannot help)`,
  };
}
