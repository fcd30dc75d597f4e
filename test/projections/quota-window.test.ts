// Quota windows: fixed day/week/month windows reset at resetHourUtc; rolling windows count whole hours.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { budgetCovers, windowAt, type WindowSpec } from "../../src/projections/quota-window.js";

const spec = (window: WindowSpec["window"], resetHourUtc = 0, rollingHours = 5): WindowSpec => ({ window, resetHourUtc, rollingHours });
const iso = (ms: number) => new Date(ms).toISOString();

describe("quota windows", () => {
  it("a day window runs from the reset hour to the same hour the next day", () => {
    const w = windowAt(spec("day", 7), Date.parse("2026-11-22T06:59:59Z"));
    expect([iso(w.start), iso(w.end)]).toEqual(["2026-11-21T07:00:00.000Z", "2026-11-22T07:00:00.000Z"]);
    const after = windowAt(spec("day", 7), Date.parse("2026-11-22T07:00:00Z"));
    expect(iso(after.start)).toBe("2026-11-22T07:00:00.000Z");
  });

  it("a week window starts on Monday at the reset hour", () => {
    // 2026-11-22 is a Sunday.
    const w = windowAt(spec("week"), Date.parse("2026-11-22T23:00:00Z"));
    expect([iso(w.start), iso(w.end)]).toEqual(["2026-11-16T00:00:00.000Z", "2026-11-23T00:00:00.000Z"]);
  });

  it("a month window follows calendar months, whatever their length", () => {
    const feb = windowAt(spec("month", 8), Date.parse("2028-02-29T12:00:00Z"));
    expect([iso(feb.start), iso(feb.end)]).toEqual(["2028-02-01T08:00:00.000Z", "2028-03-01T08:00:00.000Z"]);
    const early = windowAt(spec("month", 8), Date.parse("2028-03-01T07:00:00Z"));
    expect(iso(early.start)).toBe("2028-02-01T08:00:00.000Z");
  });

  it("a rolling window covers the current hour and the hours before it", () => {
    const w = windowAt(spec("rolling", 0, 5), Date.parse("2026-11-22T10:42:00Z"));
    expect([iso(w.start), iso(w.end)]).toEqual(["2026-11-22T06:00:00.000Z", "2026-11-22T11:00:00.000Z"]);
  });

  it("every time lies inside its own window, and the next window starts where it ends", () => {
    const specs = fc.record({ window: fc.constantFrom("day", "week", "month", "rolling" as const), resetHourUtc: fc.integer({ min: 0, max: 23 }), rollingHours: fc.integer({ min: 1, max: 720 }) });
    fc.assert(
      fc.property(specs, fc.integer({ min: Date.parse("2000-01-01"), max: Date.parse("2100-01-01") }), (s, t) => {
        const w = windowAt(s, t);
        expect(w.start).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(w.end);
        expect(w.start % 3_600_000).toBe(0);
        if (s.window !== "rolling") expect(windowAt(s, w.end).start).toBe(w.end);
      }),
    );
  });

  it("a provider/* budget covers every model of that provider and nothing else", () => {
    expect(budgetCovers("google/*", "google/gemini-2.5-flash")).toBe(true);
    expect(budgetCovers("google/*", "googlex/model")).toBe(false);
    expect(budgetCovers("openai/gpt-4o", "openai/gpt-4o-mini")).toBe(false);
    expect(budgetCovers("openai/gpt-4o", "openai/gpt-4o")).toBe(true);
  });
});
