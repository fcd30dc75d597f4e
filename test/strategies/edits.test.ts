import { describe, it, expect } from "vitest";
import { applyEdit, defaultDocument, validateDocument, DEFAULT_STRATEGIES } from "../../src/strategies/index.js";

describe("strategy edits and validation", () => {
  it("accepts the default document", () => {
    expect(validateDocument(defaultDocument())).toEqual({ ok: true, value: defaultDocument() });
  });

  it("adds a valid strategy and refuses a duplicate name", () => {
    const added = applyEdit(defaultDocument(), { action: "add", name: "mine", fields: { type: "custom", maxRetries: 3, intervals: [60_000, 300_000, 600_000], retryOn: ["rate_limit"] } });
    expect(added.ok && added.value.strategies.map((s) => s.name)).toContain("mine");
    const again = applyEdit(added.ok ? added.value : defaultDocument(), { action: "add", name: "mine", fields: {} });
    expect(again.ok).toBe(false);
  });

  it("updates only the named strategy and removes optional fields given as null", () => {
    const withModels = applyEdit(defaultDocument(), { action: "update", name: "default-exponential", fields: { maxRetries: 8, models: ["p/m"] } });
    expect(withModels.ok).toBe(true);
    if (!withModels.ok) return;
    expect(withModels.value.strategies.find((s) => s.name === "default-exponential")).toMatchObject({ maxRetries: 8, models: ["p/m"] });
    expect(withModels.value.strategies.find((s) => s.name === "network-retry")).toEqual(DEFAULT_STRATEGIES[3]);
    const cleared = applyEdit(withModels.value, { action: "update", name: "default-exponential", fields: { models: null } });
    expect(cleared.ok && cleared.value.strategies[0]).not.toHaveProperty("models");
  });

  it("rejects invalid edits with every reason", () => {
    const bad = applyEdit(defaultDocument(), { action: "update", name: "rate-limit-fixed", fields: { intervals: [30_000, 10_000], retryOn: ["nope"], extra: 1 } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.join("\n")).toMatch(/never decrease/);
    expect(bad.errors.join("\n")).toMatch(/retryOn/);
    expect(bad.errors.join("\n")).toMatch(/extra: unknown key/);
  });

  it("removes and resets", () => {
    const removed = applyEdit(defaultDocument(), { action: "remove", name: "model-backoff" });
    expect(removed.ok && removed.value.strategies.map((s) => s.name)).toEqual(["default-exponential", "rate-limit-fixed", "network-retry"]);
    expect(applyEdit(defaultDocument(), { action: "remove", name: "ghost" }).ok).toBe(false);
    expect(applyEdit({ version: 1, strategies: [] }, { action: "reset" })).toEqual({ ok: true, value: defaultDocument() });
  });

  it("rejects duplicate names and a wrong version in a file", () => {
    expect(validateDocument({ version: 2, strategies: [] }).ok).toBe(false);
    expect(validateDocument({ version: 1, strategies: [DEFAULT_STRATEGIES[0], DEFAULT_STRATEGIES[0]] }).ok).toBe(false);
  });
});
