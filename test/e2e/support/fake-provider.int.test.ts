// Checks the fake provider on its own (no OpenClaw needed): every fault kind, scripts, directives, the log.
import { expect, test } from "vitest";
import { startFakeProvider } from "./fake-provider.js";

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k-123" }, body: JSON.stringify(body) });
test("fake provider behaviours", async () => {
  const f = await startFakeProvider({ maxHangMs: 1500 });
  const u = f.baseUrl("fakea") + "/chat/completions";
  const msg = (t: string) => ({ messages: [{ role: "user", content: t }] });
  // non-streaming ok
  let r = await post(u, { model: "m1", ...msg("hi") }); let j: any = await r.json();
  expect(r.status).toBe(200); expect(j.choices[0].message.content).toContain("FAKE-OK model=m1 n=1");
  // streaming ok
  r = await post(u, { model: "m1", stream: true, stream_options: { include_usage: true }, ...msg("self-heal probe ping") }); let t = await r.text();
  expect(t.trim().endsWith("data: [DONE]")).toBe(true); expect(t).toContain('"usage"');
  // 429 with retry-after
  f.setBehaviour("m2", { kind: "429", retryAfter: 7 }); r = await post(u, { model: "m2", ...msg("x") });
  expect(r.status).toBe(429); expect(r.headers.get("retry-after")).toBe("7"); await r.text();
  for (const k of ["503", "500", "401", "402"] as const) { f.setBehaviour("m3", { kind: k }); r = await post(u, { model: "m3", ...msg("x") }); expect(r.status).toBe(Number(k)); await r.text(); }
  // script
  f.setScript("m4", [{ kind: "503" }, { kind: "ok", text: "later ok" }]);
  expect((await post(u, { model: "m4", ...msg("x") })).status).toBe(503);
  j = await (await post(u, { model: "m4", ...msg("x") })).json(); expect(j.choices[0].message.content).toBe("later ok");
  // directive
  r = await post(u, { model: "m1", ...msg("please [[fake:402]]") }); expect(r.status).toBe(402); await r.text();
  // hang bounded: server destroys after 1.5 s
  f.setBehaviour("h", { kind: "hang" }); const t0 = Date.now();
  await expect(post(u, { model: "h", stream: true, ...msg("x") })).rejects.toThrow(); const hangMs = Date.now() - t0; expect(hangMs).toBeGreaterThan(1300);
  // stall mid-stream: headers then bounded stall
  f.setBehaviour("s", { kind: "stall", maxMs: 800 }); r = await post(u, { model: "s", stream: true, ...msg("x") }); expect(r.status).toBe(200);
  await expect(r.text()).rejects.toThrow();
  // keep-alive forever: bytes keep coming (empty deltas, or SSE comments), never a token, bounded by maxMs
  for (const style of ["empty-delta", "comment"] as const) {
    f.setBehaviour(`ka-${style}`, { kind: "keepalive", everyMs: 100, style, maxMs: 700 });
    r = await post(u, { model: `ka-${style}`, stream: true, ...msg("x") }); expect(r.status).toBe(200);
    const reader = r.body!.getReader(); let bytes = ""; const dec = new TextDecoder();
    try { for (;;) { const c = await reader.read(); if (c.done) break; bytes += dec.decode(c.value); } } catch { /* destroyed at maxMs */ }
    const beats = style === "comment" ? bytes.split(": keep-alive").length - 1 : bytes.split('"delta":{}').length - 1;
    expect(beats).toBeGreaterThanOrEqual(4);
    expect(bytes).not.toContain('"content"');
    expect(bytes).not.toContain("[DONE]");
    expect(f.requests({ model: `ka-${style}` })[0]!.outcome).toBe("bounded-timeout");
  }
  // slow but progressing: every word in its own chunk, then the end
  f.setBehaviour("slow", { kind: "ok", text: "one two three", chunkGapMs: 50 });
  r = await post(u, { model: "slow", stream: true, ...msg("x") }); t = await r.text();
  expect(t.split('"content":"').length - 1).toBe(4); // the role chunk's empty content + one per word
  expect(t).toContain('"content":"two "'); expect(t.trim().endsWith("data: [DONE]")).toBe(true);
  // reset
  f.setBehaviour("rst", { kind: "reset" }); await expect(post(u, { model: "rst", ...msg("x") })).rejects.toThrow();
  f.setBehaviour("rm", { kind: "reset-mid" }); r = await post(u, { model: "rm", stream: true, ...msg("x") }); await expect(r.text()).rejects.toThrow();
  // log
  const probes = f.requests({ isProbe: true }); expect(probes.length).toBe(1); expect(probes[0]!.provider).toBe("fakea");
  const hangRec = f.requests({ model: "h" })[0]!; expect(hangRec.outcome).toBe("bounded-timeout");
  const w = f.waitForRequest((x) => x.model === "late", 2000); void post(u, { model: "late", ...msg("x") }).then((x) => x.text()); expect((await w).status).toBe(200);

  // control endpoints
  expect(((await (await fetch(f.origin + "/__log")).json()) as unknown[]).length).toBeGreaterThan(5);
  await f.close();
});
