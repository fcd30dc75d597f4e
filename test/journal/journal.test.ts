import { describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import {
  createMemoryStorage,
  encodeRecord,
  LockError,
  openJournal,
  type JournalRecord,
  type MemoryStorage,
} from "../../src/journal/index.js";

const T = Date.parse("2026-02-12T13:00:00.000Z");
const HOLDER = { pid: 4242, startedAt: "2026-02-12T12:00:00.000Z", host: "other-box" };

function setup(options: { maxBufferedRecords?: number; storage?: MemoryStorage } = {}) {
  const clock = new ManualClock(T);
  const storage = options.storage ?? createMemoryStorage();
  const onError = vi.fn();
  const journal = openJournal({ dir: "/unused", clock, storage, onError, ...options });
  return { clock, storage, onError, journal };
}

function records(storage: MemoryStorage): JournalRecord[] {
  const out: JournalRecord[] = [];
  storage.replay((r) => out.push(r));
  return out;
}

describe("journal writer (in memory)", () => {
  it("hands out monotonic seqs starting at 1", () => {
    const { journal } = setup();
    expect([journal.append("a", {}), journal.append("b", {}), journal.append("c", {}, { durable: true })]).toEqual([
      1, 2, 3,
    ]);
    expect(journal.stats()).toMatchObject({ mode: "writer", seq: 3, written: 3, syncedSeq: 3 });
  });

  it("continues after the highest seq already stored", () => {
    const storage = createMemoryStorage();
    storage.days.set("2026-02-11", encodeRecord(40, T - 86_400_000, "old") + encodeRecord(41, T - 86_400_000, "old"));
    const { journal } = setup({ storage });
    expect(journal.append("next", {})).toBe(42);
  });

  it("buffers observations without touching storage until the flush interval elapses", () => {
    const { journal, storage, clock } = setup();
    journal.append("call", { model: "p/m" });
    journal.append("call", { model: "p/m2" });
    expect(storage.ops).toEqual([]);
    expect(journal.stats().buffered).toBe(2);
    clock.advance(999);
    expect(storage.ops).toEqual([]);
    clock.advance(1);
    expect(storage.ops).toHaveLength(1);
    expect(records(storage).map((r) => r.model)).toEqual(["p/m", "p/m2"]);
    expect(journal.stats()).toMatchObject({ buffered: 0, written: 2, writtenSeq: 2, syncedSeq: 0 });
  });

  it("writes a durable record together with earlier observations, in seq order, and syncs before returning", () => {
    const { journal, storage } = setup();
    journal.append("call", { n: 1 });
    journal.append("call", { n: 2 });
    const seq = journal.append("action.proposed", { action: "route_around" }, { durable: true });
    expect(storage.ops.map((op) => op.op)).toEqual(["append", "sync"]);
    expect(records(storage).map((r) => [r.seq, r.type])).toEqual([
      [1, "call"],
      [2, "call"],
      [3, "action.proposed"],
    ]);
    expect(journal.stats().syncedSeq).toBeGreaterThanOrEqual(seq);
  });

  it("writes a durable batch with one sync", () => {
    const { journal, storage } = setup();
    const seqs = journal.appendMany(
      [
        { type: "action.proposed", fields: { action: "alert" } },
        { type: "action.executed", fields: { action: "alert" } },
      ],
      { durable: true },
    );
    expect(seqs).toEqual([1, 2]);
    expect(storage.ops.filter((op) => op.op === "sync")).toHaveLength(1);
    expect(records(storage)).toHaveLength(2);
  });

  it("drops observations past the cap, counts them, and journals the count durably on the next flush", () => {
    const { journal, storage } = setup({ maxBufferedRecords: 3 });
    const seqs = [1, 2, 3, 4, 5].map((n) => journal.append("call", { n }));
    expect(seqs).toEqual([1, 2, 3, 0, 0]);
    expect(journal.stats()).toMatchObject({ buffered: 3, dropped: 2 });
    journal.flushSync();
    const written = records(storage);
    expect(written.map((r) => r.type)).toEqual(["call", "call", "call", "journal.dropped"]);
    expect(written[3]).toMatchObject({ seq: 4, count: 2 });
    expect(storage.ops.at(-1)).toEqual({ op: "sync" });
    journal.flushSync();
    expect(records(storage)).toHaveLength(4);
  });

  it("still accepts decisions when the observation buffer is full", () => {
    const { journal } = setup({ maxBufferedRecords: 1 });
    journal.append("call", {});
    expect(journal.append("call", {})).toBe(0);
    expect(journal.append("action.proposed", {}, { durable: true })).toBe(2);
  });

  it("files each record under the UTC day of its own ts", () => {
    const { journal, storage } = setup();
    journal.append("a", {}, { ts: Date.parse("2026-02-12T23:59:59.000Z") });
    journal.append("b", {}, { ts: Date.parse("2026-02-13T00:00:01.000Z") });
    journal.flushSync();
    expect([...storage.days.keys()].sort()).toEqual(["2026-02-12", "2026-02-13"]);
    expect(storage.days.get("2026-02-13")).toContain('"type":"b"');
  });

  it("falls back to the clock when given an unusable ts", () => {
    const { journal, storage } = setup();
    journal.append("a", {}, { ts: Number.NaN });
    journal.append("b", {}, { ts: 1e20 });
    journal.flushSync();
    expect(records(storage).map((r) => r.ts)).toEqual([new Date(T).toISOString(), new Date(T).toISOString()]);
  });

  it("flushes on the next tick once half the buffer is pending", async () => {
    const { journal, storage } = setup({ maxBufferedRecords: 4 });
    journal.append("a", {});
    journal.append("b", {});
    expect(storage.ops).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(records(storage)).toHaveLength(2);
  });

  it("flushes on close, then drops appends", () => {
    const { journal, storage } = setup();
    journal.append("a", {});
    journal.close();
    expect(records(storage)).toHaveLength(1);
    expect(storage.held).toBe(false);
    expect(journal.append("late", {})).toBe(0);
    expect(journal.stats()).toMatchObject({ mode: "closed", dropped: 1 });
  });
});

describe("journal writer fail-soft modes (in memory)", () => {
  it("keeps appending in memory when storage fails, reports once, and lands the records when it recovers", () => {
    const storage = createMemoryStorage();
    storage.failWith = Object.assign(new Error("read-only file system"), { code: "EROFS" });
    const { journal, onError, clock } = setup({ storage });
    expect(journal.stats().mode).toBe("memory");
    expect(() => journal.append("a", {}, { durable: true })).not.toThrow();
    journal.append("b", {});
    clock.advance(5_000);
    journal.flushSync();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/not writable \(EROFS\)/);
    expect(journal.stats()).toMatchObject({ mode: "memory", seq: 2, buffered: 2, syncedSeq: 0 });
    storage.failWith = undefined;
    clock.advance(1_000);
    expect(journal.stats()).toMatchObject({ mode: "writer", buffered: 0, written: 2 });
    expect(records(storage).map((r) => r.type)).toEqual(["a", "b"]);
  });

  it("reports a new outage after a successful write", () => {
    const { journal, storage, onError } = setup();
    storage.failWith = new Error("disk full");
    journal.append("a", {}, { durable: true });
    storage.failWith = undefined;
    journal.flushSync();
    storage.failWith = new Error("disk full again");
    journal.append("b", {}, { durable: true });
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it("survives an onError handler that throws", () => {
    const storage = createMemoryStorage();
    storage.failWith = new Error("boom");
    const journal = openJournal({
      dir: "/unused",
      clock: new ManualClock(T),
      storage,
      onError: () => {
        throw new Error("handler bug");
      },
    });
    expect(journal.append("a", {}, { durable: true })).toBe(1);
  });

  it("opens read-only while another writer holds the lock, then takes over and renumbers after its records", () => {
    const storage = createMemoryStorage();
    storage.heldBy = HOLDER;
    const { journal, clock } = setup({ storage });
    expect(journal.stats()).toMatchObject({ mode: "read-only", lockHolder: HOLDER });
    expect(journal.stats().reason).toMatch(/locked by pid 4242/);
    journal.append("mine", {});
    clock.advance(1_000);
    expect(journal.stats().mode).toBe("read-only");
    // the other writer appended meanwhile, then went away
    storage.days.set("2026-02-12", encodeRecord(1, T, "theirs") + encodeRecord(2, T, "theirs"));
    storage.heldBy = undefined;
    clock.advance(1_000);
    expect(journal.stats()).toMatchObject({ mode: "writer", seq: 3 });
    expect(records(storage).map((r) => [r.seq, r.type])).toEqual([
      [1, "theirs"],
      [2, "theirs"],
      [3, "mine"],
    ]);
  });

  it("throws a LockError at open only when the caller requires the writer", () => {
    const storage = createMemoryStorage();
    storage.heldBy = HOLDER;
    expect(() => openJournal({ dir: "/unused", clock: new ManualClock(T), storage, requireWriter: true })).toThrow(
      LockError,
    );
  });

  it("cuts a torn tail at open and journals the repair", () => {
    const storage = createMemoryStorage();
    const torn = '{"v":1,"seq":2,"ts":"20';
    storage.days.set("2026-02-12", encodeRecord(1, T, "a") + torn);
    const { journal } = setup({ storage });
    expect(journal.stats().tornTail).toBe(1);
    journal.append("b", {});
    journal.flushSync();
    expect(records(storage).map((r) => [r.seq, r.type])).toEqual([
      [1, "a"],
      [2, "journal.truncated"],
      [3, "b"],
    ]);
    expect(records(storage)[1]).toMatchObject({ file: "2026-02-12.jsonl", bytes: torn.length });
  });
});
