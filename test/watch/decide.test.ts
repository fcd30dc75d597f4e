import { describe, expect, it } from "vitest";
import { decide, judge, type DecideLimits } from "../../src/watch/decide.js";
import { EMPTY_MEMORY, type WatchMemory } from "../../src/watch/watch-state.js";
import type { WatchCheck } from "../../src/watch/types.js";

const LIMITS: DecideLimits = { budgetMax: 2, budgetWindowMs: 600_000, startupGraceMs: 60_000, crashLoopCount: 3, crashLoopWindowMs: 600_000, confirm: 1 };
const ok = (name: string, value?: number): WatchCheck => ({ name, ok: true, ms: 1, detail: `${name} ok`, ...(value !== undefined ? { value } : {}) });
const fail = (name: string, detail: string, value?: number): WatchCheck => ({ name, ok: false, ms: 1, detail, ...(value !== undefined ? { value } : {}) });
const UP = [ok("port"), ok("readyz", 200), ok("rpc"), ok("heartbeat", 1000)];
const DOWN = [fail("port", "refused (ECONNREFUSED)")];
const HUNG = [ok("port"), fail("readyz", "no answer from /readyz within 5000 ms")];
const T = 1_000_000;

describe("judging the gateway from one tick's checks", () => {
  it("calls a gateway whose port is closed down", () => {
    expect(judge(DOWN, EMPTY_MEMORY, T, LIMITS).health).toBe("down");
  });

  it("calls a gateway that accepts connections but does not answer /readyz in time hung", () => {
    const j = judge(HUNG, EMPTY_MEMORY, T, LIMITS);
    expect(j.health).toBe("hung");
    expect(j.seen).toContain("does not answer");
  });

  it("calls a gateway hung when /readyz answers but the RPC round trip fails", () => {
    expect(judge([ok("port"), ok("readyz", 200), fail("rpc", "gateway call health failed")], EMPTY_MEMORY, T, LIMITS).health).toBe("hung");
  });

  it("calls a gateway hung when it answers but the plugin's heartbeat stopped", () => {
    expect(judge([ok("port"), ok("readyz", 200), fail("heartbeat", "status.json written 900 s ago", 900_000)], EMPTY_MEMORY, T, LIMITS).health).toBe("hung");
  });

  it("gives a gateway that answers /readyz 503 the startup grace, then calls it hung", () => {
    const starting = [ok("port"), fail("readyz", "answered 503", 503)];
    const first = judge(starting, EMPTY_MEMORY, T, LIMITS);
    expect(first.health).toBe("up");
    expect(first.memory.notReadySince).toBe(T);
    const later = judge(starting, first.memory, T + 61_000, LIMITS);
    expect(later.health).toBe("hung");
    expect(later.seen).toContain("longer than 60 s");
  });

  it("counts deaths (up → not up) and calls the third within the window a crash loop", () => {
    let memory: WatchMemory = EMPTY_MEMORY;
    let t = T;
    const healths: string[] = [];
    for (let i = 0; i < 3; i++) {
      memory = judge(UP, memory, (t += 1000), LIMITS).memory;
      const j = judge(DOWN, memory, (t += 1000), LIMITS);
      healths.push(j.health);
      memory = j.memory;
    }
    expect(healths).toEqual(["down", "down", "crash_loop"]);
    expect(memory.deaths).toHaveLength(3);
  });

  it("does not count a gateway still starting after its restart (flapping between 503 and no answer) as dying", () => {
    const starting = [ok("port"), fail("readyz", "answered 503", 503)];
    let memory: WatchMemory = { ...EMPTY_MEMORY, restarts: [T], lastRestartAt: T, lastHealth: "hung" };
    for (let i = 1; i <= 6; i++) memory = judge(i % 2 ? starting : HUNG, memory, T + i * 2000, LIMITS).memory;
    expect(memory.deaths).toEqual([]);
    expect(memory.lastReady).toBe(false);
    expect(judge(UP, memory, T + 20_000, LIMITS).memory.lastReady).toBe(true);
  });

  it("ends the startup grace once the restarted gateway is ready, so the next death is judged at once", () => {
    const memory: WatchMemory = { ...EMPTY_MEMORY, restarts: [T - 10_000], lastRestartAt: T - 10_000, lastHealth: "hung" };
    const up = judge(UP, memory, T, LIMITS);
    expect(up.memory.lastRestartAt).toBeUndefined();
    expect(up.memory.restarts).toEqual([T - 10_000]);
    const dead = judge(DOWN, up.memory, T + 2000, LIMITS);
    expect(dead.memory.deaths).toEqual([T + 2000]);
    expect(decide(dead, T + 2000, LIMITS).action).toBe("restart");
  });

  it("forgets deaths older than the crash-loop window", () => {
    const memory: WatchMemory = { ...EMPTY_MEMORY, deaths: [T - 700_000, T - 650_000], lastHealth: "up" };
    const j = judge(DOWN, memory, T, LIMITS);
    expect(j.health).toBe("down");
    expect(j.memory.deaths).toEqual([T]);
  });

  it("clears an escalation and a config refusal once the gateway is seen up", () => {
    const memory: WatchMemory = { ...EMPTY_MEMORY, escalatedAt: T - 5000, refusedAt: T - 4000, lastHealth: "down" };
    const j = judge(UP, memory, T, LIMITS);
    expect(j.memory.escalatedAt).toBeUndefined();
    expect(j.memory.refusedAt).toBeUndefined();
    expect(j.memory.lastHealth).toBe("up");
  });
});

