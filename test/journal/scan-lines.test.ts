import { describe, expect, it } from "vitest";
import { emptyCounts, encodeRecord, scanText, type JournalRecord } from "../../src/journal/index.js";

const T = Date.parse("2026-02-12T13:00:00.000Z");

function scan(text: string): { seqs: number[]; counts: ReturnType<typeof emptyCounts> } {
  const seqs: number[] = [];
  const counts = emptyCounts();
  scanText(text, counts, (r: JournalRecord) => seqs.push(r.seq));
  return { seqs, counts };
}

describe("journal line scanning", () => {
  it("skips and counts a torn last line, keeping every complete record", () => {
    const text = encodeRecord(1, T, "a") + encodeRecord(2, T, "b") + '{"v":1,"seq":3,"ts":"2026-02';
    expect(scan(text)).toEqual({ seqs: [1, 2], counts: { records: 2, tornTail: 1, corrupt: 0, maxSeq: 2, nonMonotonic: 0, fileSeq: 2 } });
  });

  it("keeps a complete last record whose newline is missing", () => {
    const text = encodeRecord(1, T, "a") + encodeRecord(2, T, "b").trimEnd();
    expect(scan(text)).toEqual({ seqs: [1, 2], counts: { records: 2, tornTail: 0, corrupt: 0, maxSeq: 2, nonMonotonic: 0, fileSeq: 2 } });
  });

  it("counts corrupt middle lines and non-envelope JSON, ignoring blank lines", () => {
    const text = [
      encodeRecord(1, T, "a"),
      "not json at all\n",
      "\n",
      '{"v":1,"seq":"2","ts":"t","type":"x"}\n',
      "[1,2,3]\n",
      encodeRecord(5, T, "e"),
    ].join("");
    expect(scan(text)).toEqual({ seqs: [1, 5], counts: { records: 2, tornTail: 0, corrupt: 3, maxSeq: 5, nonMonotonic: 0, fileSeq: 5 } });
  });

  it("reports the highest seq even when records are not sorted", () => {
    expect(scan(encodeRecord(9, T, "a") + encodeRecord(4, T, "b")).counts).toMatchObject({ maxSeq: 9, nonMonotonic: 1 });
  });
});
