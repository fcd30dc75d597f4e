import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeRecord, readJournal, replayJournal, type JournalRecord } from "../../src/journal/index.js";
import { useTempDirs } from "./temp-dir.js";

const tempDir = useTempDirs();
const DAY = 86_400_000;
const T = Date.parse("2026-02-10T08:00:00.000Z");

/** Three day files, 10th to 12th, two records each. */
function seedThreeDays(dir: string): void {
  let seq = 0;
  for (let d = 0; d < 3; d++) {
    const ts = T + d * DAY;
    const text = encodeRecord(++seq, ts, "a", { d }) + encodeRecord(++seq, ts, "b", { d });
    writeFileSync(join(dir, new Date(ts).toISOString().slice(0, 10) + ".jsonl"), text);
  }
  writeFileSync(join(dir, "README.txt"), "not a journal file\n");
}

describe("journal reader", () => {
  it("replays day files oldest first and reports what it read", () => {
    const dir = tempDir();
    seedThreeDays(dir);
    const seen: Array<[number, string]> = [];
    const result = replayJournal(dir, (r, day) => seen.push([r.seq, day]));
    expect(seen).toEqual([
      [1, "2026-02-10"],
      [2, "2026-02-10"],
      [3, "2026-02-11"],
      [4, "2026-02-11"],
      [5, "2026-02-12"],
      [6, "2026-02-12"],
    ]);
    expect(result).toEqual({
      files: ["2026-02-10.jsonl", "2026-02-11.jsonl", "2026-02-12.jsonl"],
      records: 6,
      tornTail: 0,
      corrupt: 0,
      maxSeq: 6,
      nonMonotonic: 0,
    });
  });

  it("limits replay to the days from..to, inclusive", () => {
    const dir = tempDir();
    seedThreeDays(dir);
    const seqs: number[] = [];
    const result = replayJournal(dir, (r) => seqs.push(r.seq), { from: "2026-02-11", to: "2026-02-11" });
    expect(seqs).toEqual([3, 4]);
    expect(result.files).toEqual(["2026-02-11.jsonl"]);
    expect(replayJournal(dir, () => {}, { from: "2026-02-12" }).records).toBe(2);
    expect(replayJournal(dir, () => {}, { to: "2026-02-10" }).records).toBe(2);
  });

  it("yields the same records from the pull-style reader, with the result filled in afterwards", () => {
    const dir = tempDir();
    seedThreeDays(dir);
    writeFileSync(join(dir, "2026-02-13.jsonl"), 'oops\n{"v":1,"seq":7,"ts"');
    const pushed: JournalRecord[] = [];
    const expected = replayJournal(dir, (r) => pushed.push(r));
    const reader = readJournal(dir);
    const pulled = [...reader];
    expect(pulled).toEqual(pushed);
    expect(reader.result).toEqual(expected);
    expect(reader.result).toMatchObject({ records: 6, corrupt: 1, tornTail: 1 });
  });

  it("replays nothing from a missing dir", () => {
    const dir = join(tempDir(), "never-created");
    expect(replayJournal(dir, () => {})).toEqual({ files: [], records: 0, tornTail: 0, corrupt: 0, maxSeq: 0, nonMonotonic: 0 });
    expect([...readJournal(dir)]).toEqual([]);
  });

  it("reads multi-megabyte files whose chunk boundaries split multi-byte characters and long lines", () => {
    const dir = tempDir();
    const parts: string[] = [];
    const n = 20_000;
    for (let seq = 1; seq <= n; seq++) parts.push(encodeRecord(seq, T, "call", { msg: "Überlastung 🔥 ".repeat(seq % 7) }));
    parts.push(encodeRecord(n + 1, T, "big", { blob: "é".repeat(1_500_000) }));
    parts.push(encodeRecord(n + 2, T, "after", {}));
    writeFileSync(join(dir, "2026-02-10.jsonl"), parts.join(""));
    const seen: JournalRecord[] = [];
    const result = replayJournal(dir, (r) => seen.push(r));
    expect(result).toMatchObject({ records: n + 2, corrupt: 0, tornTail: 0, maxSeq: n + 2 });
    expect(seen[5]?.msg).toBe("Überlastung 🔥 ".repeat(6));
    expect((seen[n]?.blob as string).length).toBe(1_500_000);
    expect(seen.map((r) => r.seq)).toEqual(Array.from({ length: n + 2 }, (_, i) => i + 1));
  });
});
