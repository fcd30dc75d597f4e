#!/usr/bin/env node
// `npm run bench:e2e:channels`: real channel figures, OpenClaw alone and with the plugin, in one run. Each side boots
// a real gateway (pinned OpenClaw 2026.9.6) with OpenClaw's own IRC channel (@openclaw/irc, installed as a user does)
// talking to a real ngircd through a TCP relay; the owner is a real IRC client. Two faults per side:
//   deaf:   the relay stops relaying the open connection both ways and keeps it open (a stale NAT entry); the server
//           drops the bot on its ping timeout, OpenClaw is never told. Ends when the bot answers the owner again, or
//           after BENCH_CH_DEAF_CAP_S (then the relay hangs the link up so the next fault starts clean).
//   broken: the IRC server is killed, stays down BENCH_CH_OUTAGE_S, then comes back.
// Figures: fault → noticed (alone: the first `channels status` reading that is not "ready"; plugin: the channel
// actor leaving `connected`), fault / server back → answering again (the owner's direct message answered by the
// model), deaf → healed, and owner alert latency (plugin only: its webhook alert). JSON lines on stdout
// ({"bench","value","unit",…}; a figure that never happened within its cap is value null with "capMs"), a table on
// stderr. Not part of `npm test`; ~10–15 min on 2 idle cores.
// Env: BENCH_CH_POLL_S (plugin channels.pollSeconds, 15), BENCH_CH_THRESHOLD (disconnectThreshold, 2),
// BENCH_CH_PING_S (ngircd PingTimeout, 30; its own default is 120), BENCH_CH_OUTAGE_S (60), BENCH_CH_DEAF_CAP_S (240).
import { symlinkSync } from "node:fs";
import path from "node:path";
import { REPO } from "./lib.mjs";
import { journalOf, loadSupport, stageBenchPlugin } from "./e2e-lib.mjs";

const say = (s) => process.stderr.write(`[bench:e2e:channels] ${s}\n`);
const POLL_S = Number(process.env.BENCH_CH_POLL_S ?? 15);
const THRESHOLD = Number(process.env.BENCH_CH_THRESHOLD ?? 2);
const PING_S = Number(process.env.BENCH_CH_PING_S ?? 30);
const OUTAGE_S = Number(process.env.BENCH_CH_OUTAGE_S ?? 60);
const DEAF_CAP_MS = Number(process.env.BENCH_CH_DEAF_CAP_S ?? 240) * 1000;
const ANSWER_CAP_MS = 300_000;
const IRC_PLUGIN = "@openclaw/irc@2026.9.5";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1. The plugin, built privately and staged as a user installs it; the e2e support (TypeScript) transpiled next to it.
const { work, plugin } = stageBenchPlugin("channels", say);
symlinkSync(path.join(REPO, "node_modules"), path.join(work, "node_modules"), "dir"); // irc-framework for the owner
const load = await loadSupport(work, ["gateway.ts", "fake-provider.ts", "runtime.ts", "irc-server.ts", "irc-client.ts", "tcp-relay.ts", "webhook-sink.ts"]);
const { startGateway } = await load("gateway.js");
const { startFakeProvider } = await load("fake-provider.js");
const { startIrcServer } = await load("irc-server.js");
const { connectIrcUser, ircMask } = await load("irc-client.js");
const { startTcpRelay } = await load("tcp-relay.js");
const { startWebhookSink } = await load("webhook-sink.js");

const journal = journalOf;

/** OpenClaw's own view: is the IRC account "ready" in `channels status --json`? undefined when unreadable. */
async function ircReady(gw) {
  const r = await gw.cli(["channels", "status", "--json"], { timeoutMs: 60_000 });
  try {
    const acc = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))).channelAccounts?.irc?.[0];
    return acc ? acc.lifecycle === "ready" && acc.connected !== false && !acc.restartPending : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until the plugin's IRC actor is back in `connected` (a restart's startup grace over), so faults do not overlap. */
async function settled(gw) {
  await firstTime(() => {
    const last = journal(gw).filter((r) => r.type === "channel.state" && r.actor === "irc").at(-1);
    return !last || last.to === "connected";
  }, ANSWER_CAP_MS, 2000);
}

/** Polls until `probe()` is truthy; resolves with the time (epoch ms) it first was, or null after capMs. */
async function firstTime(probe, capMs, everyMs = 1000) {
  const end = Date.now() + capMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return typeof v === "number" ? v : Date.now();
    await sleep(everyMs);
  }
  return null;
}

