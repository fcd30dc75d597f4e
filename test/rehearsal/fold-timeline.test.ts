import { describe, expect, it } from "vitest";
import { foldBursts, foldTimeline } from "../../src/rehearsal/fold-timeline.js";
import type { TimelineEntry } from "../../src/rehearsal/recorder.js";
import { downtimeOf } from "../../src/rehearsal/metrics.js";
import type { TurnRecord } from "../../src/host/simulated/turn-engine.js";

const T0 = Date.parse("2026-02-12T13:00:00Z");
const M = "model z/glm";

function probeCycle(at: number, refused = false): TimelineEntry[] {
  return [
    { atMs: at, actor: M, event: "cooldown → probing", why: "cooldown elapsed, probing" },
    { atMs: at, actor: "action", event: "probe_model z/glm", outcome: refused ? "refused: budget" : "dry_run", why: "cooldown elapsed, probing" },
    { atMs: at + 30_000, actor: M, event: "probing → cooldown", why: "probe failed: timeout (until +1 min)" },
    { atMs: at + 30_000, actor: "action", event: "route_around z/glm", outcome: "dry_run", why: "probe failed: timeout" },
  ];
}

describe("timeline folding", () => {
  it("keeps the first cycle and folds the other 34 into one line with its period and end", () => {
    const timeline: TimelineEntry[] = [];
    for (let i = 0; i < 35; i++) timeline.push(...probeCycle(T0 + i * 60_000, i === 7));
    timeline.push({ atMs: T0 + 36 * 60_000, actor: "world", event: "z/glm answers again" });
    const folded = foldTimeline(timeline, T0);
    expect(folded).toHaveLength(4 + 1 + 1);
    const line = folded[4] as TimelineEntry;
    expect(line.event).toBe("↻ the cycle above ×34 more, every 1.0 min, until +0:34:30");
    expect(line.why).toContain("1 refused by a guard");
    expect(folded[5]?.actor).toBe("world");
  });

  it("leaves a cycle that happens only twice alone, and never folds lines of other actors", () => {
    const timeline = [...probeCycle(T0), { atMs: T0 + 40_000, actor: "turn s1", event: "blocked" }, ...probeCycle(T0 + 60_000)];
    expect(foldTimeline(timeline, T0)).toEqual(timeline);
  });

  it("folds a burst of task re-runs into one line per kind", () => {
    const burst: TimelineEntry[] = ["s1", "s2", "s3", "s1"].map((s, i) => ({ atMs: T0 + i, actor: "action", event: `recover_task agent:main:explicit:${s}`, outcome: "dry_run", why: "re-run model_unavailable turn (attempt 1/3)" }));
    const folded = foldBursts(burst);
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatchObject({ repeats: 4, lastAtMs: T0 + 3, why: "re-run model_unavailable turn (attempt 1/3); 3 session(s)" });
  });
});

function turn(arrivedAt: number, endedAt: number, ok: boolean): TurnRecord {
  return { runId: String(arrivedAt), agentId: "main", session: "s", trigger: "user", arrivedAt, startedAt: arrivedAt, endedAt, ok, outcome: ok ? "answered" : "failed", requested: "p/m", requests: 1 };
}

describe("downtime (first failed turn → answered again)", () => {
  it("runs from the first failed turn's arrival to the end of the first turn answered after the last failure", () => {
    const turns = [turn(0, 1_000, true), turn(10_000, 70_000, false), turn(20_000, 21_000, true), turn(30_000, 90_000, false), turn(100_000, 102_000, true)];
    expect(downtimeOf(turns)).toEqual({ ms: 92_000, open: false });
  });

  it("is none without a failure and open when nothing was answered after the last one", () => {
    expect(downtimeOf([turn(0, 1, true)])).toEqual({ ms: null, open: false });
    expect(downtimeOf([turn(0, 1, true), turn(5, 9, false)])).toEqual({ ms: null, open: true });
  });
});
