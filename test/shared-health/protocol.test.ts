import { describe, expect, it } from "vitest";
import { keysFor, readEntry, readMessage, safeEvidence } from "../../src/shared-health/protocol.js";

const entry = { v: 1, model: "p/m", state: "cooldown", category: "rate_limit", evidence: "HTTP 429", until: 2_000, retryAfterMs: 1_000, gateway: "gw-a", at: 1_000 };

describe("shared health protocol", () => {
  it("names every key and the channel under the prefix and the protocol version", () => {
    const k = keysFor("team:");
    expect(k.health("p/m")).toBe("team:v1:health:p/m");
    expect(k.lease("p/m")).toBe("team:v1:lease:p/m");
    expect(k.channel).toBe("team:v1:events");
  });

  it("reads this version's entries and messages", () => {
    expect(readEntry(JSON.stringify(entry))).toEqual(entry);
    expect(readMessage(JSON.stringify({ kind: "entry", ...entry }))).toEqual({ kind: "entry", ...entry });
    expect(readMessage(JSON.stringify({ v: 1, kind: "probe", model: "p/m", ok: true, gateway: "gw-b", at: 5 }))).toEqual({ v: 1, kind: "probe", model: "p/m", ok: true, gateway: "gw-b", at: 5 });
  });

  it.each([
    ["not JSON", "%%%"],
    ["another version", JSON.stringify({ ...entry, v: 2 })],
    ["an unknown category", JSON.stringify({ ...entry, category: "meltdown" })],
    ["an unknown state", JSON.stringify({ ...entry, state: "sulking" })],
    ["a deadline that is not a number", JSON.stringify({ ...entry, until: "soon" })],
    ["a gateway name with spaces", JSON.stringify({ ...entry, gateway: "rm -rf /" })],
    ["an array", "[1,2]"],
    ["null", "null"],
    ["a huge value", JSON.stringify({ ...entry, evidence: "x".repeat(5000) })],
  ])("ignores %s", (_what, text) => {
    expect(readEntry(text)).toBeUndefined();
    expect(readMessage(text)).toBeUndefined();
  });

  it("redacts and shortens provider text before it leaves the process", () => {
    const text = safeEvidence(`401 bad key sk-proj-AbCdEfGhIjKlMnOp1234 ${"x".repeat(500)}`);
    expect(text).not.toContain("sk-proj-AbCd");
    expect(text.length).toBeLessThanOrEqual(200);
    // and what comes in is redacted again
    expect(readEntry(JSON.stringify({ ...entry, evidence: "Bearer abcdefghijklmnop" }))?.evidence).not.toContain("abcdefghijklmnop");
  });
});
