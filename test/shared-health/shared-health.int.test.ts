import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { RedisServer } from "../helpers/redis-server.js";
import { eventFromRecord, replayInto, type JournalRecord } from "../../src/runtime/index.js";
import { startGateway, waitFor, linesMatching, type Gateway } from "./kit.js";

let redis: RedisServer;
const gateways: Gateway[] = [];
const open = (name: string, extra: Record<string, unknown> = {}, config: Record<string, unknown> = {}) => {
  const g = startGateway(name, { url: redis.url, ...extra }, config);
  gateways.push(g);
  return g;
};

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const g of gateways.splice(0)) g.stop();
  const c = new Redis(redis.url);
  await c.flushall();
  c.disconnect();
});

const sharing = (g: Gateway) => g.runtime.shared()?.status().state === "sharing";

describe("two supervisors sharing one Redis", () => {
  it("routes the second gateway around a model within 1 s of a 429 on the first, without it touching the model", async () => {
    const a = open("gw-a");
    const b = open("gw-b");
    await waitFor(() => sharing(a) && sharing(b), 5000, "both gateways sharing");
    a.fail("p/primary", { category: "rate_limit", retryAfterMs: 120_000, status: 429 });
    const ms = await waitFor(() => b.runtime.supervisor.isRoutedAround("p/primary"), 1000, "gateway b to avoid p/primary");
    expect(ms).toBeLessThanOrEqual(1000);
    expect(b.runtime.supervisor.route("main", "p/primary")).toBe("q/backup");
    expect(b.runtime.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
    expect(b.host.count("probeModel")).toBe(0);
    // What b learned is in b's own journal as its own event type, with the reporter, reason, deadline and hint.
    const learned = b.records("peer.health");
    expect(learned).toHaveLength(1);
    expect(learned[0]).toMatchObject({ model: "p/primary", gateway: "gw-a", kind: "cooldown", category: "rate_limit", retryAfterMs: 120_000 });
    const aUntil = a.runtime.status().models.find((m) => m.id === "p/primary")?.until;
    const bUntil = b.runtime.status().models.find((m) => m.id === "p/primary")?.until;
    expect(bUntil).toBe(aUntil);
    // a did not learn its own fact back.
    expect(a.records("peer.health")).toHaveLength(0);
  });

  it("keeps the key only as long as the cooldown (TTL = cooldown)", async () => {
    const a = open("gw-a");
    await waitFor(() => sharing(a), 5000, "sharing");
    a.fail("p/primary", { category: "rate_limit", retryAfterMs: 60_000 });
    const c = new Redis(redis.url);
    try {
      await waitFor(() => a.runtime.shared()!.status().published > 0, 2000, "published");
      const ttl = await c.pttl("self-heal:v1:health:p/primary");
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000 * 1.25);
    } finally {
      c.disconnect();
    }
  });

  it("replays the learning gateway's journal to the same state without Redis", async () => {
    const a = open("gw-a");
    const b = open("gw-b");
    await waitFor(() => sharing(a) && sharing(b), 5000, "sharing");
    a.fail("p/primary", { category: "server_overload", status: 503 });
    await waitFor(() => b.runtime.supervisor.isRoutedAround("p/primary"), 2000, "b avoids");
    const records = ["peer.health", "model.state", "action.executed"].flatMap((t) => b.records(t)) as JournalRecord[];
    records.sort((x, y) => x.seq - y.seq);
    // Replaying only the learned observation (no checkpoints) rebuilds the cooldown with the same deadline.
    const learned = b.records("peer.health") as JournalRecord[];
    expect(eventFromRecord(learned[0]!)).toMatchObject({ type: "peer.health", model: "p/primary", gateway: "gw-a" });
    const fresh = startGateway("replayed", undefined);
    gateways.push(fresh);
    replayInto(fresh.runtime.supervisor, records);
    expect(fresh.runtime.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
    expect(fresh.runtime.supervisor.isRoutedAround("p/primary")).toBe(true);
    expect(fresh.runtime.shared()).toBeUndefined();
  });

  it("lets one gateway probe a sick model while the other waits for its result", async () => {
    const a = open("gw-a");
    const b = open("gw-b");
    await waitFor(() => sharing(a) && sharing(b), 5000, "sharing");
    const sa = a.runtime.shared()!;
    const sb = b.runtime.shared()!;
    expect(await sa.acquireProbe("p/primary")).toBeUndefined();
    expect(await sb.acquireProbe("p/primary")).toBe("gw-a");
    // b is waiting on p/primary (it learned the cooldown); a's probe result reaches it as a probe of its own.
    a.fail("p/primary", { category: "server_overload" });
    await waitFor(() => b.runtime.supervisor.stateOf("model", "p/primary") === "cooldown", 2000, "b cooled");
    sa.probeDone("p/primary", { ok: true, durationMs: 12 });
    await waitFor(() => b.records("peer.health").some((r) => r.kind === "probe" && r.ok === true), 2000, "b learns the probe");
    expect(b.runtime.supervisor.stateOf("model", "p/primary")).toBe("probing");
    // The lease is free again.
    expect(await sb.acquireProbe("p/primary")).toBeUndefined();
  });

  it("skips a probe another gateway holds the lease for, and journals why", async () => {
    const a = open("gw-a", {}, { model: { baseCooldownSeconds: 1, maxCooldownSeconds: 1, jitterRatio: 0 } });
    await waitFor(() => sharing(a), 5000, "sharing");
    const c = new Redis(redis.url);
    try {
      await c.set("self-heal:v1:lease:p/primary", "gw-other", "PX", 30_000);
      a.fail("p/primary", { category: "server_overload" });
      await waitFor(() => a.records("action.skipped").some((r) => r.action === "probe_model"), 5000, "the probe to be skipped");
      const skipped = a.records("action.skipped").find((r) => r.action === "probe_model");
      expect(skipped).toMatchObject({ why: "peer_probing", target: "p/primary" });
      expect(String(skipped?.detail)).toContain("gw-other");
      expect(a.host.count("probeModel")).toBe(0);
    } finally {
      c.disconnect();
    }
  });
});

describe("quota counters shared through Redis", () => {
  it("counts a budget across gateways: each sees the others' calls and alerts on the fleet's total", async () => {
    const config = { quota: { warnPercent: 80, budgets: [{ model: "p/primary", requests: 10 }] } };
    const a = open("gw-a", {}, config);
    const b = open("gw-b", {}, config);
    await waitFor(() => sharing(a) && sharing(b), 5000, "sharing");
    const ok = (g: Gateway, n: number) => {
      for (let i = 0; i < n; i++) g.runtime.supervisor.observe({ type: "call", ts: Date.now(), model: "p/primary", provider: "p", ok: true });
    };
    ok(a, 6);
    ok(b, 3);
    const used = (g: Gateway) => g.runtime.status().quota?.find((q) => q.model === "p/primary");
    await waitFor(() => used(a)?.requests.used === 9 && used(b)?.requests.used === 9, 5000, "both to count 9 of 10");
    expect(used(a)?.peers).toEqual({ requests: 3, tokens: 0 });
    expect(used(b)?.peers).toEqual({ requests: 6, tokens: 0 });
    expect(used(b)?.level).toBe("warning");
    // b crossed 80 % only with a's calls: it learned them as peer.quota and alerted.
    expect(b.records("peer.quota").at(-1)).toMatchObject({ model: "p/primary", requests: 6, tokens: 0, gateways: 1 });
    await waitFor(() => b.records("action.proposed").some((r) => r.action === "alert" && String(r.reason).startsWith("quota 90%")), 3000, "b's quota alert");
  });
});

describe("turning sharing on and off in a running gateway", () => {
  it("connects when sharedHealth.redis appears in the config and disconnects when it goes", async () => {
    const g = startGateway("gw-live", undefined);
    gateways.push(g);
    expect(g.runtime.shared()).toBeUndefined();
    const { parseConfig } = await import("../../src/config/parse-config.js");
    const on = parseConfig({ sharedHealth: { redis: { url: redis.url, gatewayName: "gw-live" } } });
    if (!on.ok) throw new Error(on.errors.join("; "));
    g.runtime.reconfigure(on.config, g.runtime.supervisor.topology);
    await waitFor(() => sharing(g), 5000, "sharing after the config change");
    const off = parseConfig({});
    if (!off.ok) throw new Error(off.errors.join("; "));
    g.runtime.reconfigure(off.config, g.runtime.supervisor.topology);
    expect(g.runtime.shared()).toBeUndefined();
    expect(g.runtime.status()).not.toHaveProperty("sharedHealth");
  });
});
