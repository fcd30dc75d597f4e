import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { openJournal, replayJournal, type JournalRecord } from "../../src/journal/index.js";
import { useTempDirs } from "./temp-dir.js";

const T = Date.parse("2026-02-12T13:00:00.000Z");
const tempDir = useTempDirs();

function replayAll(dir: string): { records: JournalRecord[]; result: ReturnType<typeof replayJournal> } {
  const records: JournalRecord[] = [];
  const result = replayJournal(dir, (r) => records.push(r));
  return { records, result };
}

describe("journal on disk", () => {
  it("files records at 23:59:59Z and 00:00:01Z in two day files, chosen by the record's ts", () => {
    const dir = join(tempDir(), "journal");
    const clock = new ManualClock(Date.parse("2026-02-13T00:00:05.000Z"));
    const journal = openJournal({ dir, clock });
    journal.append("late", {}, { ts: Date.parse("2026-02-12T23:59:59.000Z") });
    journal.append("early", {}, { ts: Date.parse("2026-02-13T00:00:01.000Z") });
    journal.close();
    expect(readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort()).toEqual([
      "2026-02-12.jsonl",
      "2026-02-13.jsonl",
    ]);
    expect(JSON.parse(readFileSync(join(dir, "2026-02-12.jsonl"), "utf8"))).toMatchObject({ seq: 1, type: "late" });
    expect(JSON.parse(readFileSync(join(dir, "2026-02-13.jsonl"), "utf8"))).toMatchObject({ seq: 2, type: "early" });
  });

  it("creates the dir 0700 and day files 0600", () => {
    const dir = join(tempDir(), "state", "journal");
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    journal.append("a", {}, { durable: true });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "2026-02-12.jsonl")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, ".lock")).mode & 0o777).toBe(0o600);
    journal.close();
  });

  it("has a durable record on disk when append returns", () => {
    const dir = tempDir();
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    journal.append("call", { n: 1 });
    const seq = journal.append("action.proposed", { action: "restart_gateway" }, { durable: true });
    const lines = readFileSync(join(dir, "2026-02-12.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as JournalRecord).seq)).toEqual([1, seq]);
    expect(journal.stats().syncedSeq).toBe(seq);
    journal.close();
  });

  it("continues the seq after reopening, even when the highest seq sits in an older day file", () => {
    const dir = tempDir();
    const clock = new ManualClock(T);
    const first = openJournal({ dir, clock });
    first.append("a", {});
    first.append("b", {}, { ts: T - 86_400_000 }); // seq 2 lands in yesterday's file
    first.close();
    const second = openJournal({ dir, clock });
    expect(second.stats()).toMatchObject({ mode: "writer", seq: 2, tornTail: 0 });
    expect(second.append("c", {})).toBe(3);
    second.close();
    expect(replayAll(dir).result).toMatchObject({ records: 3, maxSeq: 3, tornTail: 0, corrupt: 0 });
  });

  it("skips and counts a torn tail on replay; a new writer cuts it off and appends cleanly", () => {
    const dir = tempDir();
    const clock = new ManualClock(T);
    const first = openJournal({ dir, clock });
    first.append("a", {});
    first.append("b", {});
    first.close();
    const file = join(dir, "2026-02-12.jsonl");
    appendFileSync(file, '{"v":1,"seq":3,"ts":"2026-02-12T13:00:00.000Z","type":"act');

    expect(replayAll(dir).result).toMatchObject({ records: 2, tornTail: 1, corrupt: 0, maxSeq: 2 });

    const second = openJournal({ dir, clock });
    expect(second.stats()).toMatchObject({ mode: "writer", tornTail: 1 });
    second.append("c", {});
    second.close();
    const after = replayAll(dir);
    expect(after.result).toMatchObject({ tornTail: 0, corrupt: 0 });
    expect(after.records.map((r) => [r.seq, r.type])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "journal.truncated"],
      [4, "c"],
    ]);
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
  });

  it("keeps a last record that only lost its newline and appends after it on a new line", () => {
    const dir = tempDir();
    const file = join(dir, "2026-02-12.jsonl");
    writeFileSync(file, '{"v":1,"seq":5,"ts":"2026-02-12T13:00:00.000Z","type":"a"}');
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    expect(journal.append("b", {})).toBe(6);
    journal.close();
    expect(replayAll(dir).records.map((r) => r.seq)).toEqual([5, 6]);
  });

  it("continues after the highest seq when a damaged last record's seq went backwards, so no seq is used twice", () => {
    const dir = tempDir();
    const file = join(dir, "2026-02-12.jsonl");
    const line = (seq: number, type: string) => `{"v":1,"seq":${seq},"ts":"2026-02-12T13:00:00.000Z","type":"${type}"}\n`;
    writeFileSync(file, [line(4, "a"), line(5, "b"), line(6, "c"), line(3, "damaged")].join(""));
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    expect(journal.append("next", {}, { durable: true })).toBe(7);
    journal.close();
    const { records, result } = replayAll(dir);
    const seqs = records.map((r) => r.seq);
    expect(seqs).toEqual([4, 5, 6, 3, 7]);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(result.maxSeq).toBe(7);
  });

  it("replay counts records whose seq does not rise within a file, and not a new day file starting lower", () => {
    const dir = tempDir();
    const line = (seq: number, day: string) => `{"v":1,"seq":${seq},"ts":"${day}T13:00:00.000Z","type":"a"}\n`;
    // An explicit earlier ts files a later seq in an older day: not a fault (seq order holds within each file).
    writeFileSync(join(dir, "2026-02-11.jsonl"), line(1, "2026-02-11") + line(9, "2026-02-11"));
    writeFileSync(join(dir, "2026-02-12.jsonl"), line(2, "2026-02-12") + line(3, "2026-02-12") + line(3, "2026-02-12") + line(1, "2026-02-12") + line(8, "2026-02-12"));
    const { records, result } = replayAll(dir);
    expect(records).toHaveLength(7);
    expect(result.nonMonotonic).toBe(2);
  });

  it("counts corrupt middle lines and replays the rest", () => {
    const dir = tempDir();
    const clock = new ManualClock(T);
    const journal = openJournal({ dir, clock });
    journal.append("a", {}, { durable: true });
    appendFileSync(join(dir, "2026-02-12.jsonl"), 'garbage\n{"v":1}\n');
    journal.append("b", {}, { durable: true });
    journal.close();
    const { records, result } = replayAll(dir);
    expect(records.map((r) => r.type)).toEqual(["a", "b"]);
    expect(result).toMatchObject({ records: 2, corrupt: 2, tornTail: 0 });
  });

  it("re-creates a vanished dir on a later flush after reporting the outage once", () => {
    const dir = join(tempDir(), "journal");
    const clock = new ManualClock(T);
    const onError = vi.fn();
    const journal = openJournal({ dir, clock, onError });
    journal.append("a", {}, { durable: true });
    rmSync(dir, { recursive: true, force: true });
    expect(() => journal.append("b", {}, { durable: true })).not.toThrow();
    expect(journal.stats().mode).toBe("memory");
    expect(onError).toHaveBeenCalledTimes(1);
    journal.flushSync();
    expect(journal.stats()).toMatchObject({ mode: "writer", buffered: 0 });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(replayAll(dir).records.map((r) => [r.seq, r.type])).toEqual([[2, "b"]]);
    expect(existsSync(join(dir, ".lock"))).toBe(true);
    journal.close();
    expect(existsSync(join(dir, ".lock"))).toBe(false);
  });
});

