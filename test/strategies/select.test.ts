import { describe, it, expect } from "vitest";
import { DEFAULT_STRATEGIES, selectStrategy, type Strategy } from "../../src/strategies/index.js";

const custom: Strategy[] = [
  ...DEFAULT_STRATEGIES,
  { name: "openai-overload", type: "fixed", maxRetries: 2, intervals: [10_000], retryOn: ["server_overload"], models: ["openai/*"] },
  { name: "gpt-overload", type: "fixed", maxRetries: 1, intervals: [5_000], retryOn: ["server_overload", "timeout"], models: ["openai/gpt-4o"] },
];

const pick = (list: readonly Strategy[], model: string | undefined, category: Parameters<typeof selectStrategy>[1]["category"], defaultType: "exponential" | "fixed" | "custom" = "exponential") =>
  selectStrategy(list, { ...(model ? { model } : {}), category, defaultType })?.name;

describe("strategy selection", () => {
  it("prefers the narrowest retryOn among model-independent strategies", () => {
    expect(pick(DEFAULT_STRATEGIES, "p/m", "rate_limit")).toBe("rate-limit-fixed");
    expect(pick(DEFAULT_STRATEGIES, "p/m", "network_error")).toBe("network-retry");
    expect(pick(DEFAULT_STRATEGIES, "p/m", "model_unavailable")).toBe("model-backoff");
    expect(pick(DEFAULT_STRATEGIES, "p/m", "timeout")).toBe("default-exponential");
  });

  it("prefers a strategy naming the model over one naming its provider over a catch-all", () => {
    expect(pick(custom, "openai/gpt-4o", "server_overload")).toBe("gpt-overload");
    expect(pick(custom, "openai/gpt-5", "server_overload")).toBe("openai-overload");
    expect(pick(custom, "anthropic/claude", "server_overload")).toBe("model-backoff");
  });

  it("never applies a model-limited strategy to another model or to an unknown model", () => {
    expect(pick(custom, undefined, "server_overload")).toBe("model-backoff");
    expect(pick(custom, "anthropic/claude", "timeout")).toBe("default-exponential");
  });

  it("matches bare model ids as the seed plugin wrote them", () => {
    const list: Strategy[] = [...DEFAULT_STRATEGIES, { name: "mimo", type: "fixed", maxRetries: 1, intervals: [1000], retryOn: ["timeout"], models: ["mimo-v2.5"] }];
    expect(pick(list, "xiaomi/mimo-v2.5", "timeout")).toBe("mimo");
  });

  it("breaks ties with defaultStrategy", () => {
    const list: Strategy[] = [
      { name: "a", type: "exponential", maxRetries: 1, intervals: [1000], retryOn: ["timeout"] },
      { name: "b", type: "fixed", maxRetries: 1, intervals: [1000], retryOn: ["timeout"] },
    ];
    expect(pick(list, "p/m", "timeout", "exponential")).toBe("a");
    expect(pick(list, "p/m", "timeout", "fixed")).toBe("b");
  });

  it("falls back to the default type for a retryable category no strategy lists, and never retries non-retryable ones", () => {
    expect(pick(DEFAULT_STRATEGIES, "p/m", "server_error")).toBe("default-exponential");
    expect(pick(DEFAULT_STRATEGIES, "p/m", "server_error", "custom")).toBe("model-backoff");
    expect(pick(DEFAULT_STRATEGIES, "p/m", "auth_failed")).toBeUndefined();
    expect(pick(DEFAULT_STRATEGIES, "p/m", "context_too_long")).toBeUndefined();
    expect(pick(DEFAULT_STRATEGIES, "p/m", "quota_exhausted")).toBeUndefined();
  });
});
