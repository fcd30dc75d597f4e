import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cronJobMachine, type CronJobEvent } from "../../machines/index.js";
import { drive } from "./helpers.js";

const T0 = Date.UTC(2026, 1, 12, 13, 0, 0);
const DAY = 86_400_000;
const ID = "daily";

const failed = (now: number, error = "exit 1"): CronJobEvent => ({ type: "RUN_FINISHED", now, ok: false, error, category: "server_error" });
const succeeded = (now: number): CronJobEvent => ({ type: "RUN_FINISHED", now, ok: true });

function start(failureThreshold?: number) {
  return drive(cronJobMachine, { id: ID, now: T0, ...(failureThreshold === undefined ? {} : { options: { failureThreshold } }) });
}

describe("cron job machine", () => {
  it("starts ok with a default threshold of 3 failed runs", () => {
    const m = start();
    expect(m.state()).toBe("ok");
    expect(m.snap.context).toMatchObject({ consecutiveFailures: 0, options: { failureThreshold: 3 } });
  });

  it("never disables a job after a single failed run when the threshold is 2 or more", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), (threshold) => {
        const m = start(threshold);
        expect(m.send(failed(T0))).toEqual([]);
        expect(m.state()).toBe("failing");
        expect(m.snap.context.consecutiveFailures).toBe(1);
      }),
    );
  });

  it("disables the job and warns the owner at the threshold", () => {
    const m = start();
    expect(m.sendAll([failed(T0), failed(T0 + DAY)])).toEqual([]);
    expect(m.state()).toBe("failing");
    const out = m.send(failed(T0 + 2 * DAY, "timeout after 600s"));
    expect(m.state()).toBe("disabled");
    expect(out).toEqual([
      { action: "disable_cron", target: ID, reason: expect.stringContaining("3/3 failed runs") },
      { action: "alert", target: "owner", reason: expect.stringContaining("timeout after 600s"), params: expect.objectContaining({ severity: "warning", cronJob: ID }) },
    ]);
    expect(m.snap.context.lastError).toEqual({ at: T0 + 2 * DAY, error: "timeout after 600s", category: "server_error" });
  });

  it("resets the count on a successful run", () => {
    const m = start();
    m.sendAll([failed(T0), failed(T0 + DAY), succeeded(T0 + 2 * DAY)]);
    expect(m.state()).toBe("ok");
    expect(m.snap.context.consecutiveFailures).toBe(0);
    m.sendAll([failed(T0 + 3 * DAY), failed(T0 + 4 * DAY)]);
    expect(m.state()).toBe("failing");
  });

  it("disables on the first failed run when the threshold is 1", () => {
    const m = start(1);
    expect(m.send(failed(T0)).map((e) => e.action)).toEqual(["disable_cron", "alert"]);
    expect(m.state()).toBe("disabled");
  });

  it("returns to ok when a disabled job runs successfully again (re-enabled by the operator)", () => {
    const m = start(1);
    m.send(failed(T0));
    expect(m.send(failed(T0 + DAY))).toEqual([]);
    expect(m.send(succeeded(T0 + 2 * DAY))).toEqual([]);
    expect(m.state()).toBe("ok");
    expect(m.snap.context.consecutiveFailures).toBe(0);
  });

  it("clears a failing or disabled job to ok", () => {
    const a = start();
    a.send(failed(T0));
    a.send({ type: "CLEARED", now: T0 + 1 });
    expect(a.state()).toBe("ok");
    expect(a.snap.context.consecutiveFailures).toBe(0);
    const b = start(1);
    b.send(failed(T0));
    expect(b.send({ type: "CLEARED", now: T0 + 1 })).toEqual([]);
    expect(b.state()).toBe("ok");
  });

  it("hot-reloads the threshold without changing state", () => {
    const m = start();
    m.send(failed(T0));
    m.send({ type: "OPTIONS_UPDATED", now: T0 + 1, options: { failureThreshold: 2 } });
    expect(m.state()).toBe("failing");
    m.send(failed(T0 + DAY));
    expect(m.state()).toBe("disabled");
  });

  it("disables exactly when the run count reaches the threshold, for any run history", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), fc.integer({ min: 1, max: 6 }), (runs, threshold) => {
        const m = start(threshold);
        let streak = 0;
        let disables = 0;
        runs.forEach((ok, i) => {
          const wasDisabled = m.state() === "disabled";
          const out = m.send(ok ? succeeded(T0 + i * DAY) : failed(T0 + i * DAY));
          streak = ok ? 0 : streak + 1;
          if (out.some((e) => e.action === "disable_cron")) disables++;
          expect(m.state()).toBe(ok ? "ok" : streak >= threshold ? "disabled" : "failing");
          expect(out.length > 0).toBe(!wasDisabled && !ok && streak === threshold);
        });
        expect(disables).toBeLessThanOrEqual(Math.ceil(runs.length / threshold));
      }),
    );
  });
});
