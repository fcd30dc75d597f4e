import { describe, expect, it } from "vitest";
import { dayKey, dayStartMs, encodeRecord, isoOf, isWritableTs, parseRecord, upcast } from "../../src/journal/index.js";

const T = Date.parse("2026-02-12T13:00:00.000Z");

describe("journal envelope", () => {
  it("writes v, seq, ts and type first, then the fields in their own order", () => {
    const line = encodeRecord(7, T, "model.state", { from: "healthy", to: "cooldown", until: 5 });
    expect(line).toBe(
      '{"v":1,"seq":7,"ts":"2026-02-12T13:00:00.000Z","type":"model.state","from":"healthy","to":"cooldown","until":5}\n',
    );
    expect(Object.keys(JSON.parse(line))).toEqual(["v", "seq", "ts", "type", "from", "to", "until"]);
  });

  it("writes a bare envelope when there are no fields", () => {
    expect(encodeRecord(1, T, "gateway.started")).toBe(
      '{"v":1,"seq":1,"ts":"2026-02-12T13:00:00.000Z","type":"gateway.started"}\n',
    );
  });

  it("never lets fields override the envelope keys", () => {
    const line = encodeRecord(3, T, "call", { v: 9, seq: 99, ts: "later", type: "other", model: "p/m" });
    expect(JSON.parse(line)).toEqual({ v: 1, seq: 3, ts: "2026-02-12T13:00:00.000Z", type: "call", model: "p/m" });
    expect(line.match(/"seq"/g)).toHaveLength(1);
  });

  it("keeps the record when its fields cannot be serialised and says why", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const record = JSON.parse(encodeRecord(4, T, "x", cyclic)) as Record<string, unknown>;
    expect(record).toMatchObject({ v: 1, seq: 4, type: "x" });
    expect(String(record.unserializable)).toMatch(/circular/i);
    expect(JSON.parse(encodeRecord(5, T, "x", { n: 1n }))).toHaveProperty("unserializable");
  });

  it("escapes type names that are not plain identifiers", () => {
    expect(JSON.parse(encodeRecord(1, T, 'we"ird\n'))).toMatchObject({ type: 'we"ird\n' });
  });

  it("derives the UTC day key from the time and back", () => {
    expect(dayKey(Date.parse("2026-02-12T23:59:59.999Z"))).toBe("2026-02-12");
    expect(dayKey(Date.parse("2026-02-13T00:00:00.000Z"))).toBe("2026-02-13");
    expect(dayStartMs("2026-02-13")).toBe(Date.parse("2026-02-13T00:00:00.000Z"));
    expect(dayStartMs("2026-02-30")).toBeNaN();
    expect(isWritableTs(Number.NaN)).toBe(false);
    expect(isWritableTs(-1)).toBe(false);
    expect(isWritableTs(T)).toBe(true);
  });
});

describe("journal upcasting", () => {
  it("returns a v1 record unchanged (same object)", () => {
    const raw = { v: 1, seq: 2, ts: "2026-02-12T13:00:00.000Z", type: "call", model: "p/m" };
    expect(upcast(raw)).toBe(raw);
  });

  it.each([
    ["null", null],
    ["an array", [1, 2]],
    ["a number", 5],
    ["an unknown version", { v: 2, seq: 1, ts: "t", type: "x" }],
    ["a missing version", { seq: 1, ts: "t", type: "x" }],
    ["a fractional seq", { v: 1, seq: 1.5, ts: "t", type: "x" }],
    ["a numeric ts", { v: 1, seq: 1, ts: 5, type: "x" }],
    ["a missing type", { v: 1, seq: 1, ts: "t" }],
  ])("rejects %s", (_label, value) => {
    expect(upcast(value)).toBeUndefined();
  });

  it("parses a line or rejects non-JSON", () => {
    expect(parseRecord('{"v":1,"seq":1,"ts":"t","type":"x","a":[1]}')).toEqual({
      v: 1,
      seq: 1,
      ts: "t",
      type: "x",
      a: [1],
    });
    expect(parseRecord('{"v":1,"seq":1,"ts":"t","ty')).toBeUndefined();
  });
});

describe("journal timestamps", () => {
  it("formats times exactly like Date#toISOString, across seconds, days and sub-ms fractions", () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, T, T + 7, T + 1_000, T + 86_399_999, 253_402_300_799_999];
    for (const ts of samples) expect(isoOf(ts)).toBe(new Date(ts).toISOString());
    expect(isoOf(T + 5.9)).toBe(new Date(T + 5).toISOString());
    for (let i = 0; i < 2_000; i++) {
      const ts = (i * 126_700_000_000_037) % 253_402_300_799_999;
      expect(isoOf(ts)).toBe(new Date(ts).toISOString());
    }
  });
});
