// A loopback Telegram Bot API for OpenClaw's bundled Telegram channel (`channels.telegram.apiRoot`).
//
//   const tg = await startTelegramFake({ token: "123:abc" });
//   configPatch: { channels: { telegram: { botToken: tg.token, apiRoot: tg.apiRoot, ... } } }
//   tg.sendFromUser({ userId: 1001, text: "/selfheal" });          // a user writes to the bot
//   await tg.waitForSent((m) => m.chatId === 1001 && /self-heal/.test(m.text));
//   tg.setFault("deaf");                                           // long polls answer, nothing arrives
//   tg.calls();                                                    // every method the channel called
//
// Faults (apply to every method unless noted): `none`; `401` (token revoked); `409` (another poller,
// getUpdates only); `5xx` (502 Bad Gateway); `hang` (getUpdates never answers, bounded by maxHangMs);
// `reset` (the connection is destroyed); `deaf` (getUpdates answers empty after its timeout and never
// delivers the queued updates, while every other method works).
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type TelegramFault = "none" | "401" | "409" | "5xx" | "hang" | "reset" | "deaf";

export interface SentMessage {
  readonly chatId: number;
  readonly text: string;
  readonly replyTo?: number;
  readonly messageId: number;
  readonly at: number;
}

export interface TelegramCall {
  readonly method: string;
  readonly at: number;
  readonly status: number;
}

