// Rehearsal parity: the same scenario file through the rehearsal (simulated OpenClaw, virtual time) and through a real
// OpenClaw 2026.9.6 gateway (the fake provider scripted from the scenario's `world` steps, its `turn` steps sent as real
// turns through its OpenAI-compatible endpoint at the same offsets), for the four short built-in scenarios made for it. One gateway plays all four at once,
// each with its own agent and models (OpenClaw's default retries, no settings.json), so the file stays within minutes;
// their clocks start 3 s apart so their turns do not all reach the gateway in the same second. A real turn took 1-17 s
// from the HTTP request to its model call here (measured), so a world step waits until the turns sent before it have
// called their model (parity-driver `play`), the scenarios keep 12 s between a turn and the next fault, and a sick
// model recovers well after OpenClaw's retries of a turn on it have run out.
//
// What must be equal, per scenario:
//  - every user turn: answered / failed / held, and the model that answered (what the user saw: an answer, the hold notice
//    or an error; the model is the one whose answer the fake provider sent for that turn's prompt);
//    A turn self-heal held counts as held by its `turn.held` record: over this endpoint OpenClaw answers a held turn
//    with HTTP 500, not the hold notice (chat channels get the notice: channels and recovered-answer e2e);
//  - the task re-runs per session: answered / failed and the answering model (journal `turn` records of recovery runs);
//  - the supervisor's actions in decision order (journal `action.proposed`, action + target, an alert by its key, and
//    how an action ended when it did not run), with probe_model left out of the order and repeats collapsed: how many
//    probes a cooldown needs and when a route_around is renewed depend on real time (CLI start-up, a loaded machine),
//    not on what was decided. A burst of re-runs is compared as a set (tasks are re-run in store order);
//  - which models were probed and how those probes ended (ok / failed / refused by OpenClaw); a probe skipped by the
//    probe budget is left out (one budget per gateway, shared here by four scenarios).
// Not compared: times, latencies, probe counts, request counts, the journal's observation records.
// Where they differ, the simulation (src/host/simulated) is what gets fixed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { journal, runtimeOrFail, selfHealPlugin, waitFor, type JournalLine } from "./helpers/self-heal.js";
import { GatewayLayout, gatewayView, loadBuiltin, play, realTurn, rehearse, type PlayedTurn } from "./helpers/parity-driver.js";
import type { JournalRecord, ParityView } from "./helpers/parity-view.js";

runtimeOrFail("e2e parity");

const ALL = ["short-503-blip", "short-429-retry-after", "short-revoked-key", "short-all-down"] as const;
/** PARITY_SCENARIOS=a,b plays only those (to look at one difference at a time). */
const SCENARIOS = process.env.PARITY_SCENARIOS ? ALL.filter((n) => process.env.PARITY_SCENARIOS!.split(",").includes(n)) : [...ALL];

describe("rehearsal parity with a real gateway", () => {
  const loaded = SCENARIOS.map(loadBuiltin);
  const layouts = loaded.map((l, i) => new GatewayLayout(i, l.scenario));
  const simulated = new Map<string, ParityView>();
  const played = new Map<string, PlayedTurn[]>();
  let fake: FakeProvider;
  let gw: Gateway;
  let records: JournalRecord[] = [];

  beforeAll(async () => {
    // One gateway for all four: they must agree on the plugin config and OpenClaw's settings.
    const config = JSON.stringify(loaded[0]!.rawConfig);
    for (const l of loaded) expect(JSON.stringify(l.rawConfig), l.scenario.name).toBe(config);
    const allow = loaded[0]!.scenario.openclaw.allowModelOverride;
    for (const l of loaded) expect(l.scenario.openclaw.allowModelOverride, l.scenario.name).toBe(allow);
    for (const l of loaded) simulated.set(l.scenario.name, await rehearse(l.scenario));
    fake = await startFakeProvider({ maxHangMs: 60_000 });
    gw = await startGateway({
      fake,
      agents: layouts.flatMap((l) => l.agents()),
      providers: layouts.flatMap((l) => l.providers()),
      plugins: [selfHealPlugin(loaded[0]!.rawConfig, allow ? { subagent: { allowModelOverride: true } } : {})],
      // A loaded CI machine boots a gateway in over a minute.
      readyTimeoutMs: 300_000,
    });
    await waitFor("self-heal running", async () => (await gw.call("self-heal.status", {}).catch(() => undefined))?.running || undefined, 120_000, 1_000);
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it("plays the four scenarios at once on the gateway, step by step at their offsets", async () => {
    // The gateway's first turn pays a cold start: warm every agent up before the clock starts.
    const warm = await Promise.all(layouts.flatMap((l) => l.agents().map((a) => realTurn(gw, fake, l, a.id, "warm-up", `hello from ${a.id}`, Date.now()))));
    for (const w of warm) expect(w.outcome, w.tail).toBe("answered");
    const t0 = Date.now() + 2_000;
    const results = await Promise.all(layouts.map((l, i) => play(gw, fake, l, t0 + i * 3_000)));
    layouts.forEach((l, i) => played.set(l.scenario.name, results[i]!));
    // Re-runs of held or failed turns the rehearsal answered by its end: give the gateway's the same chance.
    const expected = [...simulated.values()].reduce((n, v) => n + v.reruns.length, 0);
    await waitFor("the task re-runs", () => journal(gw).filter((r: JournalLine) => r.type === "turn" && String(r.runId).startsWith("selfheal-")).length >= expected || undefined, 90_000, 1_000).catch(() => undefined);
    records = journal(gw).filter((r) => !(r.type === "turn" && r.sessionKey?.endsWith(":warm-up")));
    for (const [name, turns] of played) console.info(`[e2e parity] ${name}: ${turns.map((t) => `step ${t.step} sent +${(t.sentAtMs / 1000).toFixed(1)} s${t.reachedMs !== undefined ? ` (model called +${(t.reachedMs / 1000).toFixed(1)} s)` : ""}, ${t.outcome}${t.model ? ` by ${t.model}` : ""} in ${(t.wallMs / 1000).toFixed(1)} s`).join("; ")}`);
  });

  it.each(SCENARIOS)("%s: the same turn outcomes, re-runs and actions as the rehearsal", (name) => {
    const layout = layouts[SCENARIOS.indexOf(name)]!;
    const turns = played.get(name);
    expect(turns, "the gateway run did not finish").toBeDefined();
    const real = gatewayView(turns!, records as unknown as JournalRecord[], layout);
    const sim = simulated.get(name)!;
    console.info(`[e2e parity] ${name} actions (gateway): ${real.actions.join(" → ")}; probed: ${real.probed.join(", ")}`);
    console.info(`[e2e parity] ${name} actions (rehearsal): ${sim.actions.join(" → ")}; probed: ${sim.probed.join(", ")}`);
    console.info(`[e2e parity] ${name} turns (gateway): ${JSON.stringify(real.turns)}\n[e2e parity] ${name} turns (rehearsal): ${JSON.stringify(sim.turns)}\n[e2e parity] ${name} re-runs: ${JSON.stringify(real.reruns)} vs ${JSON.stringify(sim.reruns)}`);
    expect(real.turns, `${name}: per-turn outcomes (${turns!.map((t) => t.tail).join(" | ")})`).toEqual(sim.turns);
    expect(real.reruns, `${name}: task re-runs`).toEqual(sim.reruns);
    expect(real.actions, `${name}: action sequence`).toEqual(sim.actions);
    expect(real.probed, `${name}: probed models`).toEqual(sim.probed);
  });

});
