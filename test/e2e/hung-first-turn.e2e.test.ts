// A hung primary's *first* turn, in a real OpenClaw 2026.9.6 gateway, the plugin at its default config. OpenClaw
// retries a timed-out model in place until its idle-timeout breaker, which never falls back; the host lever that lets
// a timed-out call advance OpenClaw's own fallback inside the same turn is the agent's session setting
// `retry.provider.maxRetries` (agents/<id>/agent/settings.json; README "How it decides"). With it at 1: the first hung
// turn is answered by the fallback, the plugin cools the hung model and routes the next turn around it, and a slow but
// progressing healthy stream (every gap shorter than the provider's timeout, the whole answer longer) is not cut.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProvider, type FakeProvider } from "./support/fake-provider.js";
import { startGateway, type Gateway } from "./support/gateway.js";
import { modelState, runtimeOrFail, selfHealPlugin, waitFor } from "./helpers/self-heal.js";

const ready = runtimeOrFail("e2e hung first turn");

const effective = (json: any): string | undefined => {
  const eff = (json?.meta ?? json?.result?.meta)?.agentMeta?.terminalReceipt?.effective;
  return eff ? `${eff.provider}/${eff.model}` : undefined;
};

describe("a hung primary's first turn, with retry.provider.maxRetries 1", () => {
  let fake: FakeProvider;
  let gw: Gateway;
  const status = async () => gw.call("self-heal.status", {});

  beforeAll(async () => {
    fake = await startFakeProvider({ maxHangMs: 60_000 });
    fake.setBehaviour("phang", { kind: "hang" });
    fake.setBehaviour("bhang", { kind: "ok", text: "BACKUP" });
    // 4 words 1.5 s apart: 6 s in all, longer than fakea's 4 s timeout, every gap shorter.
    fake.setBehaviour("pslow", { kind: "ok", text: "SLOW-BUT-ALIVE is still answering", chunkGapMs: 1500 });
    fake.setBehaviour("bslow", { kind: "ok", text: "BACKUP" });
    gw = await startGateway({
      fake,
      agents: [
        { id: "ahang", primary: "fakea/phang", fallbacks: ["fakeb/bhang"] },
        { id: "aslow", primary: "fakea/pslow", fallbacks: ["fakeb/bslow"] },
      ],
      providers: [
        { id: "fakea", timeoutSeconds: 4 },
        { id: "fakeb", timeoutSeconds: 8 },
      ],
      plugins: [selfHealPlugin({})],
      readyTimeoutMs: 300_000,
    });
    for (const id of ["ahang", "aslow"]) {
      const dir = path.join(gw.stateDir, "agents", id, "agent");
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "settings.json"), `${JSON.stringify({ retry: { provider: { maxRetries: 1 } } })}\n`);
    }
    console.info(`[e2e hung-first-turn] gateway ready in ${gw.bootMs.ready} ms (pid ${gw.pid})`);
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it("answers the first hung turn through OpenClaw's fallback, then routes the next turn around the hung model", async () => {
    expect(ready).toBe(true);
    const first = await gw.turn("ahang", "s-h", "hello?", { timeoutMs: 240_000 });
    console.info(`[e2e hung-first-turn] first turn rc=${first.rc} wall=${first.wallMs} ms via ${effective(first.json)}; phang requests ${fake.requests({ model: "phang" }).length}`);
    expect(first.rc, first.stderr.slice(-1500)).toBe(0);
    expect(JSON.stringify(first.json)).toContain("BACKUP");
    expect(effective(first.json)).toBe("fakeb/bhang");
    // One attempt and one same-model retry at most (an auth-profile rotation may add one), never the breaker's five.
    const hungCalls = fake.requests({ model: "phang", isProbe: false }).length;
    expect(hungCalls).toBeGreaterThanOrEqual(1);
    expect(hungCalls).toBeLessThanOrEqual(3);

    await waitFor("phang cooled down", async () => modelState(await status(), "fakea/phang") === "cooldown" || undefined, 30_000);
    const since = Date.now();
    const second = await gw.turn("ahang", "s-h", "and now?", { timeoutMs: 120_000 });
    expect(second.rc, second.stderr.slice(-1500)).toBe(0);
    expect(effective(second.json)).toBe("fakeb/bhang");
    expect(fake.requests({ model: "phang", since, isProbe: false })).toEqual([]);
  });

  it("does not cut a slow but progressing answer of a healthy model", async () => {
    const r = await gw.turn("aslow", "s-s", "take your time", { timeoutMs: 180_000 });
    console.info(`[e2e hung-first-turn] slow turn rc=${r.rc} wall=${r.wallMs} ms via ${effective(r.json)}`);
    expect(r.rc, r.stderr.slice(-1500)).toBe(0);
    expect(JSON.stringify(r.json)).toContain("SLOW-BUT-ALIVE");
    expect(effective(r.json)).toBe("fakea/pslow");
    const calls = fake.requests({ model: "pslow", isProbe: false });
    expect(calls.map((c) => c.outcome)).toEqual(["completed"]);
    expect(calls[0]!.totalMs).toBeGreaterThan(4000); // longer than the provider timeout, so the case is real
    expect(fake.requests({ model: "bslow" })).toEqual([]);
    expect(modelState(await status(), "fakea/pslow")).not.toBe("cooldown");
  });
});
