import { describe, it, expect } from "vitest";
import { harness } from "../helpers/supervisor-harness.js";
import { captureSupervisor, restoreSupervisor } from "../../src/runtime/snapshot-state.js";
import { statusOf } from "../../src/runtime/view.js";
import { AlertLedger } from "../../src/runtime/alert-ledger.js";
import { RecentLedger } from "../../src/runtime/recent-ledger.js";
import { NON_URGENT } from "../../src/projections/quota-effects.js";

describe("supervisor state capture", () => {
  it("round-trips through JSON into a fresh supervisor: actors, routes, outage, health, held caps, recent actions", async () => {
    const live = harness({ outage: { consecutiveFailures: 1 } });
    live.supervisor.start();
    for (const m of ["p/primary", "q/backup", "r/third"]) live.fail(m, { category: "server_overload" });
    await live.settle();
    // Quota watch: non-urgent turns avoid p/* (an executed non-urgent route_around).
    live.supervisor.applyOutcome({ action: "route_around", target: "p/*", reason: "quota", params: { scope: NON_URGENT, until: live.clock.now() + 60_000 } }, "executed", undefined, undefined, live.clock.now());
    const captured = JSON.parse(JSON.stringify(captureSupervisor(live.supervisor)));
    expect(captured.routes.length).toBe(3);
    expect(captured.spared).toEqual([["p/*", live.clock.now() + 60_000]]);
    expect(captured.down).toEqual(["main"]);
    const fresh = harness({ outage: { consecutiveFailures: 1 } });
    restoreSupervisor(fresh.supervisor, captured);
    const now = live.clock.now();
    expect(statusOf(fresh.supervisor, now)).toEqual(statusOf(live.supervisor, now));
    expect(JSON.parse(JSON.stringify(captureSupervisor(fresh.supervisor)))).toEqual(captured);
    expect(fresh.supervisor.route("main", "p/primary")).toBeUndefined(); // every model avoided: nothing to route to
    expect(fresh.supervisor.agentsDown()).toEqual(["main"]);
    expect(fresh.supervisor.sparedUntil("p/*", now)).toBe(now + 60_000);
  });

  it("refuses a malformed state and changes nothing", () => {
    const live = harness();
    live.supervisor.start();
    const good = JSON.parse(JSON.stringify(captureSupervisor(live.supervisor)));
    const broken = [
      null,
      { ...good, slots: [["model", "p/primary", "no-such-state", {}]] },
      { ...good, slots: [["robot", "x", "healthy", {}]] },
      { ...good, routes: [["p/primary", "soon"]] },
      { ...good, health: "fine" },
      { ...good, recent: [{ at: "yesterday" }] },
      { ...good, streaks: "none" },
    ];
    for (const state of broken) {
      const fresh = harness();
      expect(() => restoreSupervisor(fresh.supervisor, state)).toThrow();
      expect(fresh.supervisor.actorCount).toBe(0);
      expect(fresh.supervisor.routedAround()).toEqual([]);
      expect(fresh.supervisor.recentActions()).toEqual([]);
    }
  });
});

describe("replay ledgers", () => {
  it("note alert times and recent actions from appended records as replay would", () => {
    const alerts = new AlertLedger();
    alerts.observe("action.executed", 1000, { action: "alert", target: "main", reason: "outage", params: { key: "k" } });
    alerts.observe("action.skipped", 2000, { action: "alert", target: "main", reason: "outage", params: { key: "k" } });
    alerts.observe("action.failed", 1500, { action: "alert", target: "main", reason: "outage", params: { key: "k" } });
    alerts.observe("action.executed", 3000, { action: "probe_model", target: "p/primary", reason: "probe" });
    expect(alerts.entries()).toEqual([{ effect: { action: "alert", target: "main", reason: "outage", params: { key: "k" } }, at: 1500 }]);

    const recent = new RecentLedger(() => "dry_run");
    recent.observe("action.skipped", 10, { action: "route_around", target: "p/primary", reason: "cooldown", why: "dry_run" });
    recent.observe("action.executed", 20, { action: "fail_back", target: "p/primary", reason: "recovered" });
    recent.observe("action.proposed", 30, { action: "fail_back", target: "p/primary", reason: "recovered" });
    recent.observe("action.executed", 40, { action: "not_an_action", target: "p/primary" });
    expect(recent.entries()).toEqual([
      { at: 10, action: "route_around", target: "p/primary", reason: "cooldown", outcome: "dry_run", why: "dry_run" },
      { at: 20, action: "fail_back", target: "p/primary", reason: "recovered", outcome: "executed" },
    ]);
  });
});
