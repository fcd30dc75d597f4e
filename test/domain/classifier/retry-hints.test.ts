// Retry hints: duration spellings, Retry-After semantics, text hints, header precedence and resolution.
import { describe, expect, it } from "vitest";
import {
  parseDurationMs,
  parseResetValue,
  parseRetryAfter,
  parseTimestamp,
  pickRetryHint,
  resolveRetryHint,
  retryHintFromField,
  retryHintFromText,
  retryHintsFromHeaders,
  type HeaderLookup,
  type RankedHint,
} from "../../../src/domain/classifier/index.js";

const NOW = Date.parse("2026-07-02T17:00:00Z");
const headers = (h: Record<string, string>): HeaderLookup => (name) => h[name];
const msOf = (r: RankedHint | undefined): number | undefined => (r?.hint.kind === "after" ? r.hint.ms : undefined);

describe("parseDurationMs", () => {
  it.each([
    ["6m0s", 360_000],
    ["2m59.56s", 179_560],
    ["1s", 1_000],
    ["120ms", 120],
    ["37s", 37_000],
    ["1.5s", 1_500],
    ["7.66s", 7_660],
    ["1h2m3s", 3_723_000],
    ["2 hours", 7_200_000],
    ["90 minutes", 5_400_000],
    ["1 hour and 30 minutes", 5_400_000],
    ["30秒", 30_000],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDurationMs(text)).toBeCloseTo(ms, 6);
  });

  it.each(["17", "", "soon", "6 months", "-5s", "1x"])("does not read %j as a duration", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});

describe("parseTimestamp", () => {
  it("reads an HTTP date, RFC 3339 and a zone-less time as UTC", () => {
    expect(parseTimestamp("Thu, 02 Jul 2026 17:02:00 GMT")).toBe(Date.parse("2026-07-02T17:02:00Z"));
    expect(parseTimestamp("2026-07-02T19:02:00+02:00")).toBe(Date.parse("2026-07-02T17:02:00Z"));
    expect(parseTimestamp("2026-07-02 17:39")).toBe(Date.parse("2026-07-02T17:39:00Z"));
  });

  it("rejects words and bare numbers", () => {
    expect(parseTimestamp("tomorrow")).toBeUndefined();
    expect(parseTimestamp("1751475600")).toBeUndefined();
  });
});

describe("parseRetryAfter", () => {
  it("reads delta seconds, including decimals", () => {
    expect(parseRetryAfter("17")).toEqual({ kind: "after", ms: 17_000, source: "retry-after" });
    expect(parseRetryAfter("0.5")).toMatchObject({ kind: "after", ms: 500 });
  });

  it("reads an HTTP date as an absolute time", () => {
    expect(parseRetryAfter("Thu, 02 Jul 2026 17:02:00 GMT")).toMatchObject({ kind: "at", atMs: Date.parse("2026-07-02T17:02:00Z") });
  });

  it("ignores negative and unreadable values", () => {
    expect(parseRetryAfter("-5")).toBeUndefined();
    expect(parseRetryAfter("later")).toBeUndefined();
  });
});

describe("parseResetValue", () => {
  it("reads durations, epoch seconds, epoch milliseconds and plain seconds", () => {
    expect(parseResetValue("6m0s", "h")).toMatchObject({ kind: "after", ms: 360_000 });
    expect(parseResetValue("1783011600", "h")).toMatchObject({ kind: "at", atMs: 1_783_011_600_000 });
    expect(parseResetValue(1_783_011_600_000, "h")).toMatchObject({ kind: "at", atMs: 1_783_011_600_000 });
    expect(parseResetValue("30", "h")).toMatchObject({ kind: "after", ms: 30_000 });
  });
});

