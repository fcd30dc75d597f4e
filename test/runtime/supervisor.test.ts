import { describe, it, expect } from "vitest";
import { harness } from "../helpers/supervisor-harness.js";
import { statusOf } from "../../src/runtime/view.js";

const overload = { category: "server_overload" as const, status: 503 };

describe("Supervisor", () => {
  it("routes turns around a model that failed, then probes it back and fails back", async () => {
    const h = harness();
    h.supervisor.start();
    expect(h.supervisor.route("main", "p/primary", "run-0")).toBeUndefined();

    h.fail("p/primary", overload);
    await h.settle();
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
    expect(h.supervisor.route("main", "p/primary", "run-1")).toBe("q/backup");

    await h.advance(60_000); // cooldown (30 s ± jitter) runs out, two probes succeed
    expect(h.host.count("probeModel")).toBeGreaterThanOrEqual(2);
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("recovered");
    expect(h.supervisor.route("main", "p/primary", "run-2")).toBeUndefined();
    expect(h.types()).toContain("action.executed");
  });

  it("never routes a run back to a model it already routed that run to", async () => {
    const h = harness();
    h.supervisor.start();
    h.fail("p/primary", overload);
    await h.settle();
    expect(h.supervisor.route("main", "p/primary", "run-1")).toBe("q/backup");
    h.fail("q/backup", overload);
    await h.settle();
    // OpenClaw moves on to its next candidate; we must not send the run to q/backup again.
    expect(h.supervisor.route("main", "q/backup", "run-1")).toBe("r/third");
  });

  it("leaves OpenClaw's choice alone when every candidate is routed around", async () => {
    const h = harness();
    h.supervisor.start();
    for (const m of ["p/primary", "q/backup", "r/third"]) h.fail(m, overload);
    await h.settle();
    expect(h.supervisor.route("main", "p/primary", "run-1")).toBeUndefined();
  });

  it("ignores failures that say nothing about the model", async () => {
    const h = harness();
    h.supervisor.start();
    h.fail("p/primary", { category: "context_too_long" });
    h.fail("p/primary", { category: "aborted" });
    h.fail("p/primary", { category: "invalid_request" });
    await h.settle();
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("healthy");
    expect(h.supervisor.route("main", "p/primary")).toBeUndefined();
  });

  it("in dry-run proposes every action, executes none, and still advances state", async () => {
    const h = harness({ dryRun: true });
    h.supervisor.start();
    h.fail("p/primary", overload);
    await h.advance(120_000);
    expect(h.supervisor.stateOf("model", "p/primary")).not.toBe("healthy");
    expect(h.host.calls).toEqual([]);
    expect(h.supervisor.route("main", "p/primary")).toBeUndefined();
    const skipped = h.journal.records.filter((r) => r.type === "action.skipped");
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((r) => r.why === "dry_run")).toBe(true);
    expect(h.types()).not.toContain("action.executed");
  });

  it("declares an outage when every candidate failed three times in a row, and alerts once", async () => {
    const h = harness({ model: { failureThreshold: 5 } });
    h.supervisor.start();
    for (let i = 0; i < 4; i++) for (const m of ["p/primary", "q/backup", "r/third"]) h.fail(m, { category: "timeout" });
    await h.settle();
    expect(h.supervisor.health).toBe("outage");
    expect(h.host.alerts.filter((a) => a.key === "outage|main")).toHaveLength(1);
    expect(h.host.alerts[0]?.lines.join("\n")).toContain("r/third");
    h.ok("q/backup");
    await h.settle();
    expect(h.supervisor.health).not.toBe("outage");
    expect(h.host.alerts.some((a) => a.key === "recovered|main")).toBe(true);
  });

  it("refuses to restart a channel while openclaw.json is invalid, and journals why", async () => {
    const h = harness();
    h.host.configText = "{ broken";
    h.supervisor.start();
    for (let i = 0; i < 3; i++) h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: false });
    await h.settle();
    expect(h.host.count("restartChannel")).toBe(0);
    const refused = h.journal.records.find((r) => r.type === "action.skipped" && r.action === "restart_channel");
    expect(refused?.why).toBe("config_invalid");
  });

  it("restarts a channel when the config is valid and backs nothing up without a backup dir", async () => {
    const h = harness();
    h.supervisor.start();
    for (let i = 0; i < 3; i++) h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: false });
    await h.settle();
    expect(h.host.count("restartChannel")).toBe(1);
    expect(h.supervisor.stateOf("channel", "whatsapp")).toBe("startup_grace");
  });

  it("disables a cron job only after consecutive failed runs, when allowed", async () => {
    const h = harness({ actions: { disableCron: true } });
    h.supervisor.start();
    const run = (ok: boolean) => h.supervisor.observe({ type: "cron.run", ts: h.clock.now(), jobId: "daily", ok });
    run(false);
    run(false);
    await h.settle();
    expect(h.host.count("disableCron")).toBe(0);
    run(true);
    run(false);
    run(false);
    await h.settle();
    expect(h.host.count("disableCron")).toBe(0);
    run(false);
    await h.settle();
    expect(h.host.count("disableCron")).toBe(1);
  });

  it("keeps disruptive actions off by default", async () => {
    const h = harness();
    h.supervisor.start();
    for (let i = 0; i < 3; i++) h.supervisor.observe({ type: "cron.run", ts: h.clock.now(), jobId: "daily", ok: false });
    await h.settle();
    expect(h.host.count("disableCron")).toBe(0);
    const skipped = h.journal.records.find((r) => r.type === "action.skipped" && r.action === "disable_cron");
    expect(skipped?.why).toBe("disabled");
  });

  it("reports the status snapshot in the contract's shape", async () => {
    const h = harness();
    h.supervisor.start();
    h.fail("p/primary", { category: "rate_limit", status: 429, retryAfterMs: 120_000 });
    await h.settle();
    const status = statusOf(h.supervisor, h.clock.now());
    expect(status.health).toBe("degraded");
    const primary = status.models.find((m) => m.id === "p/primary");
    expect(primary?.state).toBe("cooldown");
    expect(Date.parse(primary?.until ?? "") - h.clock.now()).toBeGreaterThanOrEqual(120_000);
    expect(primary?.lastError?.category).toBe("rate_limit");
    expect(status.recentActions.map((a) => a.action)).toContain("route_around");
    expect(status.channels.map((c) => c.id)).toEqual(["whatsapp"]);
    expect(status.cron.map((c) => c.id)).toEqual(["daily"]);
  });
});

