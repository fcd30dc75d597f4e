import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { harness, T0 } from "../helpers/supervisor-harness.js";
import { operate, checkAsk, askFromWords } from "../../src/runtime/operator-request.js";
import { replayInto } from "../../src/runtime/replay.js";
import { statusOf } from "../../src/runtime/view.js";
import { captureSupervisor, restoreSupervisor } from "../../src/runtime/snapshot-state.js";
import type { JournalRecord } from "../../src/runtime/records.js";
import { step, runStep } from "../helpers/random-steps.js";
import { parseDuration } from "../../src/domain/operator.js";

const records = (h: ReturnType<typeof harness>) => JSON.parse(JSON.stringify(h.journal.records)) as JournalRecord[];
const of = (h: ReturnType<typeof harness>, type: string) => h.journal.records.filter((r) => r.type === type) as Array<Record<string, unknown>>;

describe("operator verbs", () => {
  it("clear puts a model disabled for a bad key back to healthy, stops routing around it, and journals who asked where", async () => {
    const h = harness();
    h.supervisor.start();
    h.fail("p/primary", { category: "auth_failed", status: 401 });
    await h.settle();
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("disabled");
    expect(h.supervisor.route("main", "p/primary")).toBe("q/backup");
    const reply = operate(h.supervisor, { verb: "clear", target: "p/primary", by: "alice", surface: "cli" }, h.clock.now());
    await h.settle();
    expect(reply.ok).toBe(true);
    expect(reply.ok && reply.text).toMatch(/Cleared p\/primary.*healthy/);
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("healthy");
    expect(h.supervisor.route("main", "p/primary")).toBeUndefined();
    expect(of(h, "operator.requested")).toEqual([expect.objectContaining({ verb: "clear", target: "p/primary", by: "alice", surface: "cli" })]);
    expect(of(h, "action.executed").some((r) => r.action === "fail_back" && (r.params as Record<string, unknown>)?.operator === "alice")).toBe(true);
  });

  it("clears a channel that gave up, a disabled cron job and an escalated gateway budget", async () => {
    const h = harness({ channels: { disconnectThreshold: 1, restartBudgetMax: 0 }, cron: { failureThreshold: 1 }, gateway: { restartBudgetMax: 0 } });
    h.supervisor.start();
    h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: false });
    h.supervisor.observe({ type: "cron.run", ts: h.clock.now(), jobId: "daily", ok: false });
    h.supervisor.send({ kind: "gateway", id: "gateway" }, { type: "RESTART_REQUESTED", now: h.clock.now(), reason: "test" });
    await h.settle();
    expect(h.supervisor.stateOf("channel", "whatsapp")).toBe("given_up");
    expect(h.supervisor.stateOf("cron", "daily")).toBe("disabled");
    expect(h.supervisor.stateOf("gateway", "gateway")).toBe("escalated");
    for (const target of ["channel:whatsapp", "cron:daily", "gateway budget"]) {
      expect(operate(h.supervisor, { verb: "clear", target, surface: "rpc" }, h.clock.now()).ok).toBe(true);
    }
    expect(h.supervisor.stateOf("channel", "whatsapp")).toBe("disconnected");
    expect(h.supervisor.stateOf("cron", "daily")).toBe("ok");
    expect(h.supervisor.stateOf("gateway", "gateway")).toBe("running");
  });

  it("pause journals every call but decides nothing; resume acts on the next failure", async () => {
    const h = harness();
    h.supervisor.start();
    const paused = operate(h.supervisor, { verb: "pause", duration: "30m", by: "bob", surface: "chat" }, h.clock.now());
    expect(paused.ok && paused.text).toMatch(/Maintenance mode until .*self-heal resume/);
    expect(statusOf(h.supervisor, h.clock.now())).toMatchObject({ maintenance: true, operator: { paused: { by: "bob", surface: "chat" } } });
    for (let i = 0; i < 5; i++) h.fail("p/primary", { category: "server_overload", status: 503 });
    await h.settle();
    expect(of(h, "call")).toHaveLength(5);
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("healthy");
    expect(h.supervisor.route("main", "p/primary")).toBeUndefined();
    expect(of(h, "action.proposed")).toEqual([]);
    operate(h.supervisor, { verb: "resume", surface: "chat" }, h.clock.now());
    expect(statusOf(h.supervisor, h.clock.now()).maintenance).toBeUndefined();
    h.fail("p/primary", { category: "server_overload", status: 503 });
    await h.settle();
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
    expect(h.supervisor.route("main", "p/primary")).toBe("q/backup");
  });

  it("a pause ends by itself after its duration", async () => {
    const h = harness();
    h.supervisor.start();
    operate(h.supervisor, { verb: "pause", duration: "10m", surface: "rpc" }, h.clock.now());
    await h.advance(11 * 60_000);
    expect(statusOf(h.supervisor, h.clock.now()).maintenance).toBeUndefined();
    h.fail("p/primary", { category: "server_overload" });
    await h.settle();
    expect(h.supervisor.route("main", "p/primary")).toBe("q/backup");
  });

  it("while paused, decisions already due (a cooled model's probe) are skipped with why=paused", async () => {
    const h = harness();
    h.supervisor.start();
    h.fail("p/primary", { category: "server_overload" });
    await h.settle();
    operate(h.supervisor, { verb: "pause", duration: "1h", surface: "rpc" }, h.clock.now());
    await h.advance(120_000);
    expect(h.host.count("probeModel")).toBe(0);
    expect(of(h, "action.skipped").some((r) => r.action === "probe_model" && r.why === "paused")).toBe(true);
  });

  it("silence skips alerts (journaled with why=silenced) but nothing else; silence off ends it", async () => {
    const h = harness();
    h.supervisor.start();
    operate(h.supervisor, { verb: "silence", duration: "2h", surface: "tool", by: "owner" }, h.clock.now());
    h.fail("p/primary", { category: "auth_failed" });
    await h.settle();
    expect(h.host.count("sendAlert")).toBe(0);
    expect(of(h, "action.skipped").some((r) => r.action === "alert" && r.why === "silenced")).toBe(true);
    expect(h.supervisor.route("main", "p/primary")).toBe("q/backup");
    const off = operate(h.supervisor, { verb: "silence", duration: "off", surface: "tool" }, h.clock.now());
    expect(off.ok && off.text).toBe("Alerts are no longer silenced.");
    h.fail("q/backup", { category: "auth_failed" });
    await h.settle();
    expect(h.host.count("sendAlert")).toBe(1);
  });

  it("failback sends turns back to a cooled model at once and watches it as recovered", async () => {
    const h = harness();
    h.supervisor.start();
    h.fail("p/primary", { category: "server_overload" });
    await h.settle();
    expect(operate(h.supervisor, { verb: "failback", target: "p/primary", surface: "cli" }, h.clock.now()).ok).toBe(true);
    await h.settle();
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("recovered");
    expect(h.supervisor.route("main", "p/primary")).toBeUndefined();
    h.fail("p/primary", { category: "server_overload" });
    await h.settle();
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
  });

  it("probe sends one probe now, even in maintenance mode, and its result reaches the model", async () => {
    const h = harness();
    h.supervisor.start();
    operate(h.supervisor, { verb: "pause", surface: "rpc" }, h.clock.now());
    expect(operate(h.supervisor, { verb: "probe", target: "q/backup", surface: "rpc", by: "carol" }, h.clock.now()).ok).toBe(true);
    await h.settle();
    expect(h.host.count("probeModel")).toBe(1);
    expect(of(h, "probe.result")).toHaveLength(1);
  });

  it("honours dry-run: the state changes, no action runs", async () => {
    const h = harness({ dryRun: true });
    h.supervisor.start();
    h.fail("p/primary", { category: "auth_failed" });
    await h.settle();
    const reply = operate(h.supervisor, { verb: "clear", target: "p/primary", surface: "cli" }, h.clock.now());
    await h.settle();
    expect(reply.ok && reply.text).toMatch(/dry run: the state changed, no action was executed/);
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("healthy");
    expect(of(h, "action.skipped").some((r) => r.action === "fail_back" && r.why === "dry_run")).toBe(true);
    operate(h.supervisor, { verb: "probe", target: "p/primary", surface: "cli" }, h.clock.now());
    await h.settle();
    expect(h.host.count("probeModel")).toBe(0);
  });

  it("refuses bad requests in plain words and changes nothing", () => {
    const h = harness();
    h.supervisor.start();
    const before = h.journal.records.length;
    const bad = [
      [{ verb: "reboot", surface: "cli" }, /Unknown operator command "reboot"/],
      [{ verb: "clear", surface: "cli" }, /"clear" needs a target/],
      [{ verb: "clear", target: "x/nope", surface: "cli" }, /Nothing supervised is called "x\/nope". Known targets: .*p\/primary/],
      [{ verb: "probe", target: "channel:whatsapp", surface: "cli" }, /Known model: p\/primary/],
      [{ verb: "pause", duration: "soon", surface: "cli" }, /"soon" is not a duration/],
      [{ verb: "silence", duration: "8d", surface: "cli" }, /longer than the 7-day maximum/],
    ] as const;
    for (const [ask, error] of bad) {
      const reply = operate(h.supervisor, ask, h.clock.now());
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.error).toMatch(error);
    }
    expect(h.journal.records.length).toBe(before);
  });

  it("reads chat and CLI words and durations", () => {
    expect(askFromWords(["pause", "2h"], "chat", "o")).toEqual({ verb: "pause", duration: "2h", surface: "chat", by: "o" });
    expect(askFromWords(["clear", "gateway", "budget"], "chat")).toEqual({ verb: "clear", target: "gateway budget", surface: "chat" });
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("30")).toBe(1_800_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("0m")).toBeUndefined();
    expect(parseDuration("-1h")).toBeUndefined();
  });

  it("a request recorded offline (no checkpoint after it) replays to the cleared state with no route left", async () => {
    const live = harness();
    live.supervisor.start();
    live.fail("p/primary", { category: "auth_failed" });
    await live.settle();
    const recs = records(live);
    const checked = checkAsk(live.supervisor, { verb: "clear", target: "p/primary", surface: "offline", by: "ops" }, live.clock.now() + 1000);
    if ("error" in checked) throw new Error(checked.error);
    recs.push({ v: 1, seq: recs.length + 1, ts: new Date(live.clock.now() + 1000).toISOString(), type: "operator.requested", verb: "clear", target: "p/primary", by: "ops", surface: "offline" });
    const rebuilt = harness();
    replayInto(rebuilt.supervisor, recs);
    expect(rebuilt.supervisor.stateOf("model", "p/primary")).toBe("healthy");
    expect(rebuilt.supervisor.route("main", "p/primary")).toBeUndefined();
  });

  it("the snapshot cache keeps a pause and a silence", () => {
    const h = harness();
    h.supervisor.start();
    operate(h.supervisor, { verb: "pause", duration: "1h", surface: "rpc", by: "x" }, T0);
    operate(h.supervisor, { verb: "silence", duration: "2h", surface: "rpc", by: "y" }, T0);
    const state = JSON.parse(JSON.stringify(captureSupervisor(h.supervisor)));
    const other = harness();
    restoreSupervisor(other.supervisor, state);
    expect(other.supervisor.operatorView(T0 + 1000)).toEqual(h.supervisor.operatorView(T0 + 1000));
    expect(other.supervisor.isPaused(T0 + 1000)).toBe(true);
  });

  it("replays to the same state when operator verbs are mixed into random traffic", async () => {
    const verb = fc.record({
      kind: fc.constant("op" as const),
      verb: fc.constantFrom("clear", "pause", "resume", "probe", "failback", "silence"),
      target: fc.constantFrom("p/primary", "q/backup", "channel:whatsapp", "cron:daily", "gateway"),
      duration: fc.constantFrom("5m", "1h", "off"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(step, verb), { minLength: 1, maxLength: 40 }), async (steps) => {
        const live = harness({ actions: { disableCron: true, restartGateway: true } });
        live.supervisor.start();
        for (const s of steps) {
          if (s.kind === "op") operate(live.supervisor, { verb: s.verb, target: s.target, duration: s.duration, surface: "rpc" }, live.clock.now());
          else await runStep(live.supervisor, live.clock, s, live.advance);
          await live.settle();
        }
        const now = live.clock.now();
        const rebuilt = harness({ actions: { disableCron: true, restartGateway: true } });
        rebuilt.clock.advanceTo(now);
        replayInto(rebuilt.supervisor, records(live));
        const { generatedAt: _a, recentActions: _b, ...a } = statusOf(rebuilt.supervisor, now);
        const { generatedAt: _c, recentActions: _d, ...b } = statusOf(live.supervisor, now);
        expect(a).toEqual(b);
        expect(rebuilt.supervisor.routedAround().sort()).toEqual(live.supervisor.routedAround().sort());
      }),
      { numRuns: 60 },
    );
  });
});
