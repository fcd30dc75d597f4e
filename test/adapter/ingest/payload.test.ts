import { describe, it, expect } from "vitest";
import { rawString, redactedText } from "../../../src/adapter/ingest/payload.js";

describe("payload readers", () => {
  it("reads a string as sent with rawString, and only redactedText removes secrets", () => {
    const sent = "429 from key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx";
    expect(rawString(sent)).toBe(sent);
    expect(redactedText(sent)).toBe("429 from key [REDACTED]");
  });

  it("caps both, and redacts a key that straddles redactedText's cap whole", () => {
    expect(rawString("x".repeat(600))).toHaveLength(512);
    expect(rawString("abcdef", 3)).toBe("abc");
    const straddling = `${"a ".repeat(145)}sk-proj-AbCdEfGhIjKlMnOpQrStUvWx`;
    const kept = redactedText(straddling, 300);
    expect(kept).toHaveLength(300);
    expect(kept).not.toContain("sk-proj");
  });

  it("treats empty strings and non-strings as absent", () => {
    for (const v of ["", 42, null, undefined, {}, ["x"]]) {
      expect(rawString(v)).toBeUndefined();
      expect(redactedText(v)).toBeUndefined();
    }
  });
});
