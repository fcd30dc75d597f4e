// Properties of classify() over arbitrary inputs: total, deterministic, contract-shaped, secret-free.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classify } from "../../../src/domain/classifier/index.js";
import { CATEGORIES, isRetryable, type Classification } from "../../../src/domain/taxonomy.js";

const NOW = Date.parse("2026-07-02T17:00:00Z");

function expectContract(result: Classification): void {
  expect(CATEGORIES).toContain(result.category);
  expect(result.retryable).toBe(isRetryable(result.category));
  expect(typeof result.evidence).toBe("string");
  expect(result.evidence.length).toBeGreaterThan(0);
  expect(result.evidence.length).toBeLessThanOrEqual(200);
  if (result.retryAfterMs !== undefined) {
    expect(Number.isInteger(result.retryAfterMs)).toBe(true);
    expect(result.retryAfterMs).toBeGreaterThanOrEqual(0);
  }
  if (result.resetAt !== undefined) expect(Number.isFinite(Date.parse(result.resetAt))).toBe(true);
}

/** Error-shaped values built from the fields providers use, with arbitrary contents. */
const errorLike = fc.letrec((tie) => ({
  node: fc.record(
    {
      name: fc.constantFrom("Error", "AbortError", "TimeoutError", "FailoverError", "ThrottlingException", "APIError"),
      message: fc.oneof(fc.string(), fc.constantFrom("429 Rate limit", "try again in 2.5s", "Retry-After: -5", "reset at 1999-01-01 00:00")),
      status: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(429, 503, "429", "RESOURCE_EXHAUSTED")),
      code: fc.oneof(fc.string(), fc.integer(), fc.constantFrom("ECONNRESET", "insufficient_quota", "1113")),
      reason: fc.oneof(fc.string(), fc.constantFrom("rate_limit", "unknown", "billing")),
      headers: fc.dictionary(
        fc.constantFrom("retry-after", "Retry-After-Ms", "x-ratelimit-reset", "x-ratelimit-reset-tokens", "anthropic-ratelimit-tokens-reset"),
        fc.oneof(fc.string(), fc.integer().map(String), fc.constantFrom("-17", "1e999", "2m59.56s", "Thu, 01 Jan 1970 00:00:00 GMT")),
      ),
      body: fc.oneof(fc.string(), fc.jsonValue()),
      cause: tie("node"),
    },
    { requiredKeys: [] },
  ),
}));

describe("classify() properties", () => {
  it("never throws and always honours the contract on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectContract(classify(value, { now: NOW }));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws and always honours the contract on arbitrary values", () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true }), (value) => {
        expectContract(classify(value));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws and always honours the contract on error-shaped values", () => {
    fc.assert(
      fc.property(errorLike.node, fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: undefined }), (value, now) => {
        expectContract(classify(value, now === undefined ? {} : { now }));
      }),
      { numRuns: 500 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), errorLike.node), (value) => {
        expect(classify(value, { now: NOW })).toEqual(classify(value, { now: NOW }));
      }),
      { numRuns: 300 },
    );
  });

  it("never puts a generated sk- secret into evidence", () => {
    const secret = fc.stringMatching(/^sk-(?:proj-|ant-)?[A-Za-z0-9]{20,40}$/);
    const field = fc.constantFrom("message", "errorMessage", "error", "body", "detail", "code", "type", "reason", "name");
    fc.assert(
      fc.property(secret, fc.string(), fc.string(), field, fc.jsonValue(), fc.boolean(), (key, before, after, where, other, asString) => {
        const text = `${before}${key}${after}`;
        const input = asString ? text : { status: 401, [where]: text, cause: { message: text, other } };
        const result = classify(input, { now: NOW });
        expect(result.evidence).not.toContain(key);
      }),
      { numRuns: 500 },
    );
  });
});