describe("journal day files over time", () => {
  it("writes to many days in one run, keeping only a few files open", () => {
    const dir = tempDir();
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    for (let round = 0; round < 2; round++) {
      for (let d = 0; d < 7; d++) journal.append("call", { round, d }, { ts: T - d * 86_400_000 });
      journal.flushSync();
    }
    journal.append("action.proposed", {}, { durable: true });
    journal.close();
    const { records, result } = replayAll(dir);
    expect(result.files).toHaveLength(7);
    expect(records).toHaveLength(15);
    expect(records.filter((r) => r.d === 6).map((r) => r.round)).toEqual([0, 1]);
  });

  it("re-creates a day file that was deleted while it was open", () => {
    const dir = tempDir();
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    journal.append("a", {}, { durable: true });
    rmSync(join(dir, "2026-02-12.jsonl"));
    journal.append("b", {}, { durable: true });
    expect(journal.stats()).toMatchObject({ mode: "writer", syncedSeq: 2 });
    journal.close();
    expect(replayAll(dir).records.map((r) => r.type)).toEqual(["b"]);
  });
});

describe("journal without a writable dir", () => {
  it("runs in memory when the dir sits under a regular file, reports once, and never throws", () => {
    const root = tempDir();
    const blocker = join(root, "file.txt");
    writeFileSync(blocker, "not a dir");
    const onError = vi.fn();
    const clock = new ManualClock(T);
    const journal = openJournal({ dir: join(blocker, "journal"), clock, onError, maxBufferedRecords: 5 });
    expect(journal.stats().mode).toBe("memory");
    expect(journal.stats().reason).toMatch(/ENOTDIR/);
    const seqs: number[] = [];
    for (let i = 0; i < 8; i++) seqs.push(journal.append("call", { i }));
    seqs.push(journal.append("action.proposed", {}, { durable: true }));
    clock.advance(10_000);
    journal.flushSync();
    expect(seqs).toEqual([1, 2, 3, 4, 5, 0, 0, 0, 6]);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(Error);
    expect(journal.stats()).toMatchObject({ mode: "memory", buffered: 6, dropped: 3, syncedSeq: 0 });

    rmSync(blocker);
    clock.advance(1_000); // the retry timer finds the dir writable again
    expect(journal.stats()).toMatchObject({ mode: "writer", buffered: 0 });
    journal.close();
    const { records } = replayAll(join(blocker, "journal"));
    expect(records.map((r) => r.type)).toEqual([...Array(5).fill("call"), "action.proposed", "journal.dropped"]);
    expect(records.at(-1)).toMatchObject({ count: 3 });
  });
});