describe("deciding what to do", () => {
  const judged = (checks: WatchCheck[], memory: WatchMemory, now = T) => judge(checks, memory, now, LIMITS);

  it("does nothing while the gateway is up", () => {
    expect(decide(judged(UP, EMPTY_MEMORY), T, LIMITS)).toMatchObject({ action: "none", refused: false });
  });

  it("restarts a down or hung gateway while the budget allows", () => {
    expect(decide(judged(DOWN, EMPTY_MEMORY), T, LIMITS).action).toBe("restart");
    expect(decide(judged(HUNG, EMPTY_MEMORY), T, LIMITS).action).toBe("restart");
  });

  it("waits out the startup grace after its own restart instead of restarting again", () => {
    const memory: WatchMemory = { ...EMPTY_MEMORY, restarts: [T - 10_000], lastRestartAt: T - 10_000 };
    const d = decide(judged(DOWN, memory), T, LIMITS);
    expect(d).toMatchObject({ action: "none", refused: false });
    expect(d.why).toContain("restarted 10 s ago");
  });

  it("with confirm 2, acts on the second bad check in a row, not on a single slow one", () => {
    const limits = { ...LIMITS, confirm: 2 };
    const first = judge(HUNG, { ...EMPTY_MEMORY, lastHealth: "up" }, T, limits);
    expect(decide(first, T, limits)).toMatchObject({ action: "none", why: expect.stringContaining("seen 1 time(s) in a row, acting at 2") });
    const cleared = judge(UP, first.memory, T + 2000, limits);
    expect(cleared.memory.badStreak).toBe(0);
    const again = judge(HUNG, cleared.memory, T + 4000, limits);
    expect(decide(again, T + 4000, limits).action).toBe("none");
    expect(decide(judge(HUNG, again.memory, T + 6000, limits), T + 6000, limits).action).toBe("restart");
  });

  it("escalates once the budget is spent (N restarts in the window)", () => {
    const memory: WatchMemory = { ...EMPTY_MEMORY, restarts: [T - 300_000, T - 200_000], lastRestartAt: T - 200_000 };
    const d = decide(judged(DOWN, memory), T, LIMITS);
    expect(d.action).toBe("escalate");
    expect(d.why).toContain("2 restarts in the last 600 s");
  });

  it("restarts again once the oldest restart has left the window", () => {
    const memory: WatchMemory = { ...EMPTY_MEMORY, restarts: [T - 700_000, T - 200_000], lastRestartAt: T - 200_000 };
    expect(decide(judged(DOWN, memory), T, LIMITS).action).toBe("restart");
  });

  it("after escalating, refuses to act again until the gateway has been seen up", () => {
    const memory: WatchMemory = { ...EMPTY_MEMORY, restarts: [T - 300_000, T - 200_000], escalatedAt: T - 100_000, lastHealth: "down" };
    const d = decide(judged(DOWN, memory), T, LIMITS);
    expect(d).toMatchObject({ action: "none", refused: true });
    expect(d.why).toContain("not restarting again until the gateway is seen up");
  });
});
