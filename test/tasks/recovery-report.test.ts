import { describe, it, expect } from "vitest";
import { recoveryReport } from "../../src/adapter/tools/recovery-report.js";
import type { Task } from "../../src/tasks/index.js";

const T0 = Date.parse("2026-11-22T03:00:00Z");
const task = (id: string, over: Partial<Task>): Task => ({
  id, agentId: "main", sessionKey: "agent:main:explicit:s1", sourceRunId: `run-${id}`, category: "server_overload", createdAt: T0, deadline: T0 + 3_600_000,
  state: "pending", attempts: 0, maxAttempts: 3, nextAt: T0, waitedMs: 0, prevDelayMs: 0, updatedAt: T0, ...over,
});

describe("recovery report", () => {
  it("says so when nothing was interrupted", () => {
    expect(recoveryReport([], T0).text).toBe("Task recovery: no interrupted turns.");
  });

  it("counts tasks by outcome, lists the newest first and names dropped and manual ones", () => {
    const r = recoveryReport([
      task("a", { state: "answered", attempts: 1 }),
      task("b", { state: "dropped", endedWhy: "too_old_at_restart", createdAt: T0 + 1000 }),
      task("c", { state: "manual", endedWhy: "side_effects", createdAt: T0 + 2000 }),
    ], T0 + 5000);
    expect(r.details.counts).toMatchObject({ answered: 1, dropped: 1, manual: 1, pending: 0 });
    expect(r.details.tasks.map((t) => t.id)).toEqual(["c", "b", "a"]);
    expect(r.text).toContain("3 interrupted turn(s): 1 answered, 1 needs you (tools ran), 1 dropped (too old)");
    expect(r.text).toContain("dropped (too old) after 0/3 re-run(s) (server_overload; too_old_at_restart)");
    expect(r.details.tasks[1]?.messageRef).toBe("run-b:user");
  });
});
