import { describe, it, expect } from "vitest";
import fc from "fast-check";

describe("fast-check setup", () => {
  it("pins the seed under CI and leaves it random elsewhere", () => {
    const seed = fc.readConfigureGlobal().seed;
    if (process.env.CI === "true") expect(seed).toBe(20261122);
    else expect(seed).toBeUndefined();
  });
});