async function runSide(side) {
  const withPlugin = side === "plugin";
  const fake = await startFakeProvider();
  const irc = await startIrcServer({ pingTimeoutSeconds: PING_S });
  const relay = await startTcpRelay(irc);
  const hook = await startWebhookSink();
  const figures = {};
  say(`${side}: booting (IRC plugin install + gateway) …`);
  const gw = await startGateway({
    fake,
    channels: true,
    installPlugins: [IRC_PLUGIN],
    readyTimeoutMs: 600_000,
    agents: [{ id: "main", primary: "fakea/ok" }],
    plugins: withPlugin
      ? [{ id: "self-heal", path: plugin, config: { channels: { pollSeconds: POLL_S, disconnectThreshold: THRESHOLD, livenessCheck: true }, alerts: { webhookUrl: hook.url, minIntervalSeconds: 0 } } }]
      : [],
    configPatch: {
      channels: { irc: { enabled: true, host: relay.host, port: relay.port, tls: false, nick: "shbot", channels: ["#bench"], dmPolicy: "allowlist", allowFrom: [ircMask("owner")] } },
      bindings: [{ agentId: "main", match: { channel: "irc", accountId: "default" } }],
    },
  });
  let owner;
  let n = 0;
  /** The owner asks every 10 s (a fresh connection each time) until the bot answers; epoch ms of the answer, or null. */
  const answeredAfter = (since, capMs) =>
    firstTime(async () => {
      try {
        owner?.close();
        owner = await connectIrcUser(irc, "owner", { timeoutMs: 5_000 });
        owner.say("shbot", `are you there? #${++n}`);
        return (await owner.waitForMessage((m) => m.from === "shbot" && m.at >= since, 10_000).catch(() => undefined))?.at;
      } catch {
        await sleep(5_000); // the server is down
        return undefined;
      }
    }, capMs, 0);
  const leftConnected = (afterSeq) => () => journal(gw).find((r) => r.seq > afterSeq && r.type === "channel.state" && r.actor === "irc" && r.from === "connected")?.ts;
  const notReady = async () => (await ircReady(gw)) === false;
  const noticed = (afterSeq) => (withPlugin ? async () => Date.parse(leftConnected(afterSeq)() ?? "") || undefined : notReady);
  try {
    if ((await answeredAfter(Date.now(), ANSWER_CAP_MS)) === null) throw new Error("the bot never answered before any fault");
    figures.boot_ready = gw.bootMs.ready;

    // Deaf.
    let seq = journal(gw).at(-1)?.seq ?? 0;
    let t0 = Date.now();
    relay.goDeaf();
    say(`${side}: deaf link …`);
    const deafAnswer = answeredAfter(t0, DEAF_CAP_MS);
    const deafNoticed = await firstTime(noticed(seq), DEAF_CAP_MS, 2000);
    const deafAnswered = await deafAnswer;
    figures.deaf_noticed = deafNoticed === null ? null : deafNoticed - t0;
    figures.deaf_healed = deafAnswered === null ? null : deafAnswered - t0;
    if (withPlugin) {
      const alert = await hook.waitFor((x) => x.at >= t0 && x.key.startsWith("channel:irc:"), ANSWER_CAP_MS).catch(() => undefined);
      figures.deaf_alert = alert ? alert.at - t0 : null;
    }
    if (relay.dropDeaf() > 0) await answeredAfter(Date.now(), ANSWER_CAP_MS); // start the next fault clean
    if (withPlugin) await settled(gw);

    // Broken: the server is gone for OUTAGE_S.
    seq = journal(gw).at(-1)?.seq ?? 0;
    t0 = Date.now();
    await irc.kill();
    say(`${side}: IRC server down for ${OUTAGE_S} s …`);
    const brokenNoticed = await firstTime(noticed(seq), OUTAGE_S * 1000, 2000);
    const rest = OUTAGE_S * 1000 - (Date.now() - t0);
    if (rest > 0) await sleep(rest);
    const back = Date.now();
    await irc.start();
    const answered = await answeredAfter(back, ANSWER_CAP_MS);
    figures.broken_noticed = brokenNoticed === null ? null : brokenNoticed - t0;
    figures.broken_answering_again_after_server_back = answered === null ? null : answered - back;
    if (withPlugin) {
      const alert = await hook.waitFor((x) => x.at >= t0 && x.key.startsWith("channel:irc:"), ANSWER_CAP_MS).catch(() => undefined);
      figures.broken_alert = alert ? alert.at - t0 : null;
    }
    figures.restarts = withPlugin ? journal(gw).filter((r) => r.type === "action.executed" && r.action === "restart_channel").length : 0;
  } finally {
    owner?.close();
    await gw.stop();
    await relay.close();
    await irc.stop();
    await hook.close();
    await fake.close();
  }
  return figures;
}

const sides = {};
for (const side of ["alone", "plugin"]) sides[side] = await runSide(side);
const CAPS = { deaf_noticed: DEAF_CAP_MS, deaf_healed: DEAF_CAP_MS, broken_noticed: OUTAGE_S * 1000, broken_answering_again_after_server_back: ANSWER_CAP_MS };
for (const [side, f] of Object.entries(sides)) {
  for (const [k, v] of Object.entries(f)) {
    if (side === "alone" && /_alert$/.test(k)) continue;
    process.stdout.write(JSON.stringify({ bench: `e2e.channels.${side}.${k}`, value: v, unit: k === "restarts" ? "count" : "ms", ...(v === null && CAPS[k] ? { capMs: CAPS[k] } : {}) }) + "\n");
  }
}
const fmt = (v, k) => (v === null || v === undefined ? (CAPS[k] ? `never (${CAPS[k] / 1000} s cap)` : "—") : k === "restarts" ? String(v) : `${(v / 1000).toFixed(1)} s`);
say(`settings: plugin pollSeconds ${POLL_S}, disconnectThreshold ${THRESHOLD}, livenessCheck on; ngircd PingTimeout ${PING_S} s; outage ${OUTAGE_S} s`);
say("| figure | OpenClaw alone | with self-heal |");
say("|---|---|---|");
for (const k of Object.keys(sides.plugin)) say(`| ${k} | ${fmt(sides.alone[k], k)} | ${fmt(sides.plugin[k], k)} |`);
process.exit(0);