describe("retryHintFromText", () => {
  it.each([
    ["Please try again in 2.5s.", 2_500],
    ["Please try again in 6m0s.", 360_000],
    ["Please retry after 6 seconds.", 6_000],
    ["Please retry in 37.4s.", 37_400],
    ["Rate limit reached; Retry-After: 1 seconds", 1_000],
    ["Retry-After: 3", 3_000],
    ["Please wait 20 seconds before retrying.", 20_000],
    ["Rate limit reached. Retry after 6h.", 21_600_000],
    ["请求过于频繁，请30秒后重试", 30_000],
  ])("finds the wait in %j", (text, ms) => {
    expect(msOf(retryHintFromText(text))).toBeCloseTo(ms, 6);
  });

  it("finds an absolute reset time", () => {
    const hint = retryHintFromText("Weekly/Monthly Limit Exhausted. Your limit will reset at 2026-07-02 17:39");
    expect(hint?.hint).toMatchObject({ kind: "at", atMs: Date.parse("2026-07-02T17:39:00Z") });
  });

  it("finds nothing in vague or unrelated text", () => {
    expect(retryHintFromText("Please try again later.")).toBeUndefined();
    expect(retryHintFromText("Please try again in a moment.")).toBeUndefined();
    expect(retryHintFromText("The request timed out after 30s")).toBeUndefined();
  });
});

describe("retryHintFromField", () => {
  it("reads Google RetryInfo in both spellings and resets_at epochs", () => {
    expect(msOf(retryHintFromField("retryDelay", "37s"))).toBe(37_000);
    expect(msOf(retryHintFromField("retryDelay", { seconds: "1", nanos: 500_000_000 }))).toBe(1_500);
    expect(retryHintFromField("resets_at", 1_783_011_600)?.hint).toMatchObject({ kind: "at", atMs: 1_783_011_600_000 });
    expect(retryHintFromField("model", "gpt-4o")).toBeUndefined();
  });
});

describe("retryHintsFromHeaders and pickRetryHint", () => {
  it("prefers retry-after-ms over retry-after over reset headers", () => {
    const all = retryHintsFromHeaders(headers({ "retry-after-ms": "1500", "retry-after": "2", "x-ratelimit-reset-requests": "1m" }));
    expect(pickRetryHint(all)).toMatchObject({ kind: "after", ms: 1_500 });
    const noMs = retryHintsFromHeaders(headers({ "retry-after": "2", "x-ratelimit-reset-requests": "1m" }));
    expect(pickRetryHint(noMs)).toMatchObject({ kind: "after", ms: 2_000 });
  });

  it("uses the exhausted limit's reset, else the earliest reset", () => {
    const exhausted = retryHintsFromHeaders(headers({ "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "6m0s", "x-ratelimit-remaining-requests": "5", "x-ratelimit-reset-requests": "1s" }));
    expect(pickRetryHint(exhausted)).toMatchObject({ ms: 360_000 });
    const unknown = retryHintsFromHeaders(headers({ "x-ratelimit-reset-tokens": "6m0s", "x-ratelimit-reset-requests": "1s" }));
    expect(pickRetryHint(unknown)).toMatchObject({ ms: 1_000 });
  });

  it("ranks a body RetryInfo above text and text above reset headers", () => {
    const body = retryHintFromField("retryDelay", "37s");
    const text = retryHintFromText("try again in 5s");
    const reset = retryHintsFromHeaders(headers({ "x-ratelimit-reset": "90" }));
    expect(pickRetryHint([...reset, text!, body!])).toMatchObject({ ms: 37_000 });
    expect(pickRetryHint([...reset, text!])).toMatchObject({ ms: 5_000 });
  });
});

describe("resolveRetryHint", () => {
  it("rounds relative waits to whole, non-negative milliseconds", () => {
    expect(resolveRetryHint({ kind: "after", ms: 7_660.000001, source: "t" })).toEqual({ retryAfterMs: 7_660 });
    expect(resolveRetryHint({ kind: "after", ms: -3, source: "t" })).toEqual({ retryAfterMs: 0 });
  });

  it("gives only resetAt for an absolute time without a clock", () => {
    expect(resolveRetryHint({ kind: "at", atMs: NOW + 30_000, source: "t" })).toEqual({ resetAt: "2026-07-02T17:00:30.000Z" });
  });

  it("turns an absolute time into a wait with a clock, and a past time into zero", () => {
    expect(resolveRetryHint({ kind: "at", atMs: NOW + 30_000, source: "t" }, NOW)).toEqual({ retryAfterMs: 30_000, resetAt: "2026-07-02T17:00:30.000Z" });
    expect(resolveRetryHint({ kind: "at", atMs: NOW - 30_000, source: "t" }, NOW)).toMatchObject({ retryAfterMs: 0 });
  });

  it("drops times outside the Date range instead of throwing", () => {
    expect(resolveRetryHint({ kind: "at", atMs: 1e300, source: "t" }, NOW)).toEqual({});
  });
});