export interface TelegramFake {
  readonly token: string;
  /** The Bot API root for `channels.telegram.apiRoot` (no `/bot<TOKEN>`). */
  readonly apiRoot: string;
  readonly port: number;
  /** `untilRestart`: the fault ends at the channel's next start (its next getMe), as a restart would clear it. */
  setFault(fault: TelegramFault, opts?: { untilRestart?: boolean }): void;
  fault(): TelegramFault;
  /** Queues an incoming private message from a user; returns its message id. */
  sendFromUser(msg: { userId: number; text: string; firstName?: string; username?: string }): number;
  sent(): SentMessage[];
  waitForSent(match: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  calls(filter?: { method?: string; since?: number }): TelegramCall[];
  /** Distinct method names called so far (what the channel really uses). */
  methods(): string[];
  close(): Promise<void>;
}

interface Update {
  update_id: number;
  message: Record<string, unknown>;
}

export async function startTelegramFake(opts: { token?: string; botUsername?: string; maxHangMs?: number } = {}): Promise<TelegramFake> {
  const token = opts.token ?? "424242:self-heal-test-token";
  const botUsername = opts.botUsername ?? "selfheal_test_bot";
  const botId = Number(token.split(":")[0]) || 424242;
  const maxHangMs = opts.maxHangMs ?? 120_000;
  let fault: TelegramFault = "none";
  let clearOnRestart = false;
  let nextUpdate = 1;
  /** Updates below this id were confirmed by a getUpdates offset. */
  let confirmed = 0;
  let nextMessageId = 1000;
  const queue: Update[] = [];
  const sentLog: SentMessage[] = [];
  const callLog: TelegramCall[] = [];
  const pollers = new Set<() => void>();
  const sentWaiters = new Set<{ match: (m: SentMessage) => boolean; resolve: (m: SentMessage) => void }>();
  const sockets = new Set<Socket>();

  const wake = () => {
    for (const p of [...pollers]) p();
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const fail = (res: http.ServerResponse, code: number, description: string) => json(res, code, { ok: false, error_code: code, description });

  const readBody = (req: http.IncomingMessage): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (d: string) => (raw += d));
      req.on("end", () => {
        const type = String(req.headers["content-type"] ?? "");
        try {
          if (type.includes("application/json")) return resolve(raw ? (JSON.parse(raw) as Record<string, unknown>) : {});
          if (type.includes("x-www-form-urlencoded")) return resolve(Object.fromEntries(new URLSearchParams(raw)));
        } catch {
          /* fall through */
        }
        const url = new URL(req.url ?? "/", "http://x");
        resolve(Object.fromEntries(url.searchParams));
      });
    });

  const botUser = { id: botId, is_bot: true, first_name: "SelfHeal Test", username: botUsername, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const method = m?.[2] ?? url.pathname;
    const body = await readBody(req);
    const record = (status: number) => callLog.push({ method, at: Date.now(), status });
    if (!m || m[1] !== token) {
      record(404);
      return fail(res, 404, "Not Found");
    }
    if (method === "getMe" && clearOnRestart) {
      fault = "none";
      clearOnRestart = false;
    }
    if (fault === "reset") {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault === "401") {
      record(401);
      return fail(res, 401, "Unauthorized");
    }
    if (fault === "5xx") {
      record(502);
      return fail(res, 502, "Bad Gateway");
    }
    if (method === "getUpdates") {
      if (fault === "409") {
        record(409);
        return fail(res, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
      }
      const offset = Number(body.offset ?? 0);
      confirmed = Math.max(confirmed, offset);
      // Telegram confirms updates below the offset.
      while (queue.length && queue[0]!.update_id < offset) queue.shift();
      const timeoutS = Math.min(Number(body.timeout ?? 0), 50);
      const answer = () => {
        const updates = fault === "deaf" || fault === "hang" ? [] : queue.filter((u) => u.update_id >= offset);
        record(200);
        json(res, 200, { ok: true, result: updates });
      };
      const ready = () => fault !== "deaf" && fault !== "hang" && queue.some((u) => u.update_id >= offset);
      if (ready()) return answer();
      const limitMs = fault === "hang" ? maxHangMs : timeoutS * 1000;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          pollers.delete(check);
          resolve();
        };
        const check = () => {
          if (ready()) done();
        };
        const timer = setTimeout(done, limitMs);
        pollers.add(check);
        req.socket.once("close", done);
      });
      if (res.destroyed || req.socket.destroyed) return;
      if (fault === "hang") {
        record(0);
        req.socket.destroy();
        return;
      }
      return answer();
    }
    record(200);
    switch (method) {
      case "getMe":
        return json(res, 200, { ok: true, result: botUser });
      case "sendMessage": {
        const chatId = Number(body.chat_id);
        const text = String(body.text ?? "");
        const rp = body.reply_parameters;
        const replyParams = typeof rp === "string" ? (JSON.parse(rp) as { message_id?: number }) : (rp as { message_id?: number } | undefined);
        const replyTo = Number(body.reply_to_message_id ?? replyParams?.message_id ?? NaN);
        const messageId = nextMessageId++;
        const sent: SentMessage = { chatId, text, messageId, at: Date.now(), ...(Number.isFinite(replyTo) ? { replyTo } : {}) };
        sentLog.push(sent);
        for (const w of [...sentWaiters]) if (w.match(sent)) (sentWaiters.delete(w), w.resolve(sent));
        return json(res, 200, { ok: true, result: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, from: botUser, text } });
      }
      case "getChat":
        return json(res, 200, { ok: true, result: { id: Number(body.chat_id), type: "private" } });
      case "getMyCommands":
        return json(res, 200, { ok: true, result: [] });
      case "getWebhookInfo":
        return json(res, 200, { ok: true, result: { url: "", has_custom_certificate: false, pending_update_count: queue.filter((u) => u.update_id >= confirmed).length } });
      default:
        // setMyCommands, deleteWebhook, sendChatAction, setMessageReaction, deleteMyCommands, ...
        return json(res, 200, { ok: true, result: true });
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    token,
    apiRoot: `http://127.0.0.1:${port}`,
    port,
    setFault(f, o = {}) {
      fault = f;
      clearOnRestart = o.untilRestart === true;
      if (f === "reset") for (const s of sockets) s.destroy();
      wake();
    },
    fault: () => fault,
    sendFromUser({ userId, text, firstName, username }) {
      const messageId = nextMessageId++;
      const from = { id: userId, is_bot: false, first_name: firstName ?? `user${userId}`, ...(username ? { username } : {}) };
      const entities = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
      queue.push({ update_id: nextUpdate++, message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: "private", first_name: from.first_name }, from, text, ...(entities ? { entities } : {}) } });
      wake();
      return messageId;
    },
    sent: () => [...sentLog],
    waitForSent(match, timeoutMs = 60_000) {
      const seen = sentLog.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (m: SentMessage) => (clearTimeout(timer), resolve(m)) };
        const timer = setTimeout(() => {
          sentWaiters.delete(w);
          reject(new Error(`telegram fake: no matching sendMessage within ${timeoutMs} ms; sent: ${JSON.stringify(sentLog.slice(-5))}`));
        }, timeoutMs);
        sentWaiters.add(w);
      });
    },
    calls: (filter = {}) => callLog.filter((c) => (!filter.method || c.method === filter.method) && (filter.since === undefined || c.at >= filter.since)),
    methods: () => [...new Set(callLog.map((c) => c.method))].sort(),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
