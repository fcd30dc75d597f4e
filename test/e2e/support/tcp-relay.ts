// A TCP relay between a client (the gateway's IRC channel) and a server (ngircd) that can go deaf.
//
//   const relay = await startTcpRelay({ host: irc.host, port: irc.port });
//   relay.port;            // point the client at 127.0.0.1:<port>
//   relay.goDeaf();        // every open connection stops relaying, both ways, and stays open (a stale NAT entry)
//   relay.open();          // connections relaying right now
//   relay.dropDeaf();      // hang the deaf ones up (their clients finally see the close)
//   await relay.close();
//
// A deaf connection drops every byte in both directions and keeps the client's socket open even after the server
// hangs up (ngircd ends it on its ping timeout), so the client is never told. New connections relay normally.
import net from "node:net";

export interface TcpRelay {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** Turns every open connection deaf; returns how many. */
  goDeaf(): number;
  /** Connections relaying now (deaf ones excluded). */
  open(): number;
  /** Hangs up every deaf connection (the client finally sees it close); returns how many. */
  dropDeaf(): number;
  close(): Promise<void>;
}

interface Pair {
  readonly client: net.Socket;
  readonly server: net.Socket;
  deaf: boolean;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const pairs = new Set<Pair>();
  const listener = net.createServer((client) => {
    const server = net.connect({ host: target.host, port: target.port });
    const pair: Pair = { client, server, deaf: false };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on("data", (d) => void (pair.deaf || server.write(d)));
    server.on("data", (d) => void (pair.deaf || client.write(d)));
    // The client hanging up always ends the pair; the server hanging up reaches a deaf client never.
    client.on("close", end);
    client.on("error", end);
    server.on("close", () => void (pair.deaf || end()));
    server.on("error", () => void (pair.deaf || end()));
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (listener.address() as net.AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    goDeaf() {
      let n = 0;
      for (const p of pairs) if (!p.deaf) (p.deaf = true), n++;
      return n;
    },
    open: () => [...pairs].filter((p) => !p.deaf).length,
    dropDeaf() {
      let n = 0;
      for (const p of [...pairs]) if (p.deaf) (pairs.delete(p), p.client.destroy(), p.server.destroy(), n++);
      return n;
    },
    async close() {
      for (const p of pairs) {
        p.client.destroy();
        p.server.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
