// Two real gateways sharing health through one real Redis (redis-server on a free loopback port): a 429 on gateway 1
// makes gateway 2's next turn go straight to the fallback, without gateway 2 ever sending a request to the sick model.
// Two gateways on a small machine are slow: one file, both booted at once, one failing turn and one rerouted turn.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { journal, modelState, runtimeOrFail, selfHealPlugin, waitFor } from "./helpers/self-heal.js";
import { RedisServer } from "../helpers/redis-server.js";

runtimeOrFail("e2e shared health");
const t0 = Date.now();

describe("shared health: two real gateways on one Redis", () => {
  let fake: FakeProvider;
  let redis: RedisServer;
  let gw1: Gateway;
  let gw2: Gateway;

  beforeAll(async () => {
    redis = await RedisServer.start();
    fake = await startFakeProvider();
    fake.setBehaviour("p429", { kind: "ok" });
    const agents = [{ id: "a429", primary: "fakea/p429", fallbacks: ["fakeb/b429"] }];
    const plugin = (name: string) => selfHealPlugin({ model: { baseCooldownSeconds: 30 }, sharedHealth: { redis: { url: redis.url, gatewayName: name } } });
    [gw1, gw2] = await Promise.all([
      startGateway({ fake, agents, plugins: [plugin("gw-one")], fastFailover: true, readyTimeoutMs: 300_000 }),
      startGateway({ fake, agents, plugins: [plugin("gw-two")], fastFailover: true, readyTimeoutMs: 300_000 }),
    ]);
    console.info(`[e2e shared-health] two gateways ready after ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    await Promise.all([gw1?.stop(), gw2?.stop()]);
    await fake?.close();
    await redis?.stop();
    console.info(`[e2e shared-health] file wall time ${Date.now() - t0} ms`);
  });

  it("routes gateway 2 around a model that answered 429 on gateway 1, before gateway 2 ever tried it", async () => {
    // The plugin's HTTP status route: a plain request (a gateway RPC would spawn an openclaw CLI process per call).
    const status = async (gw: Gateway) => (await gw.http("/self-heal/status")).body;
    const sharing = async (gw: Gateway) => (await status(gw))?.sharedHealth?.state === "sharing";
    try {
      await waitFor("both gateways sharing", async () => (await sharing(gw1)) && (await sharing(gw2)), 120_000, 500);
    } catch (error) {
      console.info(JSON.stringify(await status(gw1)).slice(0, 2000), gw1.logs().stdout.split("\n").filter((l) => /self-heal/.test(l)).join("\n"));
      throw error;
    }
    const tStart = Date.now();
    fake.setBehaviour("p429", { kind: "429", retryAfter: 300 });
    const first = await gw1.turn("a429", "s-1", "hello from gateway one");
    expect(first.rc, first.stderr.slice(-1500)).toBe(0);
    const cooledAt = await waitFor("gateway 1 cooled p429", async () => (modelState(await status(gw1), "fakea/p429") === "cooldown" ? Date.now() : undefined), 30_000, 100);
    const learnedAt = await waitFor("gateway 2 learned it", () => (journal(gw2).some((r) => r.type === "peer.health" && r.model === "fakea/p429") ? Date.now() : undefined), 10_000, 100);
    console.info(`[e2e shared-health] gateway 1 cooldown seen → gateway 2 journal has it: ${learnedAt - cooledAt} ms (incl. journal flush)`);
    const status2 = await status(gw2);
    expect(modelState(status2, "fakea/p429")).toBe("cooldown");
    console.info(`[e2e shared-health] gateway 1's failing turn → cooled: ${cooledAt - tStart} ms`);
    const since = Date.now();
    const second = await gw2.turn("a429", "s-2", "hello from gateway two");
    expect(second.rc, second.stderr.slice(-1500)).toBe(0);
    const meta = second.json?.meta ?? second.json?.result?.meta;
    expect(meta?.executionTrace?.attempts?.[0]).toMatchObject({ provider: "fakeb", model: "b429", result: "success" });
    expect(fake.requests({ model: "p429", since, isProbe: false })).toEqual([]);
    // What gateway 2 knows came from gateway 1, with the provider's own retry hint.
    const learned = journal(gw2).find((r) => r.type === "peer.health");
    expect(learned).toMatchObject({ gateway: "gw-one", kind: "cooldown", category: "rate_limit", model: "fakea/p429" });
    expect(learned?.retryAfterMs).toBeGreaterThanOrEqual(290_000);
    expect(journal(gw2).filter((r) => r.type === "call" && r.model === "fakea/p429")).toEqual([]);
    console.info(`[e2e shared-health] gateway 2's rerouted turn: ${second.wallMs} ms`);
  });
});
