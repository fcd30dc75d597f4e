import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { createMemoryStorage, openJournal, type JournalRecord } from "../../src/journal/index.js";
import { arbitraryOps, expectReplayMatches, runOps } from "./property-model.js";

describe("journal replay property (in memory)", () => {
  it("replays exactly the appended records, in seq order within each day, for any mix of appends", () => {
    fc.assert(
      fc.property(arbitraryOps(), fc.integer({ min: 1, max: 12 }), (ops, cap) => {
        const storage = createMemoryStorage();
        const clock = new ManualClock(Date.parse("2026-02-12T12:00:00.000Z"));
        const journal = openJournal({ dir: "/unused", clock, storage, maxBufferedRecords: cap });
        const appended = runOps(journal, clock, ops);
        journal.close();
        const byDay = new Map<string, JournalRecord[]>();
        storage.replay((r) => byDay.set(r.ts.slice(0, 10), [...(byDay.get(r.ts.slice(0, 10)) ?? []), r]));
        expectReplayMatches(appended, byDay, journal.stats().dropped);
      }),
      { numRuns: 300 },
    );
  });
});
