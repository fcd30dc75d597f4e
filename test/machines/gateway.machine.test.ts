import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_GATEWAY_OPTIONS, gatewayMachine, gatewayRestartsInWindow, type GatewayEvent } from "../../machines/index.js";
import { drive } from "./helpers.js";

const T0 = Date.UTC(2026, 1, 12, 13, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

const request = (now: number, reason = "all models down"): GatewayEvent => ({ type: "RESTART_REQUESTED", now, reason });

function start() {
  return drive(gatewayMachine, { now: T0 });
}

describe("gateway machine", () => {
  it("restarts the gateway on request and returns to running when it has started", () => {
    const m = start();
    const out = m.send(request(T0));
    expect(m.state()).toBe("restarting");
    expect(out).toEqual([{ action: "restart_gateway", target: "gateway", reason: expect.stringContaining("all models down") }]);
    expect(m.snap.context).toMatchObject({ restarts: [T0], lastRestartAt: T0 });
    expect(m.send(request(T0 + 1))).toEqual([]);
    expect(m.snap.context.restarts).toEqual([T0]);
    m.send({ type: "STARTED", now: T0 + MIN });
    expect(m.state()).toBe("running");
    expect(m.snap.context.until).toBeUndefined();
  });

  it("escalates with one critical alert once the budget is spent, until the oldest restart leaves the window", () => {
    const m = start();
    m.sendAll([request(T0), { type: "STARTED", now: T0 + MIN }, request(T0 + 10 * MIN), { type: "STARTED", now: T0 + 11 * MIN }]);
    const out = m.send(request(T0 + 20 * MIN, "config reload hung"));
    expect(m.state()).toBe("escalated");
    expect(m.snap.context.until).toBe(T0 + HOUR);
    expect(out).toEqual([
      {
        action: "alert",
        target: "owner",
        reason: expect.stringContaining("2/2 restarts already used"),
        params: expect.objectContaining({ severity: "critical", until: T0 + HOUR }),
      },
    ]);
    expect(m.sendAll([request(T0 + 30 * MIN), request(T0 + 40 * MIN), { type: "DEADLINE", now: T0 + HOUR - 1 }])).toEqual([]);
    expect(m.state()).toBe("escalated");
    m.send({ type: "DEADLINE", now: T0 + HOUR });
    expect(m.state()).toBe("running");
    expect(m.send(request(T0 + HOUR + 1)).map((e) => e.action)).toEqual(["restart_gateway"]);
    expect(gatewayRestartsInWindow(m.snap.context, T0 + HOUR + 1)).toBe(2);
  });

  it("stops waiting for a restart that never reports back", () => {
    const m = start();
    m.send(request(T0));
    expect(m.snap.hasTag("timed")).toBe(true);
    m.send({ type: "DEADLINE", now: T0 + DEFAULT_GATEWAY_OPTIONS.restartTimeoutMs });
    expect(m.state()).toBe("running");
    expect(m.snap.context.reason).toBe("restart did not report back");
  });

  it("clears an escalation and its budget", () => {
    const m = start();
    m.sendAll([request(T0), { type: "STARTED", now: T0 + 1 }, request(T0 + 2), { type: "STARTED", now: T0 + 3 }, request(T0 + 4)]);
    expect(m.state()).toBe("escalated");
    m.send({ type: "CLEARED", now: T0 + 5 });
    expect(m.state()).toBe("running");
    expect(m.snap.context.restarts).toEqual([]);
    expect(m.send(request(T0 + 6)).map((e) => e.action)).toEqual(["restart_gateway"]);
  });

  it("never emits more than restartBudgetMax restarts in any window, and alerts once per escalation, whatever the requests", () => {
    const step = fc.record({
      dt: fc.integer({ min: 0, max: 40 * MIN }),
      kind: fc.constantFrom("request", "request", "request", "started", "deadline"),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: MIN, max: 3 * HOUR }), (steps, max, windowMs) => {
        const m = drive(gatewayMachine, { now: T0, options: { restartBudgetMax: max, restartBudgetWindowMs: windowMs } });
        const restarts: number[] = [];
        let t = T0;
        for (const { dt, kind } of steps) {
          t += dt;
          if (kind === "deadline") t = Math.max(t, m.snap.context.until ?? t);
          const event: GatewayEvent = kind === "request" ? request(t) : kind === "started" ? { type: "STARTED", now: t } : { type: "DEADLINE", now: t };
          const before = m.state();
          const out = m.send(event);
          restarts.push(...out.filter((e) => e.action === "restart_gateway").map(() => t));
          const escalatedNow = before !== "escalated" && m.state() === "escalated";
          expect(out.filter((e) => e.action === "alert")).toHaveLength(escalatedNow ? 1 : 0);
        }
        for (let i = 0; i < restarts.length; i++) {
          const inWindow = restarts.filter((r) => r >= restarts[i]! && r - restarts[i]! < windowMs);
          expect(inWindow.length).toBeLessThanOrEqual(max);
        }
      }),
    );
  });
});
