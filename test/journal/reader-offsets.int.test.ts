import { appendFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkCoverage, coverageOf, encodeRecord, readJournal, replayJournal } from "../../src/journal/index.js";
import { useTempDirs } from "./temp-dir.js";

const tempDir = useTempDirs();
const DAY = 86_400_000;
const T = Date.parse("2026-02-10T08:00:00.000Z");
const dayOf = (ts: number) => new Date(ts).toISOString().slice(0, 10);

function write(dir: string, seq: number, ts: number): void {
  appendFileSync(join(dir, `${dayOf(ts)}.jsonl`), encodeRecord(seq, ts, "a", { seq }));
}

describe("journal reader offsets", () => {
  it("starts each listed day file at its offset and reads other day files whole", () => {
    const dir = tempDir();
    write(dir, 1, T);
    write(dir, 2, T + DAY);
    const covered = coverageOf(dir).bytes;
    write(dir, 3, T + DAY);
    write(dir, 4, T); // an older day's ts, appended after the coverage was taken
    write(dir, 5, T - DAY); // an older day that had no file yet
    write(dir, 6, T + 2 * DAY);
    const seqs = [...readJournal(dir, { offsets: covered })].map((r) => r.seq);
    expect(seqs).toEqual([5, 4, 3, 6]);
    const pushed: number[] = [];
    replayJournal(dir, (r) => pushed.push(r.seq), { offsets: covered });
    expect(pushed).toEqual(seqs);
  });

  it("still counts a torn tail and corrupt lines after an offset", () => {
    const dir = tempDir();
    write(dir, 1, T);
    const covered = coverageOf(dir).bytes;
    appendFileSync(join(dir, `${dayOf(T)}.jsonl`), "not json\n");
    write(dir, 2, T);
    appendFileSync(join(dir, `${dayOf(T)}.jsonl`), '{"v":1,"seq":3,"ts":"2026');
    const reader = readJournal(dir, { offsets: covered });
    expect([...reader].map((r) => r.seq)).toEqual([2]);
    expect(reader.result).toMatchObject({ records: 1, corrupt: 1, tornTail: 1, maxSeq: 2 });
  });
});

describe("journal coverage", () => {
  it("accepts files that only grew, and tolerates an older day removed by retention", () => {
    const dir = tempDir();
    write(dir, 1, T);
    write(dir, 2, T + DAY);
    const covered = coverageOf(dir).bytes;
    write(dir, 3, T + DAY);
    writeFileSync(join(dir, `${dayOf(T)}.jsonl`), ""); // shrunk: refused
    expect(checkCoverage(dir, covered)).toMatchObject({ ok: false, why: expect.stringMatching(/shorter/) });
    rmSync(join(dir, `${dayOf(T)}.jsonl`));
    expect(checkCoverage(dir, covered)).toEqual({ ok: true, offsets: { [dayOf(T + DAY)]: covered[dayOf(T + DAY)] } });
    rmSync(join(dir, `${dayOf(T + DAY)}.jsonl`));
    expect(checkCoverage(dir, covered)).toMatchObject({ ok: false, why: expect.stringMatching(/missing/) });
  });

  it("refuses an offset that is not a line end", () => {
    const dir = tempDir();
    write(dir, 1, T);
    const covered = coverageOf(dir).bytes;
    const day = dayOf(T);
    expect(checkCoverage(dir, { [day]: (covered[day] as number) - 3 })).toMatchObject({ ok: false, why: expect.stringMatching(/no line end/) });
  });

  it("refuses a file replaced by one as long whose last covered record differs", () => {
    const dir = tempDir();
    write(dir, 1, T);
    write(dir, 2, T);
    const { bytes, lastSeqs } = coverageOf(dir);
    expect(lastSeqs).toEqual({ [dayOf(T)]: 2 });
    expect(checkCoverage(dir, bytes, lastSeqs).ok).toBe(true);
    writeFileSync(join(dir, `${dayOf(T)}.jsonl`), encodeRecord(1, T, "a", { seq: 1 }) + encodeRecord(7, T, "a", { seq: 2 }));
    expect(checkCoverage(dir, bytes, lastSeqs)).toMatchObject({ ok: false, why: expect.stringMatching(/rewritten/) });
  });
});
