import { describe, it, expect } from "vitest";
import { classify } from "../../../src/domain/classifier/index.js";
import { CATEGORIES } from "../../../src/domain/taxonomy.js";

// Regression: fast-check found {"name":"FailoverError","reason":"__proto__"} returning `category: {}`.
describe("classifier lookups keyed by untrusted strings", () => {
  for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
    it(`maps a failoverReason or failureKind of "${key}" to a real category`, () => {
      for (const input of [{ name: "FailoverError", reason: key }, { failoverReason: key }, { outcome: "error", failureKind: key }]) {
        const c = classify(input);
        expect(CATEGORIES).toContain(c.category);
      }
    });
  }
});
