import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { channelMachine, DEFAULT_CHANNEL_OPTIONS, restartsInWindow, type ChannelEvent, type ChannelInput } from "../../machines/index.js";
import { drive } from "./helpers.js";

const T0 = Date.UTC(2026, 1, 12, 13, 0, 0);
const S = 1_000;
const MIN = 60 * S;
const ID = "whatsapp";

function start(options: ChannelInput["options"] = {}) {
  return drive(channelMachine, { id: ID, now: T0, options });
}

const down = (now: number, detail?: string): ChannelEvent => ({ type: "OBSERVED", now, connected: false, ...(detail ? { detail } : {}) });
const up = (now: number): ChannelEvent => ({ type: "OBSERVED", now, connected: true });

/** Three disconnected observations, one per minute from `t`, then a successful restart report. */
function restartCycle(m: ReturnType<typeof start>, t: number): number {
  m.sendAll([down(t), down(t + MIN), down(t + 2 * MIN)]);
  m.send({ type: "RESTART_DONE", now: t + 2 * MIN + S, ok: true });
  return t + 2 * MIN + S;
}

describe("channel machine", () => {
  it("restarts only after disconnectThreshold consecutive disconnected observations", () => {
    const m = start();
    expect(m.send(down(T0, "socket closed"))).toEqual([]);
    expect(m.state()).toBe("disconnected");
    expect(m.snap.context.streak).toBe(1);
    expect(m.send(down(T0 + MIN))).toEqual([]);
    const out = m.send(down(T0 + 2 * MIN));
    expect(m.state()).toBe("restarting");
    expect(out).toEqual([{ action: "restart_channel", target: ID, reason: expect.stringContaining("restart 1/3") }]);
    expect(m.snap.context.restarts).toEqual([T0 + 2 * MIN]);
    expect(m.snap.context.lastDetail).toBe("socket closed");
  });

  it("resets the streak when the channel is seen connected again", () => {
    const m = start();
    m.sendAll([down(T0), down(T0 + MIN), up(T0 + 2 * MIN), down(T0 + 3 * MIN), down(T0 + 4 * MIN)]);
    expect(m.state()).toBe("disconnected");
    expect(m.snap.context.streak).toBe(2);
    expect(m.log).toEqual([]);
  });

  it("gives a restarted channel a timed startup grace in which disconnects are ignored", () => {
    const m = start();
    const t = restartCycle(m, T0);
    expect(m.state()).toBe("startup_grace");
    expect(m.snap.hasTag("timed")).toBe(true);
    expect(m.snap.context.until).toBe(t + DEFAULT_CHANNEL_OPTIONS.startupGraceMs);
    expect(m.sendAll([down(t + S), down(t + 2 * S), down(t + 3 * S), down(t + 4 * S)])).toEqual([]);
    expect(m.state()).toBe("startup_grace");
    m.send(up(t + 5 * S));
    expect(m.state()).toBe("connected");
    expect(m.snap.context.streak).toBe(0);
  });

  it("never restarts a channel OpenClaw is restarting itself, and gives up with one critical alert when that does not help", () => {
    const m = start({ disconnectThreshold: 2 });
    const pending = (now: number): ChannelEvent => ({ type: "OBSERVED", now, connected: false, hostRestarting: true, detail: "OpenClaw is restarting it" });
    const out = m.sendAll([pending(T0), pending(T0 + MIN), pending(T0 + 2 * MIN), pending(T0 + 3 * MIN), pending(T0 + 4 * MIN)]);
    expect(out).toEqual([]);
    expect(m.state()).toBe("disconnected");
    expect(m.snap.context.restarts).toEqual([]);
    const last = m.send(pending(T0 + 5 * MIN));
    expect(m.state()).toBe("given_up");
    expect(last).toEqual([{ action: "alert", target: "owner", reason: "still disconnected after 6 readings while OpenClaw kept restarting or reconnecting it itself", params: expect.objectContaining({ severity: "critical", key: `channel:${ID}:given_up` }) }]);
    expect(m.sendAll([pending(T0 + 6 * MIN), down(T0 + 7 * MIN)])).toEqual([]);
    expect(m.send(up(T0 + 8 * MIN))).toEqual([expect.objectContaining({ action: "alert", params: expect.objectContaining({ severity: "info", key: `channel:${ID}:recovered` }) })]);
  });

  it("counts OpenClaw's own pending restart toward the streak, so a later plain disconnect restarts at once", () => {
    const m = start();
    m.send({ type: "OBSERVED", now: T0, connected: false, hostRestarting: true });
    expect(m.send(down(T0 + MIN))).toEqual([]);
    expect(m.send(down(T0 + 2 * MIN))).toEqual([expect.objectContaining({ action: "restart_channel" })]);
  });

  it("tells the owner once, in plain words, that a restart brought the channel back", () => {
    const m = start();
    m.send(down(T0 - MIN, "OpenClaw is reconnecting it"));
    const t = restartCycle(m, T0);
    const out = m.send(up(t + 5 * S));
    expect(out).toEqual([
      {
        action: "alert",
        target: "owner",
        reason: "reconnected after a restart",
        params: expect.objectContaining({ severity: "info", key: `channel:${ID}:healed`, lines: [`${ID}: it stopped working (OpenClaw is reconnecting it); self-heal restarted it and it is connected again.`] }),
      },
    ]);
    expect(m.send(up(t + 6 * S))).toEqual([]);
  });

  it("also sends the healed notice when the first reading after a restart comes after the startup grace", () => {
    const m = start();
    const t = restartCycle(m, T0);
    m.send({ type: "DEADLINE", now: t + DEFAULT_CHANNEL_OPTIONS.startupGraceMs + S });
    expect(m.state()).toBe("disconnected");
    const out = m.send(up(t + DEFAULT_CHANNEL_OPTIONS.startupGraceMs + 2 * S));
    expect(out).toEqual([expect.objectContaining({ action: "alert", params: expect.objectContaining({ key: `channel:${ID}:healed` }) })]);
    expect(m.sendAll([down(t + 3 * MIN), up(t + 4 * MIN)])).toEqual([]);
  });

  it("re-evaluates the budget on the first disconnect after a startup grace that ended down", () => {
    const m = start();
    const t = restartCycle(m, T0);
    const end = m.snap.context.until!;
    expect(m.send({ type: "DEADLINE", now: end - 1 })).toEqual([]);
    m.send({ type: "DEADLINE", now: end });
    expect(m.state()).toBe("disconnected");
    expect(m.snap.context.streak).toBe(3);
    expect(m.send(down(end + S)).map((e) => e.action)).toEqual(["restart_channel"]);
    expect(m.snap.context.restarts).toEqual([t - S, end + S]);
  });

  it("treats a failed restart as still down: the next disconnect tries again", () => {
    const m = start();
    m.sendAll([down(T0), down(T0 + MIN), down(T0 + 2 * MIN)]);
    m.send({ type: "RESTART_DONE", now: T0 + 3 * MIN, ok: false, error: "exit 1" });
    expect(m.state()).toBe("disconnected");
    expect(m.snap.context).toMatchObject({ streak: 3, reason: "restart failed: exit 1" });
    expect(m.send(down(T0 + 4 * MIN)).map((e) => e.action)).toEqual(["restart_channel"]);
  });

  it("stops waiting for a restart that never reports back", () => {
    const m = start();
    m.sendAll([down(T0), down(T0 + MIN), down(T0 + 2 * MIN)]);
    expect(m.snap.hasTag("timed")).toBe(true);
    m.send({ type: "DEADLINE", now: T0 + 2 * MIN + DEFAULT_CHANNEL_OPTIONS.restartTimeoutMs });
    expect(m.state()).toBe("disconnected");
    expect(m.snap.context.streak).toBe(3);
  });

  it("gives up with one critical alert when the restart budget is spent", () => {
    const m = start();
    restartCycle(m, T0);
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    let t = T0 + 5 * MIN;
    expect(m.send(down(t)).map((e) => e.action)).toEqual(["restart_channel"]);
    m.send({ type: "RESTART_DONE", now: t + S, ok: true });
    m.send({ type: "DEADLINE", now: m.snap.context.until! });
    t = T0 + 10 * MIN;
    expect(m.send(down(t)).map((e) => e.action)).toEqual(["restart_channel"]);
    m.send({ type: "RESTART_DONE", now: t + S, ok: false });
    expect(m.snap.context.restarts).toHaveLength(3);
    const giveUp = m.send(down(t + MIN));
    expect(m.state()).toBe("given_up");
    expect(giveUp).toEqual([
      {
        action: "alert",
        target: "owner",
        reason: expect.stringContaining("restart budget spent (3 restarts in 30 min)"),
        params: expect.objectContaining({ severity: "critical", channel: ID }),
      },
    ]);
    expect(m.sendAll([down(t + 2 * MIN), down(t + 3 * MIN), { type: "DEADLINE", now: t + 3_600 * S }])).toEqual([]);
    expect(m.state()).toBe("given_up");
    expect(m.log.filter((e) => e.action === "restart_channel")).toHaveLength(3);
  });

  it("announces recovery when a channel it gave up on connects again", () => {
    const m = start({ restartBudgetMax: 0 });
    m.sendAll([down(T0), down(T0 + MIN), down(T0 + 2 * MIN)]);
    expect(m.state()).toBe("given_up");
    const out = m.send(up(T0 + 3 * MIN));
    expect(m.state()).toBe("connected");
    expect(out).toEqual([{ action: "alert", target: "owner", reason: "recovered", params: expect.objectContaining({ severity: "info", channel: ID }) }]);
  });

  it("clears a given-up channel to disconnected with a fresh streak and budget", () => {
    const m = start({ restartBudgetMax: 1 });
    m.sendAll([down(T0), down(T0 + MIN), down(T0 + 2 * MIN)]);
    m.send({ type: "RESTART_DONE", now: T0 + 2 * MIN, ok: false });
    m.send(down(T0 + 3 * MIN));
    expect(m.state()).toBe("given_up");
    expect(m.send({ type: "CLEARED", now: T0 + 4 * MIN })).toEqual([]);
    expect(m.state()).toBe("disconnected");
    expect(m.snap.context).toMatchObject({ streak: 0, restarts: [] });
  });

  it("counts only restarts inside the sliding window", () => {
    const context = { restarts: [T0, T0 + 10 * MIN, T0 + 20 * MIN], options: DEFAULT_CHANNEL_OPTIONS };
    expect(restartsInWindow(context, T0 + 20 * MIN)).toBe(3);
    expect(restartsInWindow(context, T0 + 30 * MIN)).toBe(2);
    expect(restartsInWindow(context, T0 + 50 * MIN - 1)).toBe(1);
    expect(restartsInWindow(context, T0 + 50 * MIN)).toBe(0);
  });

  it("prunes restarts that left the window when it records a new one", () => {
    const m = start({ disconnectThreshold: 1 });
    m.send(down(T0));
    m.send({ type: "RESTART_DONE", now: T0, ok: false });
    m.send(down(T0 + 31 * MIN));
    expect(m.snap.context.restarts).toEqual([T0 + 31 * MIN]);
  });

  it("hot-reloads options: a lower threshold applies to the next observation", () => {
    const m = start();
    m.send(down(T0));
    m.send({ type: "OPTIONS_UPDATED", now: T0 + S, options: { disconnectThreshold: 2 } });
    expect(m.state()).toBe("disconnected");
    expect(m.send(down(T0 + 2 * S)).map((e) => e.action)).toEqual(["restart_channel"]);
  });
});

