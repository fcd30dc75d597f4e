// IRC through a relay, on a real gateway (ngircd + @openclaw/irc, installed as the README tells users): an IRC link
// that stays open but silent is found by the liveness check and healed by one channel restart; then, with the
// channel's restart budget spent, a server that stays gone makes self-heal restart the REAL gateway (SIGUSR2, in
// process under this harness) after `openclaw config validate`. The gateway comes back, the journal goes on without
// a lost or repeated decision, no second restart is proposed for the same break, and the channel reconnects.
// Owner alerts go to a loopback webhook. One gateway, one IRC server for the whole file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { startIrcServer, type IrcServer } from "./support/irc-server.js";
import { connectIrcUser, ircMask, type IrcUser } from "./support/irc-client.js";
import { startTcpRelay, type TcpRelay } from "./support/tcp-relay.js";
import { startWebhookSink, type WebhookSink } from "./support/webhook-sink.js";
import { journal, runtimeOrFail, selfHealPlugin, sleep, waitFor, type JournalLine } from "./helpers/self-heal.js";

runtimeOrFail("e2e gateway restart");
const IRC_PLUGIN = "@openclaw/irc@2026.9.5";
const POLL_S = 5;

const states = (gw: Gateway, id: string): JournalLine[] => journal(gw).filter((r) => r.type === "channel.state" && r.actor === id);
const records = (gw: Gateway, type: string, action: string, after = 0): JournalLine[] =>
  journal(gw).filter((r) => r.seq > after && r.type === type && r.action === action);

