// What a user sees during an outage, on a real chat: a Debian ngircd, OpenClaw's own IRC plugin (@openclaw/irc,
// installed the way the README tells users) and a real IRC user. Every model of the agent fails: the user's turn
// fails, the next one is held and the user reads the plain notice; the gateway restarts in between; a model comes
// back and each earlier question is answered in the user's IRC chat once, marked with the question's first words.
// Then pinned sessions: OpenClaw 2026.9.6's own fallback leaves no model override on the session (nothing to repair).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { startIrcServer, type IrcServer } from "./support/irc-server.js";
import { connectIrcUser, ircMask, type IrcMessage, type IrcUser } from "./support/irc-client.js";
import { journal, runtimeOrFail, selfHealPlugin, sleep, waitFor } from "./helpers/self-heal.js";

runtimeOrFail("e2e recovered answer");
const IRC_PLUGIN = "@openclaw/irc@2026.9.5";
const FIRST = "what is the capital of France?";
const HELD = "and the capital of Germany?";

describe("recovered answers reach the user's IRC chat; sessions are never left on a fallback", () => {
  let fake: FakeProvider;
  let irc: IrcServer;
  let gw: Gateway;
  let user: IrcUser;
  const figures: Record<string, number> = {};
  const fromBot = (m: IrcMessage) => m.from.startsWith("shbot") && m.to === "user";
  const running = async () => (await gw.call("self-heal.status", {}).catch(() => undefined))?.running || undefined;
  const routedAround = async (id: string) => (await gw.call("self-heal.status", {})).models.find((m: { id: string }) => m.id === id)?.routedAround === true || undefined;

  beforeAll(async () => {
    fake = await startFakeProvider({ maxHangMs: 60_000 });
    irc = await startIrcServer();
    gw = await startGateway({
      fake,
      channels: true,
      installPlugins: [IRC_PLUGIN],
      readyTimeoutMs: 300_000,
      // main: one model, so a failed turn routes its whole chain around and the next turn is held (a primary is
      // always probed, no override permission needed). fb: a primary and OpenClaw's own fallback.
      agents: [{ id: "main", primary: "fakea/r1" }, { id: "fb", primary: "fakeb/p1", fallbacks: ["fakeb/p2"] }],
      providers: [{ id: "fakea", timeoutSeconds: 4 }, { id: "fakeb", timeoutSeconds: 4 }],
      fastFailover: true,
      plugins: [selfHealPlugin({ model: { baseCooldownSeconds: 8, maxCooldownSeconds: 60, probeSpacingSeconds: 1, probeTimeoutSeconds: 10, recoveredHoldSeconds: 30, maxProbeGapSeconds: 5 }, statusIntervalSeconds: 2 })],
      configPatch: {
        channels: { irc: { enabled: true, host: irc.host, port: irc.port, tls: false, nick: "shbot", channels: ["#selfheal"], dmPolicy: "allowlist", allowFrom: [ircMask("user")] } },
        bindings: [{ agentId: "main", match: { channel: "irc", accountId: "default" } }],
      },
    });
    figures.bootReadyMs = gw.bootMs.ready;
    user = await connectIrcUser(irc, "user");
    await waitFor("self-heal running", running, 120_000, 1_000);
    await waitFor("the bot on the IRC server", () => /connected to \S+ as shbot/.test(gw.logs().file) || undefined, 180_000, 1_000);
  }, 900_000);

  afterAll(async () => {
    console.log(`[recovered-answer e2e] ${JSON.stringify(figures)}`);
    user?.close();
    await gw?.stop();
    await irc?.stop();
    await fake?.close();
  });

  it("holds the turn with a plain notice, survives a restart, then answers each question in the chat once, quoting it", async () => {
    const t0 = Date.now();
    user.say("shbot", "hello");
    await user.waitForMessage((m) => fromBot(m) && m.at >= t0 && m.text.includes("FAKE-OK"), 240_000);

    fake.setBehaviour("r1", { kind: "503" });
    const failedAt = Date.now();
    user.say("shbot", FIRST);
    const failed = await waitFor("the failed turn recorded as a task", () => journal(gw).find((r) => r.type === "task.recorded" && r.category === "server_overload"), 180_000, 500);
    expect(failed.deliverTo).toBe("irc");
    // OpenClaw's own error reply to the failed turn.
    await user.waitForMessage((m) => fromBot(m) && m.at >= failedAt, 120_000);
    await waitFor("fakea/r1 routed around", () => routedAround("fakea/r1"), 60_000, 500);

    const heldAt = Date.now();
    user.say("shbot", HELD);
    const notice = await user.waitForMessage((m) => fromBot(m) && m.at >= heldAt && /every AI model of this assistant is failing/.test(m.text), 120_000);
    figures.heldNoticeMs = notice.at - heldAt;
    expect(notice.text).toContain("Your message is kept and will be tried again automatically");
    expect(notice.text).not.toMatch(/fakea|r1/);
    const held = await waitFor("the held turn recorded", () => journal(gw).find((r) => r.type === "task.recorded" && r.category === "model_unavailable"), 30_000, 500);
    expect(held.deliverTo).toBe("irc");
    expect(JSON.stringify(journal(gw))).not.toContain(HELD);

    // A restart between hold and recovery: the tasks wait on disk. SIGUSR2 is what `openclaw gateway restart` asks
    // the gateway for (gateway.restart.request); the CLI's own wait for the gateway outlasts 3 minutes on a loaded box.
    const restartAt = Date.now();
    const starts = journal(gw).filter((r) => r.type === "supervisor.started").length;
    process.kill(gw.pid, "SIGUSR2");
    await waitFor("self-heal started again", () => journal(gw).filter((r) => r.type === "supervisor.started").length > starts || undefined, 300_000, 1_000);
    await waitFor("self-heal running again", running, 180_000, 1_000);
    expect(gw.logs().file).toContain("received SIGUSR2; restarting");
    figures.restartMs = Date.now() - restartAt;

    fake.setBehaviour("r1", { kind: "ok" });
    const back = Date.now();
    const isAnswerTo = (q: string) => (m: IrcMessage) => fromBot(m) && m.at >= back && m.text.includes(`Answer to your earlier message "${q}"`);
    const first = await user.waitForMessage(isAnswerTo(FIRST), 240_000);
    const second = await user.waitForMessage(isAnswerTo(HELD), 240_000);
    figures.modelBackToFailedTurnAnswerMs = first.at - back;
    figures.modelBackToHeldTurnAnswerMs = second.at - back;
    await sleep(10_000);
    console.log(`[recovered-answer e2e] bot messages since the model came back: ${JSON.stringify(user.messages.filter((m) => fromBot(m) && m.at >= back).map((m) => `${m.from}: ${m.text.slice(0, 200)}`))}`);
    expect(user.messages.filter(isAnswerTo(FIRST))).toHaveLength(1);
    expect(user.messages.filter(isAnswerTo(HELD))).toHaveLength(1);
    // The model's answer is in the marked message (IRC joins its lines).
    expect(first.text).toContain("FAKE-OK");
    expect(second.text).toContain("FAKE-OK");
    const j = journal(gw);
    const answered = j.filter((r) => r.type === "task.answered" && r.deliveredTo === "irc").map((r) => r.task);
    expect(answered).toEqual(expect.arrayContaining([failed.task, held.task]));
    for (const task of [failed.task, held.task]) expect(j.filter((r) => r.type === "action.executed" && r.action === "recover_task" && r.params?.taskId === task)).toHaveLength(1);
    expect(JSON.stringify(j)).not.toContain(HELD);
    // One model request per question since the model came back.
    const served = fake.requests({ model: "r1", since: back }).filter((r) => r.status === 200 && !r.isProbe);
    expect(served.filter((r) => r.lastUser.includes(FIRST))).toHaveLength(1);
    expect(served.filter((r) => r.lastUser.includes(HELD))).toHaveLength(1);
  }, 1_200_000);

  it("a session OpenClaw's own fallback answered keeps no model override, and its next turn after fail-back goes to the primary", async () => {
    fake.setBehaviour("p1", { kind: "503" });
    fake.setBehaviour("p2", { kind: "ok", text: "FROM-FALLBACK" });
    const viaFallback = await gw.turn("fb", "pin", "first question");
    expect(viaFallback.rc, viaFallback.stderr.slice(-500)).toBe(0);
    expect(JSON.stringify(viaFallback.json)).toContain("FROM-FALLBACK");
    const find = (v: any): any => (Array.isArray(v) ? v.map(find).find(Boolean) : v && typeof v === "object" ? (v.key === "agent:fb:explicit:pin" ? v : Object.values(v).map(find).find(Boolean)) : undefined);
    const rowOf = async () => find(await gw.call("sessions.list", {}));
    const row = await rowOf();
    console.log(`[recovered-answer e2e] session row after a fallback answer: ${JSON.stringify(row)}`);
    expect(row).toBeDefined();
    expect(row.modelOverrideSource ?? null).toBeNull();
    expect(row.modelOverride).toBeUndefined();
    expect(row.providerOverride).toBeUndefined();

    fake.setBehaviour("p1", { kind: "ok", text: "FROM-PRIMARY" });
    await waitFor("fail_back of fakeb/p1", () => journal(gw).find((r) => r.type === "action.executed" && r.action === "fail_back" && r.target === "fakeb/p1"), 180_000, 1_000);
    const since = Date.now();
    const next = await gw.turn("fb", "pin", "second question");
    expect(next.rc, next.stderr.slice(-500)).toBe(0);
    expect(JSON.stringify(next.json)).toContain("FROM-PRIMARY");
    expect(fake.requests({ model: "p2", since }).filter((r) => !r.isProbe)).toEqual([]);
    expect(journal(gw).filter((r) => r.action === "patch_session")).toEqual([]);
  }, 600_000);
});
