// The stats store on disk: a 90-day × 100k-calls/day store answers exactly; the live runtime keeps it current
// across restarts without double counting; a rebuild from the journal gives the same answer; retention prunes.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { defaultConfig } from "../../src/config/parse-config.js";
import { createRuntime } from "../../src/runtime/create-runtime.js";
import { queryStats, rebuildStats, pruneStats, listStatsDays, foldJournal, queryDays } from "../../src/projections/index.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { TOPOLOGY, T0 } from "../helpers/supervisor-harness.js";
import { writeSyntheticStore } from "./synthetic-store.js";

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), "self-heal-stats-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("a 90-day store of 100k calls a day", () => {
  const statsDir = tempDir();
  const store = writeSyntheticStore(statsDir);

  it("answers the whole range with the exact totals, per model, in day and week buckets", () => {
    const started = performance.now();
    const r = queryStats(statsDir, { from: store.firstDay, to: "2026-04-01", granularity: "day" });
    const ms = performance.now() - started;
    console.log(`[stats] query over 90 days x 100k calls/day: ${ms.toFixed(1)} ms; store ${listStatsDays(statsDir).length} files, ${readdirSync(statsDir).reduce((s, f) => s + statSync(join(statsDir, f)).size, 0)} bytes`);
    expect(r.total.calls).toBe(9_000_000);
    expect(r.total.calls).toBe(store.calls);
    expect(r.total.errors).toBe(store.errors);
    expect(r.series).toHaveLength(90);
    for (const m of r.models) expect([m.calls, m.errors]).toEqual([store.byModel[m.model]?.calls, store.byModel[m.model]?.errors]);
    const weeks = queryStats(statsDir, { from: store.firstDay, to: "2026-04-01", granularity: "week" });
    expect(weeks.series.reduce((s, w) => s + w.calls, 0)).toBe(store.calls);
    expect(weeks.series.every((w) => new Date(w.start).getUTCDay() === 1)).toBe(true);
  });

  it("reads one model over the last day in hour buckets", () => {
    const model = store.models[1] as string;
    const r = queryStats(statsDir, { from: "2026-03-31", to: "2026-04-01", model: model.split("/")[1] as string, granularity: "hour" });
    expect(r.series).toHaveLength(24);
    expect(r.models.map((m) => m.model)).toEqual([model]);
    expect(r.total.calls).toBe(Math.floor(100_000 / (8 * 24)) * 24);
  });
});

describe("the live runtime", () => {
  const failure = (ts: number) => ({ type: "call" as const, ts, model: "p/primary", provider: "p", ok: false, durationMs: 1200, classification: { category: "rate_limit" as const, retryable: true, retryAfterMs: 600_000, evidence: "429" } });
  const success = (ts: number) => ({ type: "call" as const, ts, model: "q/backup", provider: "q", ok: true, durationMs: 300 });

  it("keeps <stateDir>/stats current across a restart without counting a record twice, and a rebuild agrees", async () => {
    const stateDir = tempDir();
    const clock = new ManualClock(T0);
    const first = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(1), inline: true });
    first.supervisor.observe(failure(clock.now()));
    first.supervisor.observe(success(clock.now() + 10));
    first.stop();
    const day = new Date(T0).toISOString().slice(0, 10);
    expect(existsSync(join(stateDir, "stats", `${day}.json`))).toBe(true);
    const range = { from: day, to: T0 + 86_400_000 };
    expect(queryStats(join(stateDir, "stats"), range).total).toMatchObject({ calls: 2, errors: 1, byCategory: { rate_limit: 1 } });

    clock.advance(60_000);
    const second = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(2), inline: true });
    second.supervisor.observe(success(clock.now()));
    second.rollups?.flush();
    const live = queryStats(second.statsDir, range);
    second.stop();
    expect(live.total).toMatchObject({ calls: 3, errors: 1 });
    expect(live.models.map((m) => [m.model, m.calls])).toEqual([["q/backup", 2], ["p/primary", 1]]);

    const fromJournal = queryDays(foldJournal(join(stateDir, "journal")), range);
    expect(fromJournal.total).toEqual(queryStats(join(stateDir, "stats"), range).total);
    const rebuilt = rebuildStats(join(stateDir, "journal"), join(stateDir, "stats"));
    expect(rebuilt.days).toBe(1);
    expect(queryStats(join(stateDir, "stats"), range).total).toEqual(live.total);
  });
});

describe("retention", () => {
  it("removes day files older than statsRetentionDays and keeps the rest", () => {
    const statsDir = tempDir();
    writeSyntheticStore(statsDir, { days: 10, callsPerDay: 100, models: 1, lastDay: "2026-03-31" });
    const removed = pruneStats(statsDir, 3, Date.parse("2026-03-31T12:00:00Z"));
    expect(removed).toHaveLength(6);
    expect(listStatsDays(statsDir)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31"]);
  });
});
