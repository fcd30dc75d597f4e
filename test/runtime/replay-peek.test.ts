import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { encodeRecord, parseRecord, peekLineHead } from "../../src/journal/index.js";
import { successfulCallModel } from "../../src/runtime/replay-peek.js";
import { recordFields } from "../../src/runtime/records.js";

const T = Date.parse("2026-11-20T01:02:03.456Z");

describe("a successful call read without decoding", () => {
  const call = fc.record({
    model: fc.oneof(fc.constantFrom("p/primary", "openai/gpt-5"), fc.string()),
    ok: fc.boolean(),
    probe: fc.option(fc.boolean(), { nil: undefined }),
    agentId: fc.option(fc.string(), { nil: undefined }),
    errorMessage: fc.option(fc.string(), { nil: undefined }),
  });

  it("gives the model only when decoding would give a successful, non-probe call of that model", () => {
    let read = 0;
    fc.assert(
      fc.property(call, (c) => {
        const fields = recordFields({ type: "call", ts: T, provider: "p", model: c.model, ok: c.ok, ...(c.probe !== undefined ? { probe: c.probe } : {}), ...(c.agentId !== undefined ? { agentId: c.agentId } : {}), ...(c.errorMessage !== undefined ? { errorMessage: c.errorMessage } : {}) });
        const line = encodeRecord(9, T, "call", fields).trimEnd();
        const head = peekLineHead(line);
        expect(head).toBeDefined();
        const model = successfulCallModel(line, head?.end ?? 0);
        const parsed = parseRecord(line) as Record<string, unknown>;
        if (model !== undefined) {
          read++;
          expect(parsed.model).toBe(model);
          expect(parsed.ok).toBe(true);
          expect(parsed.probe).toBeUndefined();
        } else if (parsed.ok === true && parsed.probe === undefined && /^[\w/.-]+$/.test(String(parsed.model))) {
          throw new Error(`a plain successful call was not read: ${line}`);
        }
      }),
    );
    expect(read).toBeGreaterThan(0);
  });

  it("leaves lines with a nested object before the model, a second model or ok key, or a probe key to the decoder", () => {
    const base = '{"v":1,"seq":3,"ts":"2026-11-20T01:02:03.456Z","type":"call"';
    for (const bad of [
      `${base},"x":{"a":1},"model":"p/m","ok":true,"y":1}`,
      `${base},"model":"p/m","ok":true,"model":"q/m"}`,
      `${base},"model":"p/m","ok":true,"ok":false}`,
      `${base},"model":"p/m","ok":true,"probe":false}`,
      `${base},"model":"p/m","ok":false,"z":1}`,
    ]) {
      expect(successfulCallModel(bad, base.length)).toBeUndefined();
    }
    expect(successfulCallModel(`${base},"model":"p/m","ok":true,"z":1}`, base.length)).toBe("p/m");
  });
});
