// The quota watch with shared health: the other gateways' counts (peer.quota records) join this gateway's own.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { QuotaWatch } from "../../src/projections/quota-watch.js";

const T0 = Date.parse("2026-11-22T10:00:00Z");
const DAY0 = Date.parse("2026-11-22T00:00:00Z");

function watch() {
  const r = parseConfig({ quota: { budgets: [{ model: "openai/gpt-4o", requests: 100 }] } });
  if (!r.ok) throw new Error(r.errors.join("; "));
  const cfg = r.config.quota;
  const w = new QuotaWatch({ config: () => cfg });
  let seq = 0;
  return {
    w,
    call: (ts: number) => w.observe({ type: "call", ts, seq: ++seq, fields: { model: "openai/gpt-4o", ok: true } }),
    peers: (ts: number, windowStart: number, requests: number) => w.observe({ type: "peer.quota", ts, seq: ++seq, fields: { model: "openai/gpt-4o", windowStart, requests, tokens: 0, gateways: 1 } }),
  };
}

describe("quota watch with other gateways' counts", () => {
  it("adds the others' requests to its own and alerts on the total, once", () => {
    const h = watch();
    for (let i = 0; i < 10; i++) h.call(T0 + i);
    const first = h.peers(T0 + 100, DAY0, 75);
    expect(first.filter((e) => e.action === "alert").map((e) => e.params?.severity)).toEqual(["warning"]);
    expect(h.w.usage(T0 + 200)[0]).toMatchObject({ requests: { used: 85, limit: 100 }, peers: { requests: 75, tokens: 0 }, level: "warning" });
    expect(h.peers(T0 + 300, DAY0, 76).filter((e) => e.action === "alert")).toEqual([]);
  });

  it("keeps its own count only in what it tells the others", () => {
    const h = watch();
    for (let i = 0; i < 4; i++) h.call(T0 + i);
    h.peers(T0 + 10, DAY0, 50);
    expect(h.w.ownUsage(T0 + 20)).toEqual([{ model: "openai/gpt-4o", windowStart: DAY0, windowEnd: DAY0 + 86_400_000, requests: 4, tokens: 0 }]);
  });

  it("ignores the others' counts of another window", () => {
    const h = watch();
    h.call(T0);
    h.peers(T0 + 1, DAY0 - 86_400_000, 99);
    expect(h.w.usage(T0 + 2)[0]).toMatchObject({ requests: { used: 1 } });
    expect(h.w.usage(T0 + 2)[0]?.peers).toBeUndefined();
  });
});
