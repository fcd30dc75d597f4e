// Table-driven classification of real provider error shapes (each case names its source).
import { describe, expect, it } from "vitest";
import { classify } from "../../../src/domain/classifier/index.js";
import { isRetryable } from "../../../src/domain/taxonomy.js";
import { anthropicGoogleCases } from "./cases/anthropic-google.js";
import { bedrockGroqMistralOpenRouterCases } from "./cases/bedrock-groq-mistral-openrouter.js";
import { NOW, type ClassifierCase } from "./cases/case.js";
import { chineseProviderCases } from "./cases/chinese-providers.js";
import { networkHttpCases } from "./cases/network-http.js";
import { openaiAzureCases } from "./cases/openai-azure.js";
import { openclawCases } from "./cases/openclaw.js";

const tables: Record<string, readonly ClassifierCase[]> = {
  "OpenAI and Azure OpenAI": openaiAzureCases,
  "Anthropic and Google": anthropicGoogleCases,
  "Bedrock, Groq, Mistral, OpenRouter, DeepSeek": bedrockGroqMistralOpenRouterCases,
  "Chinese providers": chineseProviderCases,
  "transport and raw HTTP": networkHttpCases,
  OpenClaw: openclawCases,
};

const allCases = Object.values(tables).flat();

describe("classify() on real provider error shapes", () => {
  it("covers at least 120 cases", () => {
    expect(allCases.length).toBeGreaterThanOrEqual(120);
  });

  for (const [table, cases] of Object.entries(tables)) {
    describe(table, () => {
      it.each(cases.map((c) => [c.name, c] as const))("classifies %s", (_name, c) => {
        const result = classify(c.input, { now: NOW });
        expect(result.category, result.evidence).toBe(c.category);
        expect(result.retryable).toBe(isRetryable(c.category));
        if (c.retryAfterMs !== undefined) expect(result.retryAfterMs, result.evidence).toBe(c.retryAfterMs);
        if (c.resetAt !== undefined) expect(result.resetAt).toBe(c.resetAt);
        if (c.status !== undefined) expect(result.status).toBe(c.status);
        expect(result.evidence.length).toBeGreaterThan(0);
        expect(result.evidence.length).toBeLessThanOrEqual(200);
      });
    });
  }
});
