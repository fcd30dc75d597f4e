// Alerts without the gateway, against loopback recorders: Telegram's Bot API sendMessage (with the bot token from
// openclaw.json) and a webhook.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRoutes, sendAlert } from "../../src/watch/alerts.js";

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly body: any;
}

const TOKEN = "123456:AAE-secret-token";

function recorder(handle: (req: Seen) => { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const entry = { method: req.method ?? "", path: req.url ?? "", body: text ? JSON.parse(text) : undefined };
      seen.push(entry);
      const out = handle(entry);
      res.writeHead(out.status, { "content-type": "application/json" }).end(JSON.stringify(out.body));
    });
  });
  return {
    seen,
    server,
    async listen(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
  };
}

/** Answers like the Bot API: ok for the right token, 401 Unauthorized otherwise. */
const botApi = recorder((req) =>
  req.path === `/bot${TOKEN}/sendMessage`
    ? { status: 200, body: { ok: true, result: { message_id: 7, chat: { id: Number(req.body.chat_id) }, text: req.body.text } } }
    : { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } },
);
const hook = recorder(() => ({ status: 204, body: "" }));
let apiRoot = "";
let hookUrl = "";

beforeAll(async () => {
  apiRoot = await botApi.listen();
  hookUrl = `${await hook.listen()}/alert`;
});
afterAll(() => {
  botApi.server.close();
  hook.server.close();
});

const openclawJson = (token: string, root: string) => `{
  // JSON5, as users write it
  channels: { telegram: { botToken: "${token}", apiRoot: "${root}/" } },
  plugins: { entries: { "self-heal": { config: { alerts: { channel: "telegram", target: "4242" } } } } },
}`;

describe("alerts that need no gateway", () => {
  it("reads the bot token, API root and chat from openclaw.json (JSON5) and sends through Telegram's sendMessage", async () => {
    const routes = alertRoutes(openclawJson(TOKEN, apiRoot), {});
    expect(routes.telegram).toEqual({ token: TOKEN, chatId: "4242", apiRoot });
    const result = await sendAlert(routes, "OpenClaw gateway on box is down", { action: "restart" });
    expect(result).toEqual([{ via: "telegram", ok: true }]);
    const sent = botApi.seen.at(-1)!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(sent.body).toMatchObject({ chat_id: "4242", text: "OpenClaw gateway on box is down" });
  });

  it("reports a refused bot token in plain words without printing the token", async () => {
    const routes = alertRoutes(openclawJson("999:wrong-token", apiRoot), {});
    const [r] = await sendAlert(routes, "x", {});
    expect(r).toEqual({ via: "telegram", ok: false, error: "Telegram sendMessage answered 401: Unauthorized" });
  });

  it("reports an unreachable Bot API without printing the token", async () => {
    const routes = alertRoutes(openclawJson(TOKEN, "http://127.0.0.1:1"), {});
    const [r] = await sendAlert(routes, "x", {}, 2000);
    expect(r?.ok).toBe(false);
    expect(r?.error).toContain("Telegram sendMessage failed");
    expect(r?.error).not.toContain(TOKEN);
  });

  it("posts the text and the details as JSON to the webhook; flags win over the file", async () => {
    const routes = alertRoutes(openclawJson(TOKEN, apiRoot), { webhookUrl: hookUrl, telegramChat: "77" });
    expect(routes.telegram?.chatId).toBe("77");
    const result = await sendAlert(routes, "restored openclaw.json", { action: "restore_config", diff: "- a\n+ b" });
    expect(result.map((r) => r.via).sort()).toEqual(["telegram", "webhook"]);
    expect(result.every((r) => r.ok)).toBe(true);
    expect(hook.seen.at(-1)?.body).toEqual({ source: "self-heal watch", text: "restored openclaw.json", action: "restore_config", diff: "- a\n+ b" });
  });

  it("has no Telegram route without a chat, and none at all from unreadable text", () => {
    expect(alertRoutes(`{ channels: { telegram: { botToken: "${TOKEN}" } } }`, {})).toEqual({});
    expect(alertRoutes("{ not json", { webhookUrl: hookUrl })).toEqual({ webhookUrl: hookUrl });
  });

  it("cuts a message longer than Telegram's limit", async () => {
    await sendAlert(alertRoutes(openclawJson(TOKEN, apiRoot), {}), "x".repeat(5000), {});
    expect(botApi.seen.at(-1)!.body.text).toHaveLength(3992);
  });
});