describe("IRC through a relay: a deaf link healed, and a real gateway restart for a channel that stays down", () => {
  let fake: FakeProvider;
  let irc: IrcServer;
  let relay: TcpRelay;
  let hook: WebhookSink;
  let gw: Gateway;
  let owner: IrcUser;
  const figures: Record<string, number> = {};

  /** The owner's /selfheal over IRC, answered by the bot (a fresh owner connection each try). */
  const selfhealAnswer = async (since: number) =>
    waitFor("the bot's /selfheal answer on IRC", async () => {
      owner?.close();
      owner = await connectIrcUser(irc, "owner");
      owner.say("shbot", "/selfheal");
      return owner.waitForMessage((m) => m.from === "shbot" && m.at >= since, 15_000).catch(() => undefined);
    }, 180_000, 0);

  beforeAll(async () => {
    fake = await startFakeProvider();
    // ngircd PINGs an idle client after 5 s and drops it 5 s later if it does not answer (its default is 120 + 20 s).
    irc = await startIrcServer({ pingTimeoutSeconds: 5 });
    relay = await startTcpRelay(irc);
    hook = await startWebhookSink();
    gw = await startGateway({
      fake,
      channels: true,
      installPlugins: [IRC_PLUGIN],
      readyTimeoutMs: 300_000,
      agents: [{ id: "main", primary: "fakea/ok" }],
      plugins: [
        selfHealPlugin({
          actions: { restartGateway: true },
          channels: { pollSeconds: POLL_S, disconnectThreshold: 2, startupGraceSeconds: 15, restartBudgetMax: 1, restartBudgetWindowMinutes: 30, livenessCheck: true, restartGateway: true },
          alerts: { webhookUrl: hook.url, minIntervalSeconds: 0 },
        }),
      ],
      configPatch: {
        channels: { irc: { enabled: true, host: relay.host, port: relay.port, tls: false, nick: "shbot", channels: ["#selfheal"], dmPolicy: "allowlist", allowFrom: [ircMask("owner")] } },
        bindings: [{ agentId: "main", match: { channel: "irc", accountId: "default" } }],
      },
    });
    figures.bootReadyMs = gw.bootMs.ready;
  }, 900_000);

  afterAll(async () => {
    console.log(`[gateway-restart e2e] ${JSON.stringify(figures)}`);
    owner?.close();
    await gw?.stop();
    await relay?.close();
    await irc?.stop();
    await hook?.close();
  });

  it("a quiet IRC channel stays connected; a deaf one (open but silent) is noticed by the liveness check, restarted once, answers again, and the owner is told once", async () => {
    await selfhealAnswer(Date.now());
    // Quiet: nobody says anything for six readings; the bot answers the server's PINGs, its nick stays online.
    const quietFrom = journal(gw).at(-1)?.seq ?? 0;
    await sleep(6 * POLL_S * 1000);
    expect(states(gw, "irc").filter((r) => r.seq > quietFrom)).toEqual([]);
    expect(journal(gw).filter((r) => r.seq > quietFrom && r.type === "channel.observed" && r.channel === "irc").every((r) => r.connected === true)).toBe(true);

    const before = journal(gw).at(-1)?.seq ?? 0;
    const t0 = Date.now();
    expect(relay.goDeaf()).toBe(1);
    const left = await waitFor("irc called deaf", () => states(gw, "irc").find((r) => r.seq > before && r.from === "connected"), 180_000, 500);
    figures.ircDeafNoticedMs = Date.parse(left.ts) - t0;
    expect(left.reason).toContain("connected but deaf: OpenClaw reads the IRC connection as ready, but the server no longer has shbot online");
    await waitFor("irc connected again", () => states(gw, "irc").find((r) => r.seq > left.seq && r.to === "connected"), 240_000, 500);
    figures.ircDeafHealedMs = Date.now() - t0;
    expect(records(gw, "action.executed", "restart_channel", before)).toHaveLength(1);
    const healed = await hook.waitFor((a) => a.at >= t0 && /channel irc works again after a restart/.test(a.title), 120_000);
    figures.ircDeafAlertMs = healed.at - t0;
    const reply = await selfhealAnswer(t0);
    figures.ircDeafAnsweringAgainMs = reply.at - t0;
    expect(reply.text).toContain("channel irc: connected");
    expect(hook.alerts().filter((a) => a.at >= t0 && /channel irc/.test(a.title))).toHaveLength(1);
  }, 900_000);

  it("the server stays gone after the channel's budget is spent: one real gateway restart after validation; the journal goes on; no second restart for the break; the channel reconnects", async () => {
    const before = journal(gw).at(-1)?.seq ?? 0;
    const startsBefore = journal(gw).filter((r) => r.type === "supervisor.started").length;
    const t0 = Date.now();
    await irc.kill();
    const gaveUp = await waitFor("irc given up", () => states(gw, "irc").find((r) => r.seq > before && r.to === "given_up"), 300_000, 500);
    figures.ircDownNoticedMs = Date.parse(states(gw, "irc").find((r) => r.seq > before && r.from === "connected")!.ts) - t0;
    expect(records(gw, "action.proposed", "restart_channel", before)).toEqual([]); // its budget (1) went to the deaf link
    const proposed = await waitFor("restart_gateway proposed", () => records(gw, "action.proposed", "restart_gateway", before)[0], 60_000, 500);
    expect(proposed.seq).toBeGreaterThan(gaveUp.seq);
    expect(proposed.reason).toContain("channel irc still down after its restarts");
    const executed = await waitFor("restart_gateway executed", () => records(gw, "action.executed", "restart_gateway", before)[0], 240_000, 250);
    figures.ircDownToGatewayRestartMs = Date.parse(executed.ts) - t0;
    expect(executed.ref).toBe(proposed.seq);
    // Validated (and backed up) between the proposal and the restart.
    const backup = journal(gw).find((r) => r.type === "config.backup" && r.action === "restart_gateway" && r.seq > proposed.seq);
    expect(backup && backup.seq < executed.seq).toBe(true);
    const critical = await hook.waitFor((a) => a.at >= t0 && /critical: channel irc/.test(a.title), 120_000);
    figures.ircDownAlertMs = critical.at - t0;

    // The gateway restarts in process (same pid under this harness: OPENCLAW_NO_RESPAWN) and self-heal starts again.
    await waitFor("self-heal started again", () => journal(gw).filter((r) => r.type === "supervisor.started").length > startsBefore || undefined, 300_000, 500);
    await waitFor("the gateway's restart reported", () => journal(gw).find((r) => r.seq > executed.seq && r.type === "gateway.state" && r.to === "running"), 300_000, 500);
    await waitFor("/readyz after the restart", async () => (await gw.http("/readyz", { auth: false }).catch(() => undefined))?.status === 200 || undefined, 300_000, 500);
    figures.gatewayBackMs = Date.now() - Date.parse(executed.ts);
    expect(gw.alive()).toBe(true);
    expect(gw.logs().stdout + gw.logs().file).toMatch(/restart mode: in-process restart/);

    // Still the same break after the restart: readings keep the channel down, nothing is proposed again.
    const restartedAt = journal(gw).at(-1)!.seq;
    await waitFor("four readings after the restart", () => journal(gw).filter((r) => r.seq > restartedAt && r.type === "channel.observed" && r.channel === "irc").length >= 4 || undefined, 180_000, 500);
    expect(records(gw, "action.proposed", "restart_gateway", before)).toHaveLength(1);
    expect(records(gw, "action.proposed", "restart_channel", before)).toEqual([]);

    const back = Date.now();
    await irc.start();
    await waitFor("irc connected again", () => states(gw, "irc").find((r) => r.seq > restartedAt && r.to === "connected"), 300_000, 500);
    figures.ircBackToConnectedMs = Date.now() - back;
    await hook.waitFor((a) => a.at >= back && /channel irc is connected again/.test(a.title), 180_000);
    const reply = await selfhealAnswer(back);
    figures.ircAnsweringAgainMs = reply.at - back;
    expect(reply.text).toContain("channel irc: connected");

    // One timeline: unique, increasing seqs; every decision since the fault has exactly one outcome.
    const all = journal(gw);
    const seqs = all.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const p of all.filter((r) => r.seq > before && r.type === "action.proposed")) {
      const outcomes = all.filter((r) => r.ref === p.seq && /^action\.(executed|skipped|failed)$/.test(r.type));
      expect(outcomes, `${p.action} ${p.target} (seq ${p.seq})`).toHaveLength(1);
    }
    expect(records(gw, "action.proposed", "restart_gateway", before)).toHaveLength(1);
    expect(hook.alerts().filter((a) => a.at >= t0 && /critical/.test(a.title))).toHaveLength(1);
  }, 1_200_000);
});
