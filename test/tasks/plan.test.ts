import { describe, it, expect } from "vitest";
import { planTask, afterFailure, onStartup, runKeyOf, type Task, DEFAULT_TASK_LIMITS } from "../../src/tasks/index.js";
import { DEFAULT_STRATEGIES } from "../../src/strategies/index.js";

const T0 = 1_000_000;
const task = (over: Partial<Task> = {}): Task => ({
  id: "t1", agentId: "main", sessionKey: "agent:main:explicit:s1", sourceRunId: "run-1", category: "server_overload", strategy: "model-backoff",
  createdAt: T0, deadline: T0 + DEFAULT_TASK_LIMITS.maxAgeMs, state: "pending", attempts: 0, maxAttempts: 3, nextAt: T0 + 60_000,
  waitedMs: 0, prevDelayMs: 0, updatedAt: T0, ...over,
});
const backoff = DEFAULT_STRATEGIES.find((s) => s.name === "model-backoff");

describe("task plan", () => {
  it("waits while no model of the agent can serve it, even when due", () => {
    expect(planTask(task(), { now: T0 + 120_000, servable: false, recovered: false })).toEqual({ kind: "wait" });
  });

  it("runs at its scheduled time, or at once when a model of its agent recovered", () => {
    expect(planTask(task(), { now: T0 + 1_000, servable: true, recovered: false }).kind).toBe("wait");
    const step = planTask(task(), { now: T0 + 1_000, servable: true, recovered: true });
    expect(step).toMatchObject({ kind: "run", task: { state: "running", attempts: 1, runKey: runKeyOf(task(), 1) } });
    expect(planTask(task(), { now: T0 + 60_000, servable: true, recovered: false }).kind).toBe("run");
  });

  it("drops a task past its age bound and gives up one out of attempts, whatever the models do", () => {
    expect(planTask(task(), { now: T0 + DEFAULT_TASK_LIMITS.maxAgeMs, servable: true, recovered: true })).toMatchObject({ kind: "end", task: { state: "dropped", endedWhy: "too_old" } });
    expect(planTask(task({ attempts: 3 }), { now: T0 + 1, servable: true, recovered: true })).toMatchObject({ kind: "end", task: { state: "given_up", endedWhy: "attempts" } });
  });

  it("never runs a task that is running, answered, manual or ended", () => {
    for (const state of ["running", "answered", "manual", "dropped", "given_up"] as const) {
      expect(planTask(task({ state }), { now: T0 + 120_000, servable: true, recovered: true })).toEqual({ kind: "wait" });
    }
  });

  it("schedules the next attempt by the strategy after a failed re-run", () => {
    const next = afterFailure(task({ state: "running", attempts: 1 }), backoff, T0 + 10_000, "503", 0);
    expect(next).toMatchObject({ state: "pending", nextAt: T0 + 10_000 + 300_000, prevDelayMs: 300_000, waitedMs: 300_000, lastError: "503" });
    expect(afterFailure(task({ state: "running", attempts: 3 }), backoff, T0, "503", 0)).toMatchObject({ state: "given_up", endedWhy: "attempts" });
    expect(afterFailure(task({ state: "running", attempts: 1 }), undefined, T0, "x", 0)).toMatchObject({ state: "given_up", endedWhy: "not_retryable" });
    // A task file never keeps a credential from the failed re-run's error.
    const leaky = afterFailure(task({ state: "running", attempts: 1 }), backoff, T0, "401 bad key sk-proj-AbCdEf0123456789AbCdEf0123 for https://u:hunter2pass@x.example", 0);
    expect(leaky.lastError).not.toContain("AbCdEf0123456789AbCdEf0123");
    expect(leaky.lastError).not.toContain("hunter2pass");
    expect(leaky.lastError).toContain("[REDACTED]");
  });

  it("after a restart drops tasks past their age bound and re-arms a running one with the same key", () => {
    expect(onStartup(task({ state: "running", attempts: 1, runKey: "selfheal-t1-1" }), T0 + DEFAULT_TASK_LIMITS.maxAgeMs + 1)).toMatchObject({ state: "dropped", endedWhy: "too_old_at_restart" });
    const rearmed = onStartup(task({ state: "running", attempts: 1, runKey: "selfheal-t1-1" }), T0 + 5_000);
    expect(rearmed).toMatchObject({ state: "pending", attempts: 0, nextAt: T0 + 5_000 });
    expect(planTask(rearmed, { now: T0 + 5_000, servable: true, recovered: false })).toMatchObject({ kind: "run", task: { runKey: "selfheal-t1-1" } });
    expect(onStartup(task({ state: "answered" }), T0 + 10 * DEFAULT_TASK_LIMITS.maxAgeMs).state).toBe("answered");
  });
});
