// The loopback Bot API itself: what the Telegram channel and the liveness check read from it, and its faults.
import { afterEach, describe, expect, it } from "vitest";
import { startTelegramFake, type TelegramFake } from "./telegram-fake.js";
import { pendingUpdates } from "../../../src/adapter/telegram-backlog.js";

let tg: TelegramFake | undefined;
afterEach(async () => {
  await tg?.close();
  tg = undefined;
});

const call = async (fake: TelegramFake, method: string, body: Record<string, unknown> = {}) => {
  const res = await fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

describe("the Telegram Bot API fake", () => {
  it("delivers a user's message to a long poll, confirms it by offset, and records what the bot sent", async () => {
    tg = await startTelegramFake();
    const poll = call(tg, "getUpdates", { offset: 0, timeout: 5 });
    tg.sendFromUser({ userId: 7, text: "/selfheal" });
    const got = await poll;
    expect(got.body.result).toHaveLength(1);
    expect(got.body.result[0].message).toMatchObject({ text: "/selfheal", from: { id: 7 }, entities: [{ type: "bot_command", offset: 0, length: 9 }] });
    expect(await pendingUpdates(tg)).toBe(1);
    const next = await call(tg, "getUpdates", { offset: got.body.result[0].update_id + 1, timeout: 0 });
    expect(next.body.result).toEqual([]);
    expect(await pendingUpdates(tg)).toBe(0);
    await call(tg, "sendMessage", { chat_id: 7, text: "hi", reply_parameters: { message_id: 3 } });
    expect(tg.sent()).toMatchObject([{ chatId: 7, text: "hi", replyTo: 3 }]);
    expect(tg.methods()).toEqual(["getUpdates", "getWebhookInfo", "sendMessage"]);
  });

  it("answers 401, 409 and 502 as Telegram does, and refuses a wrong token", async () => {
    tg = await startTelegramFake();
    tg.setFault("401");
    expect(await call(tg, "getMe")).toMatchObject({ status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } });
    tg.setFault("409");
    expect((await call(tg, "getUpdates", { timeout: 0 })).status).toBe(409);
    expect((await call(tg, "getMe")).status).toBe(200);
    tg.setFault("5xx");
    expect((await call(tg, "sendMessage", { chat_id: 1, text: "x" })).status).toBe(502);
    tg.setFault("none");
    const wrong = await fetch(`${tg.apiRoot}/bot1:wrong/getMe`);
    expect(wrong.status).toBe(404);
  });

  it("when deaf, answers polls empty while the message waits, until the channel's next start", async () => {
    tg = await startTelegramFake();
    tg.setFault("deaf", { untilRestart: true });
    tg.sendFromUser({ userId: 7, text: "hello?" });
    expect((await call(tg, "getUpdates", { offset: 0, timeout: 1 })).body.result).toEqual([]);
    expect(await pendingUpdates(tg)).toBe(1);
    await call(tg, "getMe");
    expect(tg.fault()).toBe("none");
    expect((await call(tg, "getUpdates", { offset: 0, timeout: 1 })).body.result).toHaveLength(1);
  });

  it("resets connections and holds a hung poll until it is released", async () => {
    tg = await startTelegramFake({ maxHangMs: 300 });
    tg.setFault("reset");
    await expect(call(tg, "getMe")).rejects.toThrow();
    tg.setFault("hang");
    const t0 = Date.now();
    await expect(call(tg, "getUpdates", { timeout: 30 })).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });
});
