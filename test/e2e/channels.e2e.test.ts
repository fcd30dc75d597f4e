// Real channels in a real gateway: a Debian ngircd with OpenClaw's own IRC plugin (@openclaw/irc, installed the
// way the README tells users) and OpenClaw's bundled Telegram channel on the loopback Bot API fake. The owner
// and a stranger are real IRC clients and Telegram users of the fake; owner alerts go to the owner's Telegram
// chat. One gateway, one IRC server for the whole file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { startIrcServer, type IrcServer } from "./support/irc-server.js";
import { connectIrcUser, ircMask, type IrcUser } from "./support/irc-client.js";
import { startTelegramFake, type TelegramFake } from "./support/telegram-fake.js";
import { journal, runtimeOrFail, selfHealPlugin, sleep, waitFor, type JournalLine } from "./helpers/self-heal.js";

runtimeOrFail("e2e channels");
const OWNER_TG = 1001;
const STRANGER_TG = 2002;
const IRC_PLUGIN = "@openclaw/irc@2026.9.5";

const states = (gw: Gateway, id: string): JournalLine[] => journal(gw).filter((r) => r.type === "channel.state" && r.actor === id);
const executed = (gw: Gateway, action: string, target: string): JournalLine[] =>
  journal(gw).filter((r) => r.type === "action.executed" && r.action === action && r.target === target);

