import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pruneJournal } from "../../src/journal/index.js";
import { useTempDirs } from "./temp-dir.js";

const tempDir = useTempDirs();
const NOW = Date.parse("2026-02-12T13:00:00.000Z");

function seed(dir: string, names: string[]): void {
  for (const name of names) writeFileSync(join(dir, name), "{}\n");
}

describe("journal retention", () => {
  it("removes only whole day files that ended more than retentionDays ago", () => {
    const dir = tempDir();
    seed(dir, [
      "2026-02-03.jsonl",
      "2026-02-04.jsonl",
      "2026-02-05.jsonl",
      "2026-02-06.jsonl",
      "2026-02-12.jsonl",
      "2026-02-13.jsonl",
    ]);
    // 7 days before 13:00 on the 12th is 13:00 on the 5th: the 5th still holds younger records.
    expect(pruneJournal(dir, { retentionDays: 7, now: NOW })).toEqual({
      removed: ["2026-02-03.jsonl", "2026-02-04.jsonl"],
    });
    expect(readdirSync(dir).sort()).toEqual(["2026-02-05.jsonl", "2026-02-06.jsonl", "2026-02-12.jsonl", "2026-02-13.jsonl"]);
  });

  it("never removes today's file, even with zero retention", () => {
    const dir = tempDir();
    seed(dir, ["2026-02-11.jsonl", "2026-02-12.jsonl"]);
    expect(pruneJournal(dir, { retentionDays: 0, now: NOW }).removed).toEqual(["2026-02-11.jsonl"]);
    expect(readdirSync(dir)).toEqual(["2026-02-12.jsonl"]);
  });

  it("ignores files that are not journal day files", () => {
    const dir = tempDir();
    seed(dir, [".lock", "2020-01-01.jsonl.bak", "notes.txt", "2020-13-01.jsonl", "2020-01-01.jsonl"]);
    expect(pruneJournal(dir, { retentionDays: 1, now: NOW }).removed).toEqual(["2020-01-01.jsonl"]);
    expect(readdirSync(dir).sort()).toEqual([".lock", "2020-01-01.jsonl.bak", "2020-13-01.jsonl", "notes.txt"]);
  });

  it("does nothing for a missing dir or a nonsensical retention", () => {
    const dir = tempDir();
    seed(dir, ["2020-01-01.jsonl"]);
    expect(pruneJournal(join(dir, "missing"), { retentionDays: 1, now: NOW }).removed).toEqual([]);
    expect(pruneJournal(dir, { retentionDays: Number.NaN, now: NOW }).removed).toEqual([]);
    expect(pruneJournal(dir, { retentionDays: -1, now: NOW }).removed).toEqual([]);
    expect(readdirSync(dir)).toEqual(["2020-01-01.jsonl"]);
  });
});
