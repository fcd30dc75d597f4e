// Test helper: random append workloads for the journal's replay property, and the expected outcome.
import fc from "fast-check";
import { expect } from "vitest";
import type { ManualClock } from "../../src/domain/clock.js";
import type { Journal, JournalRecord } from "../../src/journal/index.js";

export type Op =
  | { kind: "append"; type: string; fields: Record<string, unknown>; dayOffset: number; msOfDay: number; durable: boolean }
  | { kind: "batch"; count: number; durable: boolean }
  | { kind: "tick"; ms: number }
  | { kind: "flush" };

const DAY = 86_400_000;
const BASE = Date.parse("2026-02-11T00:00:00.000Z");

const fieldKey = fc.oneof(fc.constantFrom("v", "seq", "ts", "type", "model", "n"), fc.string({ maxLength: 6 }));

export function arbitraryOps(): fc.Arbitrary<Op[]> {
  const append = fc.record({
    kind: fc.constant("append" as const),
    type: fc.constantFrom("call", "turn", "model.state", "action.proposed", "a.b.c"),
    fields: fc.dictionary(fieldKey.filter((k) => k !== "__proto__"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    dayOffset: fc.integer({ min: 0, max: 2 }),
    msOfDay: fc.oneof(fc.constantFrom(0, DAY - 1), fc.integer({ min: 0, max: DAY - 1 })),
    durable: fc.boolean(),
  });
  const batch = fc.record({ kind: fc.constant("batch" as const), count: fc.integer({ min: 0, max: 4 }), durable: fc.boolean() });
  const tick = fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 3_000 }) });
  const flush = fc.record({ kind: fc.constant("flush" as const) });
  return fc.array(fc.oneof({ arbitrary: append, weight: 8 }, batch, tick, flush), { maxLength: 60 });
}

/** What a record must look like after replay: the envelope, then the fields as JSON would keep them. */
function expected(seq: number, ts: number, type: string, fields: Record<string, unknown>): JournalRecord {
  const kept = JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
  for (const key of ["v", "seq", "ts", "type"]) delete kept[key];
  return { ...kept, v: 1, seq, ts: new Date(ts).toISOString(), type };
}

/** Runs the ops; returns every record append accepted (seq > 0), keyed by seq. */
export function runOps(journal: Journal, clock: ManualClock, ops: Op[]): Map<number, JournalRecord> {
  const appended = new Map<number, JournalRecord>();
  for (const op of ops) {
    if (op.kind === "append") {
      const ts = BASE + op.dayOffset * DAY + op.msOfDay;
      const seq = journal.append(op.type, op.fields, { ts, durable: op.durable });
      if (seq > 0) appended.set(seq, expected(seq, ts, op.type, op.fields));
    } else if (op.kind === "batch") {
      const entries = Array.from({ length: op.count }, (_, i) => ({ type: "batch", fields: { i } }));
      journal.appendMany(entries, { durable: op.durable }).forEach((seq, i) => {
        if (seq > 0) appended.set(seq, expected(seq, clock.now(), "batch", { i }));
      });
    } else if (op.kind === "tick") clock.advance(op.ms);
    else journal.flushSync();
  }
  return appended;
}

/**
 * Replay (grouped by day file) must hold exactly the accepted records plus `journal.dropped` records whose
 * counts add up to every drop; within a day file, seqs strictly increase.
 */
export function expectReplayMatches(
  appended: Map<number, JournalRecord>,
  byDay: Map<string, JournalRecord[]>,
  dropped: number,
): void {
  const all = [...byDay.values()].flat();
  for (const records of byDay.values()) {
    const seqs = records.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  }
  const data = all.filter((r) => r.type !== "journal.dropped").sort((a, b) => a.seq - b.seq);
  expect(data).toEqual([...appended.values()].sort((a, b) => a.seq - b.seq));
  const reported = all.filter((r) => r.type === "journal.dropped").reduce((n, r) => n + (r.count as number), 0);
  expect(reported).toBe(dropped);
}
