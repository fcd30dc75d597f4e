import fc from "fast-check";
import { join } from "node:path";
import { describe, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { openJournal, replayJournal, type JournalRecord } from "../../src/journal/index.js";
import { arbitraryOps, expectReplayMatches, runOps } from "./property-model.js";
import { useTempDirs } from "./temp-dir.js";

const tempDir = useTempDirs();

describe("journal replay property (on disk)", () => {
  it("replays exactly the appended records after close and reopen, for any mix of appends", () => {
    const root = tempDir();
    let run = 0;
    fc.assert(
      fc.property(arbitraryOps(), arbitraryOps(), fc.integer({ min: 1, max: 12 }), (first, second, cap) => {
        const dir = join(root, String(run++));
        const clock = new ManualClock(Date.parse("2026-02-12T12:00:00.000Z"));
        const a = openJournal({ dir, clock, maxBufferedRecords: cap });
        const appended = runOps(a, clock, first);
        a.close();
        const b = openJournal({ dir, clock, maxBufferedRecords: cap });
        for (const [seq, record] of runOps(b, clock, second)) appended.set(seq, record);
        b.close();
        const byDay = new Map<string, JournalRecord[]>();
        replayJournal(dir, (r, day) => byDay.set(day, [...(byDay.get(day) ?? []), r]));
        expectReplayMatches(appended, byDay, a.stats().dropped + b.stats().dropped);
      }),
      { numRuns: 60 },
    );
  });
});
