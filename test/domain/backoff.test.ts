import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cooldownFor, exponentialMs, scheduleDelay, type CooldownInput } from "../../src/domain/backoff.js";

const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const inputs = fc.record({
  ejections: fc.integer({ min: 0, max: 80 }),
  baseMs: fc.integer({ min: 0, max: 600_000 }),
  maxMs: fc.integer({ min: 0, max: 86_400_000 }),
  jitterRatio: fc.double({ min: 0, max: 1, noNaN: true }),
  prevMs: fc.integer({ min: 0, max: 86_400_000 }),
  hintMs: fc.option(fc.integer({ min: 0, max: 200_000_000 }), { nil: undefined }),
  maxHintMs: fc.integer({ min: 0, max: 86_400_000 }),
});

function withoutHint(input: CooldownInput): CooldownInput {
  const { hintMs: _hint, ...rest } = input;
  return rest;
}

describe("cooldownFor", () => {
  it("doubles from the base per ejection without jitter: 30 s, 60 s, 120 s, then the cap", () => {
    const base = { baseMs: 30_000, maxMs: 200_000, jitterRatio: 0.2, prevMs: 0, maxHintMs: 86_400_000 };
    const durations = [0, 1, 2, 3, 4].map((ejections) => cooldownFor({ ...base, ejections }, 0));
    expect(durations).toEqual([30_000, 60_000, 120_000, 200_000, 200_000]);
  });

  it("adds at most jitterRatio × max(exponential, previous cooldown) of jitter", () => {
    const input = { ejections: 0, baseMs: 30_000, maxMs: 1_800_000, jitterRatio: 0.2, prevMs: 100_000, maxHintMs: 1 };
    expect(cooldownFor(input, 0.5)).toBe(30_000 + 0.5 * 0.2 * 100_000);
    expect(cooldownFor(input, 0.999)).toBeLessThanOrEqual(50_000);
  });

  it("is never negative, even for nonsense inputs", () => {
    fc.assert(
      fc.property(inputs, unit, (input, r) => {
        expect(cooldownFor(input, r)).toBeGreaterThanOrEqual(0);
        expect(cooldownFor({ ...input, baseMs: -5, maxMs: -1, prevMs: -3, hintMs: -9 }, r)).toBe(0);
        expect(cooldownFor({ ...input, baseMs: Number.NaN, jitterRatio: Number.NaN }, Number.NaN)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("never goes below the exponential floor, and the floor never shrinks with more ejections", () => {
    fc.assert(
      fc.property(inputs, unit, (input, r) => {
        const floor = Math.min(input.maxMs, input.baseMs * 2 ** input.ejections);
        expect(cooldownFor(input, r)).toBeGreaterThanOrEqual(floor);
        expect(exponentialMs(input.baseMs, input.ejections + 1, input.maxMs)).toBeGreaterThanOrEqual(
          exponentialMs(input.baseMs, input.ejections, input.maxMs),
        );
        expect(cooldownFor(withoutHint({ ...input, ejections: input.ejections + 1 }), 0)).toBeGreaterThanOrEqual(
          cooldownFor(withoutHint(input), 0),
        );
      }),
    );
  });

  it("stays at or below maxMs unless the provider's hint is longer", () => {
    fc.assert(
      fc.property(inputs, unit, (input, r) => {
        const hint = Math.min(input.hintMs ?? 0, input.maxHintMs);
        expect(cooldownFor(input, r)).toBeLessThanOrEqual(Math.max(input.maxMs, hint));
        expect(cooldownFor(withoutHint(input), r)).toBeLessThanOrEqual(input.maxMs);
      }),
    );
  });

  it("returns the hint whenever the (capped) hint is longer than the computed cooldown", () => {
    fc.assert(
      fc.property(inputs, unit, fc.integer({ min: 1, max: 100_000_000 }), (input, r, extra) => {
        const computed = cooldownFor(withoutHint(input), r);
        const hintMs = computed + extra;
        const maxHintMs = hintMs + input.maxHintMs;
        expect(cooldownFor({ ...input, hintMs, maxHintMs }, r)).toBe(hintMs);
      }),
    );
  });

  it("caps a hint at maxHintMs", () => {
    const input = { ejections: 0, baseMs: 1_000, maxMs: 10_000, jitterRatio: 0, prevMs: 0, maxHintMs: 86_400_000 };
    expect(cooldownFor({ ...input, hintMs: 10 * 86_400_000 }, 0)).toBe(86_400_000);
  });

  it("is deterministic for a given r", () => {
    fc.assert(fc.property(inputs, unit, (input, r) => {
      expect(cooldownFor(input, r)).toBe(cooldownFor({ ...input }, r));
    }));
  });

  it("gives whole milliseconds for whole-millisecond inputs", () => {
    fc.assert(fc.property(inputs, unit, (input, r) => {
      expect(Number.isInteger(cooldownFor(input, r))).toBe(true);
    }));
  });
});

describe("scheduleDelay", () => {
  it("spaces between base and base × (1 + jitterRatio)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), unit, (baseMs, jitterRatio, r) => {
        const delay = scheduleDelay({ baseMs, jitterRatio }, r);
        expect(delay).toBeGreaterThanOrEqual(baseMs);
        expect(delay).toBeLessThanOrEqual(Math.round(baseMs * (1 + jitterRatio)));
      }),
    );
  });

  it("uses no jitter when r is 0", () => {
    expect(scheduleDelay({ baseMs: 5_000, jitterRatio: 0.2 }, 0)).toBe(5_000);
  });
});
