import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { encodeRecord, parseRecord, peekLineHead } from "../../src/journal/index.js";

const T = Date.parse("2026-11-20T01:02:03.456Z");

describe("the head of a journal line", () => {
  it("reads seq, ts and type exactly as decoding the line would, for any record the writer formats", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.string(), fc.dictionary(fc.string(), fc.jsonValue()), (seq, ts, type, fields) => {
        const line = encodeRecord(seq, ts, type, fields).trimEnd();
        const parsed = parseRecord(line);
        const head = peekLineHead(line);
        if (head) expect({ seq: head.seq, ts: head.ts, type: head.type }).toEqual({ seq: parsed?.seq, ts: parsed?.ts, type: parsed?.type });
        // Plain types are always read (escaped ones are left to the decoder).
        if (/^[a-z.]+$/.test(type)) expect(head).toBeDefined();
      }),
    );
  });

  it("refuses lines of another shape: other versions, torn lines, a seq that is not plain digits", () => {
    const good = encodeRecord(7, T, "call", { model: "p/m", ok: true }).trimEnd();
    expect(peekLineHead(good)).toMatchObject({ seq: 7, ts: "2026-11-20T01:02:03.456Z", type: "call" });
    for (const bad of [good.replace('"v":1', '"v":2'), good.slice(0, -1), good.replace('"seq":7', '"seq":-7'), good.replace('"seq":7', '"seq":07'), good.replace('"ts":"', '"ts": "'), "{}", ""]) {
      expect(peekLineHead(bad)).toBeUndefined();
    }
  });
});
