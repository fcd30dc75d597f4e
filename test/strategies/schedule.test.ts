import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { DEFAULT_STRATEGIES, nominalDelayMs, capMs, nextRetry, jitteredDelayMs, totalWaitCapMs, MAX_HINT_MS, type Strategy } from "../../src/strategies/index.js";

const byName = (name: string) => DEFAULT_STRATEGIES.find((s) => s.name === name) as Strategy;

const strategy: fc.Arbitrary<Strategy> = fc
  .record({
    type: fc.constantFrom("fixed" as const, "exponential" as const, "custom" as const),
    maxRetries: fc.integer({ min: 1, max: 12 }),
    intervals: fc.array(fc.integer({ min: 1, max: 3_600_000 }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ type, maxRetries, intervals }) => {
    const sorted = [...intervals].sort((a, b) => a - b);
    const iv = type === "fixed" ? sorted.slice(0, 1) : type === "exponential" ? [sorted[0] as number, sorted[sorted.length - 1] as number] : sorted;
    return { name: "s", type, maxRetries, intervals: iv, retryOn: ["server_overload"] } satisfies Strategy;
  });

/** Walks a whole schedule with the given random draws and hints, feeding each delay back as `prevMs`. */
function walk(s: Strategy, draws: number[], hints: Array<number | undefined> = []): number[] {
  const delays: number[] = [];
  let prev = 0;
  for (let n = 0; n < s.maxRetries; n++) {
    const hint = hints[n];
    const d = jitteredDelayMs(s, { attempt: n, prevMs: prev, ...(hint !== undefined ? { hintMs: hint } : {}) }, draws[n % draws.length] ?? 0).delayMs;
    delays.push(d);
    prev = d;
  }
  return delays;
}

describe("retry schedule math", () => {
  it("follows the documented nominal schedules of the defaults", () => {
    expect([0, 1, 2, 3, 4].map((n) => nominalDelayMs(byName("default-exponential"), n))).toEqual([60_000, 120_000, 240_000, 480_000, 900_000]);
    expect([0, 1, 2].map((n) => nominalDelayMs(byName("rate-limit-fixed"), n))).toEqual([30_000, 30_000, 30_000]);
    expect([0, 5, 9].map((n) => nominalDelayMs(byName("model-backoff"), n))).toEqual([60_000, 7_200_000, 7_200_000]);
    expect([0, 1, 2, 3].map((n) => nominalDelayMs(byName("network-retry"), n))).toEqual([5_000, 10_000, 20_000, 40_000]);
  });

  it("never shortens the wait from one retry to the next (no hints)", () => {
    fc.assert(
      fc.property(strategy, fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 12 }), (s, draws) => {
        const delays = walk(s, draws);
        for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
      }),
    );
  });

  it("never waits less than the nominal delay nor more than the strategy's cap (no hints)", () => {
    fc.assert(
      fc.property(strategy, fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 12 }), (s, draws) => {
        walk(s, draws).forEach((d, n) => {
          expect(d).toBeGreaterThanOrEqual(nominalDelayMs(s, n));
          expect(d).toBeLessThanOrEqual(capMs(s));
        });
      }),
    );
  });

  it("honours a Retry-After hint that is longer than the computed delay, and ignores a shorter one", () => {
    fc.assert(
      fc.property(strategy, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 2 * MAX_HINT_MS }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 3_600_000 }), (s, attempt, hint, r, prev) => {
        const plain = jitteredDelayMs(s, { attempt, prevMs: prev }, r).delayMs;
        const hinted = jitteredDelayMs(s, { attempt, prevMs: prev, hintMs: hint }, r);
        expect(hinted.delayMs).toBe(Math.max(plain, Math.min(hint, MAX_HINT_MS)));
        expect(hinted.hinted).toBe(Math.min(hint, MAX_HINT_MS) > plain);
      }),
    );
  });

  it("gives up after maxRetries and when the next wait would pass the total-wait cap", () => {
    fc.assert(
      fc.property(strategy, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (s, r) => {
        expect(nextRetry(s, { attempt: s.maxRetries, prevMs: 0 }, r)).toEqual({ kind: "give_up", why: "max_retries" });
        const cap = totalWaitCapMs(s);
        const d = nextRetry(s, { attempt: 0, prevMs: 0, waitedMs: cap }, r);
        expect(d).toEqual({ kind: "give_up", why: "total_wait" });
      }),
    );
  });

  it("keeps the total wait of a whole unhinted schedule within the cap, so a default strategy runs every retry", () => {
    for (const s of DEFAULT_STRATEGIES) {
      let waited = 0;
      let prev = 0;
      for (let n = 0; n < s.maxRetries; n++) {
        const d = nextRetry(s, { attempt: n, prevMs: prev, waitedMs: waited }, 0.999);
        expect(d.kind, `${s.name} retry ${n}`).toBe("retry");
        if (d.kind === "retry") {
          waited += d.delayMs;
          prev = d.delayMs;
        }
      }
    }
  });

  it("waits exactly the fixed interval for a fixed strategy whatever the draw", () => {
    expect(walk(byName("rate-limit-fixed"), [0, 0.5, 0.99])).toEqual([30_000, 30_000, 30_000]);
  });

  it("spreads exponential delays with the draw (decorrelated jitter)", () => {
    const s = byName("default-exponential");
    expect(jitteredDelayMs(s, { attempt: 1, prevMs: 60_000 }, 0).delayMs).toBe(120_000);
    expect(jitteredDelayMs(s, { attempt: 1, prevMs: 60_000 }, 0.5).delayMs).toBe(150_000);
  });

  it("an exponential strategy with more than two intervals waits the listed intervals, then doubles from the last (resilience's example)", () => {
    const s = { type: "exponential" as const, maxRetries: 5, intervals: [60_000, 180_000, 300_000] };
    expect([0, 1, 2, 3, 4].map((n) => nominalDelayMs(s, n))).toEqual([60_000, 180_000, 300_000, 600_000, 1_200_000]);
    expect(capMs(s)).toBe(1_200_000);
  });
});