describe("real channels: IRC (ngircd + @openclaw/irc) and Telegram (Bot API fake)", () => {
  let fake: FakeProvider;
  let irc: IrcServer;
  let tg: TelegramFake;
  let gw: Gateway;
  let owner: IrcUser;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    fake = await startFakeProvider();
    irc = await startIrcServer();
    tg = await startTelegramFake();
    gw = await startGateway({
      fake,
      channels: true,
      installPlugins: [IRC_PLUGIN],
      readyTimeoutMs: 300_000,
      agents: [{ id: "main", primary: "fakea/ok" }],
      plugins: [
        selfHealPlugin({
          channels: { pollSeconds: 5, disconnectThreshold: 2, startupGraceSeconds: 15, restartBudgetMax: 2, restartBudgetWindowMinutes: 30, livenessCheck: true },
          alerts: { channel: "telegram", target: String(OWNER_TG), minIntervalSeconds: 0 },
        }),
      ],
      configPatch: {
        channels: {
          irc: { enabled: true, host: irc.host, port: irc.port, tls: false, nick: "shbot", channels: ["#selfheal"], dmPolicy: "allowlist", allowFrom: [ircMask("owner")] },
          telegram: { enabled: true, botToken: tg.token, apiRoot: tg.apiRoot, dmPolicy: "allowlist", allowFrom: [String(OWNER_TG)], network: { dangerouslyAllowPrivateNetwork: true } },
        },
        // `openclaw message send` (the alert path) needs an owner agent in an explicit-ownership config.
        agents: { defaults: { systemAgent: { agentId: "main" } } },
        bindings: [
          { agentId: "main", match: { channel: "irc", accountId: "default" } },
          { agentId: "main", match: { channel: "telegram", accountId: "default" } },
        ],
      },
    });
    figures.installIrcPluginMs = gw.installMs[IRC_PLUGIN]!;
    figures.bootReadyMs = gw.bootMs.ready;
    owner = await connectIrcUser(irc, "owner");
  }, 900_000);

  afterAll(async () => {
    console.log(`[channels e2e] ${JSON.stringify(figures)}; Bot API methods called: ${tg?.methods().join(", ")}`);
    owner?.close();
    await gw?.stop();
    await irc?.stop();
    await tg?.close();
  });

  it("answers /selfheal in the owner's IRC direct messages with the status in plain words; a stranger gets nothing", async () => {
    // The bot joins once the gateway's channel is up; the first command may race it.
    const t0 = Date.now();
    const reply = await waitFor("the bot's /selfheal answer on IRC", async () => {
      owner.say("shbot", "/selfheal");
      return owner.waitForMessage((m) => m.from === "shbot" && m.to === "owner" && m.at >= t0, 15_000).catch(() => undefined);
    }, 90_000, 0);
    figures.ircSelfhealReplyMs = reply.at - t0;
    expect(reply.text).toMatch(/^self-heal: healthy/);
    expect(reply.text).toContain("channel irc: connected");
    expect(reply.text).toContain("channel telegram: connected");
    const stranger = await connectIrcUser(irc, "strngr");
    stranger.say("shbot", "/selfheal");
    await sleep(10_000);
    // OpenClaw's IRC allowlist drops a stranger's direct message without a word.
    expect(stranger.messages.filter((m) => m.from === "shbot")).toEqual([]);
    stranger.close();
  });

  it("answers /selfheal in the owner's Telegram chat; a stranger gets OpenClaw's refusal", async () => {
    const t0 = Date.now();
    tg.sendFromUser({ userId: OWNER_TG, text: "/selfheal" });
    const reply = await tg.waitForSent((m) => m.chatId === OWNER_TG && m.at >= t0 && /self-heal/.test(m.text), 300_000);
    figures.telegramSelfhealReplyMs = reply.at - t0;
    expect(reply.text).toMatch(/^self-heal: healthy/);
    expect(reply.text).toContain("channel telegram: connected");
    tg.sendFromUser({ userId: STRANGER_TG, text: "/selfheal" });
    const refusal = await tg.waitForSent((m) => m.chatId === STRANGER_TG, 300_000);
    expect(refusal.text).toBe("You are not authorized to use this command.");
    expect(tg.sent().filter((m) => m.chatId === STRANGER_TG && /self-heal/.test(m.text))).toEqual([]);
  });

  it("IRC server gone: noticed within two readings, never restarted while its server refuses connections (OpenClaw reconnects by itself), one critical alert in the owner's chat, then connected again with a notice", async () => {
    const before = journal(gw).at(-1)?.seq ?? 0;
    const restartsOf = () => journal(gw).filter((r) => r.seq > before && r.type === "action.executed" && r.action === "restart_channel" && r.target === "irc");
    const t0 = Date.now();
    await irc.kill();
    const left = await waitFor("irc leaves connected", () => states(gw, "irc").find((r) => r.seq > before && r.from === "connected"), 300_000, 500);
    figures.ircNoticedMs = Date.parse(left.ts) - t0;
    const readings = journal(gw).filter((r) => r.seq > before && r.seq <= left.seq && r.type === "channel.observed" && r.channel === "irc");
    expect(readings.length).toBeLessThanOrEqual(2);
    expect(readings.at(-1)!.connected).toBe(false);
    // OpenClaw's IRC client reconnects every second by itself; a restart of ours would make it wait for OpenClaw's
    // auto-restart backoff instead. So self-heal checks the server, finds it refusing, and leaves the reconnect to OpenClaw.
    const gone = await waitFor("a reading of the server refusing", () => journal(gw).find((r) => r.seq > before && r.type === "channel.observed" && r.channel === "irc" && r.hostRestarting === true), 300_000, 500);
    expect(gone.detail).toBe(`the IRC server ${irc.host}:${irc.port} does not accept connections; OpenClaw reconnects by itself once it does (a restart cannot help)`);
    await waitFor("irc given up (OpenClaw's reconnect did not bring it back)", () => states(gw, "irc").find((r) => r.seq > before && r.to === "given_up"), 300_000, 500);
    const critical = await tg.waitForSent((m) => m.chatId === OWNER_TG && m.at >= t0 && /critical: channel irc/.test(m.text), 300_000);
    figures.ircCriticalAlertMs = critical.at - t0;
    expect(critical.text).toContain("[self-heal] critical: channel irc is down and self-heal gave up");
    expect(critical.text).toContain("does not accept connections");
    await sleep(20_000);
    expect(restartsOf()).toHaveLength(0);

    const back = Date.now();
    await irc.start();
    await waitFor("irc connected again", () => states(gw, "irc").find((r) => r.seq > before && r.to === "connected"), 300_000, 500);
    figures.ircBackToConnectedMs = Date.now() - back;
    const notice = await tg.waitForSent((m) => m.chatId === OWNER_TG && m.at >= back && /channel irc is connected again/.test(m.text), 300_000);
    expect(notice.text).toContain("[self-heal] info: channel irc is connected again");
    expect(tg.sent().filter((m) => m.chatId === OWNER_TG && /critical: channel irc/.test(m.text))).toHaveLength(1);
    expect(restartsOf()).toHaveLength(0);
    // The bot is back on the server and answers the owner.
    const t1 = Date.now();
    const reply = await waitFor("the bot answers on IRC again", async () => {
      owner.close();
      owner = await connectIrcUser(irc, "owner");
      owner.say("shbot", "/selfheal");
      return owner.waitForMessage((m) => m.from === "shbot" && m.at >= t1, 15_000).catch(() => undefined);
    }, 90_000, 0);
    figures.ircAnsweringAgainMs = reply.at - back;
    expect(reply.text).toContain("channel irc: connected");
  }, 1_500_000);

  it("Telegram connected but deaf (polls answered, nothing delivered): detected by the liveness check, healed by one restart, the waiting message answered once", async () => {
    const before = journal(gw).at(-1)?.seq ?? 0;
    const t0 = Date.now();
    tg.setFault("deaf", { untilRestart: true });
    const asked = tg.sendFromUser({ userId: OWNER_TG, text: "are you there?" });
    const left = await waitFor("telegram called deaf", () => states(gw, "telegram").find((r) => r.seq > before && r.from === "connected"), 300_000, 500);
    figures.telegramDeafNoticedMs = Date.parse(left.ts) - t0;
    expect(left.reason).toContain("connected but deaf: 1 message waits at Telegram");
    await waitFor("telegram connected again", () => states(gw, "telegram").find((r) => r.seq > left.seq && r.to === "connected"), 300_000, 500);
    figures.telegramDeafHealedMs = Date.now() - t0;
    expect(executed(gw, "restart_channel", "telegram")).toHaveLength(1);
    // The only message sent since t0 is the one that waited at Telegram: a model answer in the owner's chat is its
    // answer (OpenClaw adds context after the message, so the fake's echo of the prompt's tail does not show it).
    const isAnswer = (m: { chatId: number; at: number; text: string }) => m.chatId === OWNER_TG && m.at >= t0 && m.text.includes("FAKE-OK");
    const answer = await tg.waitForSent(isAnswer, 300_000);
    expect(fake.requests({ since: t0, isProbe: false }).length).toBeGreaterThanOrEqual(1);
    figures.telegramDeafAnsweredMs = answer.at - t0;
    await sleep(5_000);
    expect(tg.sent().filter(isAnswer)).toHaveLength(1);
    expect(asked).toBeGreaterThan(0);
    await tg.waitForSent((m) => m.chatId === OWNER_TG && m.at >= t0 && /channel telegram works again after a restart/.test(m.text), 300_000);
  }, 1_200_000);

  it("revoked Telegram token: OpenClaw leaves the account blocked even once the token works; self-heal restarts it and tells the owner", async () => {
    const before = journal(gw).at(-1)?.seq ?? 0;
    const t0 = Date.now();
    tg.setFault("401");
    const left = await waitFor("telegram leaves connected", () => states(gw, "telegram").find((r) => r.seq > before && r.from === "connected"), 300_000, 500);
    figures.telegramNoticedMs = Date.parse(left.ts) - t0;
    expect(left.reason).toMatch(/Unauthorized/);
    tg.setFault("none"); // the owner fixed the token; OpenClaw does not try again by itself
    await waitFor("a second restart of telegram", () => executed(gw, "restart_channel", "telegram").length > 1 || undefined, 300_000, 500);
    await waitFor("telegram connected again", () => states(gw, "telegram").find((r) => r.seq > before && r.to === "connected"), 300_000, 500);
    figures.telegramHealedMs = Date.now() - t0;
    const notice = await tg.waitForSent((m) => m.chatId === OWNER_TG && m.at >= t0 && /channel telegram works again after a restart/.test(m.text), 300_000);
    expect(notice.text).toContain("self-heal restarted it and it is connected again");
    expect(executed(gw, "restart_channel", "telegram")).toHaveLength(2);
  }, 1_200_000);

  it("the alert channel is the broken one: the critical alert waits and reaches the owner's chat once when the channel is back", async () => {
    const before = journal(gw).at(-1)?.seq ?? 0;
    const t0 = Date.now();
    tg.setFault("401"); // budget spent: no restart this time
    await waitFor("telegram given up", () => states(gw, "telegram").find((r) => r.seq > before && r.to === "given_up"), 300_000, 500);
    const failed = await waitFor("the critical alert failed to go out", () => journal(gw).find((r) => r.seq > before && r.type === "action.failed" && r.action === "alert" && r.params?.key === "channel:telegram:given_up"), 300_000, 500);
    expect(failed.error).toMatch(/message send/);
    expect(tg.sent().filter((m) => m.at >= t0 && /critical: channel telegram/.test(m.text))).toEqual([]);
    tg.setFault("none");
    // What the alert tells the owner to do once the token is fixed (OpenClaw leaves the account blocked).
    const started = await gw.cli(["gateway", "call", "channels.start", "--params", JSON.stringify({ channel: "telegram" }), "--json"]);
    expect(started.rc).toBe(0);
    const back = Date.now();
    const late = await tg.waitForSent((m) => m.chatId === OWNER_TG && m.at >= back && /critical: channel telegram/.test(m.text), 300_000);
    figures.lateAlertAfterBackMs = late.at - back;
    expect(late.text).toContain("(sent late)");
    expect(late.text).toContain("openclaw gateway call channels.start");
    await tg.waitForSent((m) => m.chatId === OWNER_TG && m.at >= back && /channel telegram is connected again/.test(m.text), 300_000);
    await sleep(10_000);
    expect(tg.sent().filter((m) => m.at >= t0 && /critical: channel telegram/.test(m.text))).toHaveLength(1);
    expect(executed(gw, "restart_channel", "telegram")).toHaveLength(2);
  }, 1_200_000);

  it("a Telegram turn caught by a model outage is answered in the same chat once the model is back, exactly once", async () => {
    const before = journal(gw).at(-1)?.seq ?? 0;
    const question = "how far is the moon from the earth?";
    fake.setBehaviour("ok", { kind: "503" });
    tg.sendFromUser({ userId: OWNER_TG, text: question });
    const task = await waitFor("the Telegram turn recorded as a task", () => journal(gw).find((r) => r.seq > before && r.type === "task.recorded"), 300_000, 500);
    expect(task.deliverTo).toBe("telegram");
    fake.setBehaviour("ok", { kind: "ok" });
    const back = Date.now();
    const isAnswer = (m: { chatId: number; at: number; text: string }) => m.chatId === OWNER_TG && m.at >= back && m.text.startsWith("Answer to your earlier message");
    const answer = await tg.waitForSent(isAnswer, 300_000);
    figures.telegramRecoveredAnswerMs = answer.at - back;
    // Marked with the user's own words, not the context blocks OpenClaw puts before them on Telegram.
    expect(answer.text).toContain(`Answer to your earlier message "${question}" (it could not be answered when you sent it)`);
    expect(answer.text).toContain("FAKE-OK");
    await sleep(10_000);
    expect(tg.sent().filter(isAnswer)).toHaveLength(1);
    const answered = journal(gw).filter((r) => r.seq > before && r.type === "task.answered");
    expect(answered.map((r) => [r.task, r.deliveredTo])).toEqual([[task.task, "telegram"]]);
  }, 1_200_000);
});
