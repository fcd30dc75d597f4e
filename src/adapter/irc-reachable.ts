// Can a restart help an IRC channel that OpenClaw is reconnecting? Only if its server takes connections.
//
// OpenClaw's IRC client (@openclaw/irc 2026.9.5) reconnects every second by itself while the server is gone
// (`lifecycle: "recovering"`), and is back 1-1.6 s after the server returns. A `channels.stop`/`start` in that time
// does harm: the fresh account exits on ECONNREFUSED and waits for OpenClaw's auto-restart backoff instead
// (`bench:e2e:channels` measured answering again 27 s after the server returned, against 11 s without the restart).
// So before restarting a recovering IRC channel, self-heal opens one TCP connection to its server and closes it at
// once (nothing is sent): a server that refuses or does not answer means OpenClaw's own reconnect is the right
// restarter, and self-heal only waits and, if it lasts, alerts the owner.
import net from "node:net";
import type { ChannelReading } from "./channel-status.js";
import type { IrcEndpoint } from "./irc-liveness.js";

/** True when the server refuses or does not answer a TCP connection within `timeoutMs`; false when it accepts. Never throws. */
export async function serverRefuses(endpoint: Pick<IrcEndpoint, "host" | "port">, timeoutMs = 3_000): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const finish = (refused: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(refused);
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.once("connect", () => finish(false));
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
