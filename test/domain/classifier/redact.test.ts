// redactSecrets: keys and tokens never reach evidence; ordinary text is left alone.
import { describe, expect, it } from "vitest";
import { classify, redactSecrets } from "../../../src/domain/classifier/index.js";

describe("redactSecrets", () => {
  it.each([
    ["OpenAI key", "Incorrect API key provided: sk-proj-AbCdEf0123456789AbCdEf0123456789.", "sk-proj-AbCdEf0123456789AbCdEf0123456789"],
    ["masked OpenAI key", "Incorrect API key provided: sk-abc123**************wxyz.", "sk-abc123**************wxyz"],
    ["Anthropic key", "x-api-key sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAA-BBBB invalid", "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAA-BBBB"],
    ["Google key", "Consumer 'api_key:AIzaSyD-1234567890abcdefghijklmnopqrstu' has been suspended.", "AIzaSyD-1234567890abcdefghijklmnopqrstu"],
    ["bearer token", "Authorization: Bearer abcdef0123456789.token-value", "abcdef0123456789.token-value"],
    ["key= query parameter", "GET https://generativelanguage.googleapis.com/v1beta/models?key=secretvalue123 failed", "secretvalue123"],
    ["JWT", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl expired", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl"],
    ["AWS access key id", "The security token AKIAIOSFODNN7EXAMPLE is invalid", "AKIAIOSFODNN7EXAMPLE"],
    ["JSON api_key field", '{"api_key": "my-very-secret-value"}', "my-very-secret-value"],
    ["Groq key", "Invalid API Key gsk_0123456789abcdefABCDEF", "gsk_0123456789abcdefABCDEF"],
  ])("redacts a %s", (_kind, text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain("[REDACTED]");
  });

  it("stays linear on long adversarial runs", () => {
    const started = performance.now();
    redactSecrets("eyJ".repeat(70_000));
    redactSecrets(`api_key${" ".repeat(100_000)}`);
    redactSecrets("sk-a eyJ abc.def key= Bearer ".repeat(7_000));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("leaves ordinary error text unchanged", () => {
    const text = "Rate limit reached for gpt-4o in organization org-xyz on requests per min (RPM): Limit 500. Please try again in 120ms.";
    expect(redactSecrets(text)).toBe(text);
  });

  it("keeps secrets out of classify() evidence", () => {
    const secret = "sk-proj-ZZZZ0123456789ZZZZ0123456789";
    const result = classify({ status: 401, error: { message: `Incorrect API key provided: ${secret}`, code: "invalid_api_key" } });
    expect(result.category).toBe("auth_failed");
    expect(result.evidence).not.toContain(secret);
    expect(result.evidence).toContain("[REDACTED]");
  });
});