describe("channel machine: restart intensity", () => {
  const W = DEFAULT_CHANNEL_OPTIONS.restartBudgetWindowMs;
  const MAX = DEFAULT_CHANNEL_OPTIONS.restartBudgetMax;

  function maxInAnyWindow(times: readonly number[], windowMs: number): number {
    let worst = 0;
    for (let i = 0; i < times.length; i++) {
      let n = 0;
      for (let j = i; j < times.length && times[j]! - times[i]! < windowMs; j++) n++;
      worst = Math.max(worst, n);
    }
    return worst;
  }

  it("restarts a channel that flaps every few minutes for a simulated day at most restartBudgetMax times per window", () => {
    const m = start();
    const restarts: number[] = [];
    for (let t = T0; t < T0 + 86_400 * S; t += 20 * S) {
      const phase = Math.floor((t - T0) / (5 * MIN)) % 2;
      const events: ChannelEvent[] = [phase === 0 ? down(t) : up(t)];
      if (m.snap.hasTag("timed") && t >= m.snap.context.until!) events.unshift({ type: "DEADLINE", now: t });
      for (const e of events) if (m.send(e).some((x) => x.action === "restart_channel")) restarts.push(t);
      if (m.state() === "restarting") m.send({ type: "RESTART_DONE", now: t + S, ok: true });
    }
    expect(restarts.length).toBeGreaterThan(MAX);
    expect(maxInAnyWindow(restarts, W)).toBeLessThanOrEqual(MAX);
  });

  it("never emits more than restartBudgetMax restarts in any window, whatever the observations", () => {
    const step = fc.record({
      dt: fc.integer({ min: 0, max: 15 * MIN }),
      kind: fc.constantFrom("down", "down", "down", "up", "done_ok", "done_fail", "deadline"),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), (steps, max, threshold) => {
        const m = start({ restartBudgetMax: max, disconnectThreshold: threshold });
        const restarts: number[] = [];
        let t = T0;
        for (const { dt, kind } of steps) {
          t += dt;
          const event: ChannelEvent | undefined =
            kind === "down" ? down(t)
            : kind === "up" ? up(t)
            : kind === "done_ok" ? { type: "RESTART_DONE", now: t, ok: true }
            : kind === "done_fail" ? { type: "RESTART_DONE", now: t, ok: false }
            : kind === "deadline" ? { type: "DEADLINE", now: Math.max(t, m.snap.context.until ?? t) }
            : undefined;
          if (!event) continue;
          t = event.now;
          if (m.send(event).some((e) => e.action === "restart_channel")) restarts.push(t);
        }
        expect(maxInAnyWindow(restarts, W)).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe("channel machine: refused restarts", () => {
  it("gives the restart budget back when a guard refused the restart", async () => {
    const { channelMachine } = await import("../../machines/index.js");
    const { drive } = await import("./helpers.js");
    const d = drive(channelMachine, { id: "whatsapp", now: 0, options: { disconnectThreshold: 1, restartBudgetMax: 2 } });
    for (let i = 0; i < 5; i++) {
      d.send({ type: "OBSERVED", now: i * 60_000, connected: false });
      expect(d.state()).toBe("restarting");
      d.send({ type: "RESTART_DONE", now: i * 60_000 + 1, ok: false, error: "config_invalid", refused: true });
      expect(d.state()).toBe("disconnected");
    }
    expect(d.snap.context.restarts).toEqual([]);
    expect(d.log.filter((e) => e.action === "alert")).toEqual([]);
  });

  it("still spends the budget on restarts that ran and failed", async () => {
    const { channelMachine } = await import("../../machines/index.js");
    const { drive } = await import("./helpers.js");
    const d = drive(channelMachine, { id: "whatsapp", now: 0, options: { disconnectThreshold: 1, restartBudgetMax: 2 } });
    d.send({ type: "OBSERVED", now: 0, connected: false });
    d.send({ type: "RESTART_DONE", now: 1, ok: false, error: "channels.start failed" });
    d.send({ type: "OBSERVED", now: 60_000, connected: false });
    d.send({ type: "RESTART_DONE", now: 60_001, ok: false, error: "channels.start failed" });
    d.send({ type: "OBSERVED", now: 120_000, connected: false });
    expect(d.state()).toBe("given_up");
  });
});
