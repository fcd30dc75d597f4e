// The short status text (/selfheal, `self-heal status`, the self_heal_status tool).
import { describe, expect, it } from "vitest";
import { statusText } from "../../src/adapter/status-text.js";
import type { StatusSnapshot } from "../../src/runtime/view.js";

const base: StatusSnapshot = {
  generatedAt: "2026-11-22T10:00:00.000Z",
  health: "healthy",
  dryRun: false,
  models: [{ id: "p/a", state: "healthy", failures: 0, ejections: 0, routedAround: false }],
  channels: [],
  cron: [],
  gateway: { state: "running", restartsInWindow: 0 },
  outage: { agents: [] },
  recentActions: [],
};

describe("statusText", () => {
  it("prints one line per quota budget with what is used, the reset and whether non-urgent turns are moved", () => {
    const text = statusText({
      ...base,
      quota: [
        { model: "p/a", window: "day", windowStart: "2026-11-22T00:00:00.000Z", resetsAt: "2026-11-23T00:00:00.000Z", requests: { used: 96, limit: 100 }, tokens: { used: 5000 }, percent: 96, level: "critical", routedUntil: "2026-11-23T00:00:00.000Z" },
        { model: "q/*", window: "rolling", windowStart: "2026-11-22T06:00:00.000Z", resetsAt: "2026-11-22T11:00:00.000Z", requests: { used: 3 }, tokens: { used: 1200, limit: 10000 }, percent: 12, level: "ok" },
      ],
    });
    expect(text.split("\n")).toEqual(
      expect.arrayContaining([
        "- quota p/a: 96% of day budget (96/100 requests), resets 2026-11-23T00:00Z, non-urgent turns routed away",
        "- quota q/*: 12% of rolling budget (1200/10000 tokens), resets 2026-11-22T11:00Z",
      ]),
    );
  });

  it("prints no quota lines when no budget is configured", () => {
    expect(statusText(base)).not.toContain("quota");
  });
});