describe("Executor durability guard", () => {
  it("refuses a restart whose decision could not be written to disk", async () => {
    const h = harness();
    (h.journal as unknown as { isDurable: (seq: number) => boolean }).isDurable = () => false;
    h.supervisor.start();
    for (let i = 0; i < 3; i++) h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: false });
    await h.settle();
    expect(h.host.count("restartChannel")).toBe(0);
    const refused = h.journal.records.find((r) => r.type === "action.skipped" && r.action === "restart_channel");
    expect(refused?.why).toBe("journal_unavailable");
  });
});

describe("Supervisor without probes", () => {
  it("lets real traffic test a cooled model when probing is switched off", async () => {
    const h = harness({ actions: { probeModel: false } });
    h.supervisor.start();
    h.fail("p/primary", { category: "server_overload" });
    await h.settle();
    expect(h.supervisor.route("main", "p/primary", "r1")).toBe("q/backup");
    await h.advance(60_000);
    expect(h.host.count("probeModel")).toBe(0);
    expect(h.supervisor.route("main", "p/primary", "r2")).toBeUndefined();
    h.ok("p/primary");
    h.ok("p/primary");
    await h.settle();
    expect(h.supervisor.stateOf("model", "p/primary")).toBe("recovered");
  });

  it("keeps routing around while a permitted probe keeps failing", async () => {
    const h = harness();
    h.host.probeAnswer = () => ({ ok: false, durationMs: 5, classification: { category: "server_overload", retryable: true, evidence: "503" } });
    h.supervisor.start();
    h.fail("p/primary", { category: "server_overload" });
    await h.advance(10 * 60_000);
    expect(h.host.count("probeModel")).toBeGreaterThanOrEqual(2);
    expect(h.supervisor.route("main", "p/primary", "r3")).toBe("q/backup");
  });
});

describe("Supervisor during an all-models outage", () => {
  const downAll = async (h: ReturnType<typeof harness>) => {
    for (const m of ["p/primary", "q/backup", "r/third"]) h.fail(m, { category: "server_overload" });
    await h.settle();
  };

  it("holds turns only while every model of the agent is routed around", async () => {
    const h = harness();
    h.supervisor.start();
    h.fail("p/primary", { category: "server_overload" });
    await h.settle();
    expect(h.supervisor.hold("main", "p/primary")).toBeUndefined();
    await downAll(h);
    expect(h.supervisor.hold("main", "p/primary")).toMatch(/every AI model of this assistant is failing right now/);
    h.host.probeAnswer = () => ({ ok: true, durationMs: 5 });
    await h.advance(10 * 60_000);
    expect(h.supervisor.hold("main", "p/primary")).toBeUndefined();
  });

  it("tells a held user in plain words that the message is kept, naming no provider or model", async () => {
    const h = harness();
    h.supervisor.start();
    await downAll(h);
    const notice = h.supervisor.hold("main", "p/primary")!;
    expect(notice).toBe(
      "every AI model of this assistant is failing right now. Your message is kept and will be tried again automatically as soon as a model works (within the hour), so there is no need to send it again.",
    );
    expect(notice).not.toMatch(/p\/primary|\//);
  });

  it("never holds when outage.holdTurns is off", async () => {
    const h = harness({ outage: { holdTurns: false } });
    h.supervisor.start();
    await downAll(h);
    expect(h.supervisor.hold("main", "p/primary")).toBeUndefined();
  });

  it("probes a held chain at least every outage.probeIntervalSeconds, however often it failed", async () => {
    const h = harness({ outage: { probeIntervalSeconds: 60 }, model: { successesToRecover: 1 } });
    h.host.probeAnswer = () => ({ ok: false, durationMs: 5, classification: { category: "server_overload", retryable: true, evidence: "503" } });
    h.supervisor.start();
    await downAll(h);
    await h.advance(60 * 60_000); // an hour of failing probes: cooldowns would grow to 5 min uncapped
    const probesBefore = h.host.count("probeModel");
    await h.advance(3 * 60_000);
    const perModel = (h.host.count("probeModel") - probesBefore) / 3;
    expect(perModel).toBeGreaterThanOrEqual(2); // at least ~one probe per model per 75 s (60 s + jitter)
  });
});
