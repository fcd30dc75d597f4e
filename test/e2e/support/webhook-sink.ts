// An owner's webhook on loopback: records every alert self-heal POSTs to `alerts.webhookUrl`.
//
//   const hook = await startWebhookSink();
//   config: { alerts: { webhookUrl: hook.url } }
//   const a = await hook.waitFor((a) => /critical: channel irc/.test(a.title), 60_000);
//   await hook.close();
import http from "node:http";

export interface ReceivedAlert {
  readonly key: string;
  readonly severity: string;
  readonly title: string;
  readonly text: string;
  /** When it arrived, epoch ms. */
  readonly at: number;
}

export interface WebhookSink {
  readonly url: string;
  alerts(): ReceivedAlert[];
  /** The first alert (already received or arriving) that matches; rejects after timeoutMs. */
  waitFor(match: (a: ReceivedAlert) => boolean, timeoutMs: number): Promise<ReceivedAlert>;
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const received: ReceivedAlert[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => {
      try {
        const a = JSON.parse(body) as Record<string, unknown>;
        received.push({ key: String(a.key ?? ""), severity: String(a.severity ?? ""), title: String(a.title ?? ""), text: String(a.text ?? ""), at: Date.now() });
      } catch {
        // not an alert: ignored
      }
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/alert`;
  return {
    url,
    alerts: () => [...received],
    async waitFor(match, timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find(match);
        if (hit) return hit;
        if (Date.now() > end) throw new Error(`no matching alert within ${timeoutMs} ms; received: ${received.map((a) => a.title).join(" | ")}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
