// Property: no generated secret of any supported format survives redactSecrets or classify()'s evidence, wherever it
// sits in an error text; the fixed examples name each format so a miss points at its pattern.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classify, redactSecrets } from "../../../src/domain/classifier/index.js";
import { SECRET_FORMATS, secretInText } from "./secret-formats.js";

describe("redactSecrets over generated secrets", () => {
  for (const [format, arbitrary] of Object.entries(SECRET_FORMATS)) {
    it(`removes every generated ${format} secret`, () => {
      fc.assert(
        fc.property(arbitrary, (c) => {
          const out = redactSecrets(c.text);
          expect(out).not.toContain(c.secret);
          expect(out).toContain("[REDACTED]");
        }),
        { numRuns: 200 },
      );
    });
  }

  it("removes any supported secret from an error sentence, and from classify() evidence of that error", () => {
    fc.assert(
      fc.property(secretInText, fc.constantFrom(400, 401, 403, 429, 500, 503), (c, status) => {
        expect(redactSecrets(c.text)).not.toContain(c.secret);
        const result = classify({ status, error: { message: c.text } });
        expect(result.evidence).not.toContain(c.secret);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ["Telegram bot token", "Telegram API error 401: https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates", "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"],
    ["Slack bot token", "slack: invalid_auth for token xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"],
    ["Slack user token", "token=xoxp-1234567890-1234567890-1234567890-0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"],
    ["Slack app token", "socket mode: xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "xapp-1-A0123456789"],
    ["URL credentials", "connect ECONNREFUSED redis://admin:hunter2-Pa55@10.0.0.5:6379", "hunter2-Pa55"],
    ["Basic auth", "proxy said 407 to Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", "YWxhZGRpbjpvcGVuc2VzYW1l"],
  ])("redacts a %s", (_kind, text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain("[REDACTED]");
  });

  it("leaves ordinary words after Basic and times with colons alone", () => {
    const text = "Basic authentication failed at 12:30:45 for model gpt-4o (basic tier)";
    expect(redactSecrets(text)).toBe(text);
  });

  it("stays linear on long adversarial runs of the new formats", () => {
    const started = performance.now();
    redactSecrets("1234567:".repeat(20_000));
    redactSecrets("a://b:".repeat(20_000));
    redactSecrets("Basic ".repeat(20_000));
    redactSecrets(`-----BEGIN PRIVATE KEY-----${"A".repeat(100_000)}`);
    redactSecrets("xoxb-".repeat(20_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
