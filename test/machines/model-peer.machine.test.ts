import { describe, expect, it } from "vitest";
import type { ModelEvent } from "../../machines/index.js";
import { PEER_REASON_PREFIX } from "../../machines/model-peer.js";
import { callFailed, inCooldown, start, S, T0 } from "./model-fixtures.js";

const peer = (now: number, until: number, extra: Partial<{ disabling: boolean; category: "rate_limit" | "auth_failed" }> = {}): ModelEvent => ({
  type: "PEER_COOLED", now, category: extra.category ?? "rate_limit", evidence: "gateway gw-a: HTTP 429", until, disabling: extra.disabling ?? false, gateway: "gw-a",
});

describe("model machine: a cooldown another gateway reported (PEER_COOLED)", () => {
  it("cools a healthy model down until the peer's deadline and routes around it", () => {
    const m = start();
    const out = m.send(peer(T0, T0 + 120 * S));
    expect(m.state()).toBe("cooldown");
    expect(m.snap.context.until).toBe(T0 + 120 * S);
    expect(m.snap.context.reason.startsWith(PEER_REASON_PREFIX)).toBe(true);
    expect(out).toEqual([expect.objectContaining({ action: "route_around", target: "p/m", params: { until: T0 + 120 * S } })]);
  });

  it("ignores a fact whose deadline already passed", () => {
    const m = start();
    expect(m.send(peer(T0, T0 - 1))).toEqual([]);
    expect(m.state()).toBe("healthy");
  });

  it("disables on a peer's auth failure without alerting the owner a second time", () => {
    const m = start();
    const out = m.send(peer(T0, T0 + 30 * 60 * S, { disabling: true, category: "auth_failed" }));
    expect(m.state()).toBe("disabled");
    expect(out.map((e) => e.action)).toEqual(["route_around"]);
  });

  it("moves a local cooldown out to a later peer deadline, but not to an earlier or barely later one", () => {
    const m = inCooldown({ jitterRatio: 0 });
    const until = m.snap.context.until as number;
    expect(m.send(peer(T0 + S, until - 10 * S))).toEqual([]);
    expect(m.send(peer(T0 + S, until + 2 * S))).toEqual([]);
    const out = m.send(peer(T0 + S, until + 60 * S));
    expect(m.snap.context.until).toBe(until + 60 * S);
    expect(out.map((e) => e.action)).toEqual(["route_around"]);
  });

  it("caps an absurd peer deadline at the longest hint the model honours", () => {
    const m = start({ maxHintMs: 3_600_000 });
    m.send(peer(T0, T0 + 365 * 86_400_000));
    expect(m.snap.context.until).toBe(T0 + 3_600_000);
  });

  it("remembers the provider's retry hint of its own failures (shared with the other gateways)", () => {
    const m = start();
    m.send(callFailed(T0, "rate_limit", { retryAfterMs: 45 * S }));
    expect(m.snap.context.lastError).toMatchObject({ category: "rate_limit", retryAfterMs: 45 * S });
  });
});
