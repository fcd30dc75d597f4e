import { describe, it, expect } from "vitest";
import { T0, S, start, callFailed } from "./model-fixtures.js";

describe("model machine: provider hints that restate the same deadline", () => {
  it("does not move the deadline (or route around again) for a hint a few seconds longer", () => {
    const d = start();
    d.send(callFailed(T0, "rate_limit", { retryAfterMs: 600 * S }));
    const until = d.snap.context.until as number;
    const again = d.send(callFailed(T0 + 10 * S, "rate_limit", { retryAfterMs: 592 * S }));
    expect(d.snap.context.until).toBe(until);
    expect(again).toEqual([]);
  });

  it("does move the deadline for a hint that really is later", () => {
    const d = start();
    d.send(callFailed(T0, "rate_limit", { retryAfterMs: 120 * S }));
    const until = d.snap.context.until as number;
    const again = d.send(callFailed(T0 + 10 * S, "rate_limit", { retryAfterMs: 600 * S }));
    expect(d.snap.context.until).toBe(T0 + 610 * S);
    expect(d.snap.context.until).toBeGreaterThan(until);
    expect(again.map((e) => e.action)).toEqual(["route_around"]);
  });
});
