// classify(): evidence order, cause-chain walking, hostile inputs and the Classification contract.
import { describe, expect, it } from "vitest";
import { classify } from "../../../src/domain/classifier/index.js";

const NOW = Date.parse("2026-07-02T17:00:00Z");

describe("classify() evidence order", () => {
  it("lets OpenClaw's failoverReason outrank the HTTP status", () => {
    const result = classify({ name: "FailoverError", reason: "billing", status: 429, message: "429 Too Many Requests" });
    expect(result.category).toBe("quota_exhausted");
    expect(result.evidence).toContain("billing");
  });

  it("lets an explicit provider code outrank the HTTP status", () => {
    expect(classify({ status: 429, error: { code: "insufficient_quota" } }).category).toBe("quota_exhausted");
    expect(classify({ status: 400, error: { code: "context_length_exceeded" } }).category).toBe("context_too_long");
  });

  it("refines a status by its body", () => {
    expect(classify({ status: 400, body: { error: { message: "API key not valid. Please pass a valid API key." } } }).category).toBe("auth_failed");
    expect(classify({ status: 400, body: "prompt is too long: 300000 tokens > 200000 maximum" }).category).toBe("context_too_long");
    expect(classify({ status: 403, body: "Your account is in arrears (欠费)" }).category).toBe("quota_exhausted");
    expect(classify({ status: 404, body: "model not found" }).category).toBe("model_unavailable");
    expect(classify({ status: 400, body: "bad" }).category).toBe("invalid_request");
  });

  it("lets the HTTP status outrank a network code found only in text", () => {
    expect(classify({ status: 502, message: "upstream said ECONNRESET" }).category).toBe("server_error");
    expect(classify({ message: "upstream said ECONNRESET" }).category).toBe("network_error");
  });

  it("falls back to message text when nothing structured exists", () => {
    expect(classify(new Error("Rate limit exceeded")).category).toBe("rate_limit");
    expect(classify("The server is overloaded").category).toBe("server_overload");
  });

  it("uses a non-committal OpenClaw reason only when nothing better exists", () => {
    const weak = classify({ failoverReason: "unclassified" });
    expect(weak.category).toBe("unknown");
    expect(weak.evidence).toContain("unclassified");
    expect(classify({ failoverReason: "unknown", cause: { code: "ETIMEDOUT" } }).category).toBe("timeout");
  });
});

describe("classify() walks nested errors", () => {
  it("finds the evidence at the end of a 20-deep cause chain", () => {
    let err: Error = Object.assign(new Error("root"), { code: "ECONNREFUSED" });
    for (let i = 0; i < 20; i++) err = new Error(`wrapper ${i}`, { cause: err });
    expect(classify(err).category).toBe("network_error");
  });

  it("looks inside AggregateError.errors and .error", () => {
    expect(classify(new AggregateError([new Error("x"), Object.assign(new Error("y"), { code: "ETIMEDOUT" })])).category).toBe("timeout");
    expect(classify({ error: { error: { type: "overloaded_error" } } }).category).toBe("server_overload");
  });

  it("survives cause cycles", () => {
    const a: Record<string, unknown> = { message: "a" };
    const b: Record<string, unknown> = { message: "b", cause: a, status: 503 };
    a.cause = b;
    expect(classify(a).category).toBe("server_overload");
  });

  it("stops walking at its depth bound instead of recursing forever", () => {
    let node: Record<string, unknown> = { status: 503 };
    for (let i = 0; i < 10_000; i++) node = { cause: node };
    expect(classify(node).category).toBe("unknown");
  });

  it("reads the last message of an agent_end event only", () => {
    const event = {
      success: true,
      messages: [
        { role: "assistant", stopReason: "error", errorMessage: "401 Incorrect API key provided" },
        { role: "assistant", stopReason: "error", errorMessage: "429 Rate limit reached", errorCode: "rate_limit_exceeded" },
      ],
    };
    expect(classify(event).category).toBe("rate_limit");
  });
});

describe("classify() on hostile and non-error inputs", () => {
  it.each([
    ["null", null, "null"],
    ["a number", 429, "number"],
    ["a boolean", true, "boolean"],
    ["an array", [{ status: 429 }], "array"],
    ["undefined", undefined, "undefined"],
  ])("returns unknown with evidence for %s", (_label, input, word) => {
    const result = classify(input);
    expect(result).toMatchObject({ category: "unknown", retryable: false });
    expect(result.evidence).toContain(word);
  });

  it("never throws on throwing getters, proxies or functions", () => {
    const getterBomb = Object.defineProperty({}, "message", { get: () => { throw new Error("boom"); }, enumerable: true });
    const proxy = new Proxy({}, { get: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } });
    const headerBomb = { status: 429, headers: { get: () => { throw new Error("boom"); } } };
    for (const input of [getterBomb, proxy, headerBomb, () => 1, Symbol("s"), 10n]) {
      expect(() => classify(input)).not.toThrow();
    }
    expect(classify(headerBomb).category).toBe("rate_limit");
  });

  it("keeps evidence short for a huge message", () => {
    const result = classify(`429 ${"x".repeat(1_000_000)}`);
    expect(result.category).toBe("rate_limit");
    expect(result.evidence.length).toBeLessThanOrEqual(200);
  });

  it.each([
    ["a retry word before a long whitespace run", `retry${" ".repeat(50_000)}x`],
    ["a status word before a long whitespace run", `status${" ".repeat(50_000)}x`],
    ["a long dot-less eyJ run", "eyJ".repeat(60_000)],
    ["repeated daily/ segments", "daily/".repeat(30_000)],
    ["a long line of newlines", "\n".repeat(100_000)],
  ])("stays fast on %s (no regex backtracking blow-up)", (_label, text) => {
    const started = performance.now();
    classify(text);
    classify({ message: text, body: text });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("is deterministic", () => {
    const input = { status: 429, headers: { "retry-after": "3" }, error: { message: "slow down" } };
    expect(classify(input, { now: NOW })).toEqual(classify(input, { now: NOW }));
  });
});

describe("classify() retry hints", () => {
  it("answers the done-when check: 429 with Retry-After 17", () => {
    expect(classify({ status: 429, headers: { "retry-after": "17" } })).toMatchObject({ category: "rate_limit", retryAfterMs: 17_000, status: 429 });
  });

  it("reports an absolute reset as resetAt only when no clock is given", () => {
    const input = { status: 429, headers: { "x-ratelimit-reset": String(NOW / 1000 + 60) } };
    const without = classify(input);
    expect(without.retryAfterMs).toBeUndefined();
    expect(without.resetAt).toBe("2026-07-02T17:01:00.000Z");
    expect(classify(input, { now: NOW })).toMatchObject({ retryAfterMs: 60_000, resetAt: "2026-07-02T17:01:00.000Z" });
  });

  it("never reports a negative wait for a reset in the past", () => {
    const result = classify({ status: 429, headers: { "retry-after": "Thu, 01 Jan 2026 00:00:00 GMT" } }, { now: NOW });
    expect(result.retryAfterMs).toBe(0);
  });

  it("mentions the hint in the evidence", () => {
    expect(classify({ status: 503, headers: { "retry-after": "120" } }).evidence).toContain("retry in 2m");
  });
});
