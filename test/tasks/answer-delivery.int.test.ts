import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import type { Effect } from "../../src/domain/effects.js";
import { DEFAULT_STRATEGIES } from "../../src/strategies/index.js";
import type { Outcome } from "../../src/effects/executor.js";
import { TaskRecovery, TaskStore, UNDELIVERED_MARK, type DeliveryRoute } from "../../src/tasks/index.js";

const T0 = Date.parse("2026-12-07T08:00:00Z");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(routeOf: (sessionKey: string, agentId: string) => DeliveryRoute | undefined, dir = mkdtempSync(join(tmpdir(), "tasks-")), outcome: (e: Effect) => Outcome = () => ({ status: "executed" })) {
  dirs.push(dir);
  const clock = new ManualClock(T0);
  const records: Array<{ type: string; fields: Record<string, unknown> }> = [];
  const effects: Effect[] = [];
  const recovery = new TaskRecovery({
    store: new TaskStore(dir), clock, random: seededRandom(1),
    record: (type, fields) => records.push({ type, fields }),
    execute: async (e) => (effects.push(e), outcome(e)),
    strategies: () => DEFAULT_STRATEGIES, defaultType: () => "exponential",
    servable: () => true, chainOf: () => ["p/a"], routeOf,
  });
  recovery.start();
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { dir, clock, records, effects, recovery, settle };
}

const IRC = { channel: "irc", to: "user" };
const held = (recovery: TaskRecovery, sessionKey = "agent:main:main") => recovery.onHeld({ runId: "run-h", sessionKey, agentId: "main", model: "p/a", trigger: "user", prompt: "and of Germany?" });

describe("a recovered answer's chat", () => {
  it("is the session's chat when the task is recorded, kept in the task file across a restart, and handed to the re-run with the age bound", async () => {
    let route: DeliveryRoute | undefined = IRC;
    const first = setup(() => route);
    const task = held(first.recovery);
    expect(task?.route).toEqual(IRC);
    expect(first.records.find((r) => r.type === "task.recorded")?.fields.deliverTo).toBe("irc");
    first.recovery.stop();
    // The session's last chat moves on (another message from elsewhere): the task keeps where its question came from.
    route = { channel: "telegram", to: "1001" };
    const second = setup(() => route, first.dir);
    second.recovery.onModelRecovered("p/a");
    second.clock.advance(0);
    await second.settle();
    expect(second.effects).toHaveLength(1);
    expect(second.effects[0]?.params).toMatchObject({ deliver: IRC, deadline: task!.deadline });
    expect(second.records.find((r) => r.type === "task.answered")?.fields.deliveredTo).toBe("irc");
  });

  it("is kept the same way for a hung turn that timed out, so its re-run is delivered there too", async () => {
    const { recovery, effects, clock, settle } = setup(() => IRC);
    const task = recovery.onTurn({ type: "turn", ts: T0, agentId: "main", sessionKey: "agent:main:main", runId: "run-hung", ok: false, trigger: "user", requested: "p/a", classification: { category: "timeout", retryable: true, evidence: "stalled: no token for 60 s" } });
    expect(task?.route).toEqual(IRC);
    recovery.onModelRecovered("p/a");
    clock.advance(0);
    await settle();
    expect(effects[0]?.params).toMatchObject({ sourceRunId: "run-hung", deliver: IRC });
  });

  it("is absent for a turn from no chat: the re-run answers into the session only", async () => {
    const { recovery, effects, clock, settle, records } = setup(() => undefined);
    expect(held(recovery)?.route).toBeUndefined();
    recovery.onModelRecovered("p/a");
    clock.advance(0);
    await settle();
    expect(effects[0]?.params?.deliver).toBeUndefined();
    expect(records.find((r) => r.type === "task.answered")?.fields.deliveredTo).toBeUndefined();
  });

  it("is left out, never thrown into the hook, when the session lookup fails", () => {
    const { recovery } = setup(() => {
      throw new Error("session store busy");
    });
    const task = held(recovery);
    expect(task).toBeDefined();
    expect(task?.route).toBeUndefined();
  });

  it("that could not be sent is sent again soon under the same key, spending no re-run attempt, backing off per failure", async () => {
    let sends = 0;
    const { recovery, effects, clock, settle, records } = setup(() => IRC, undefined, () => (++sends <= 2 ? { status: "failed", error: `${UNDELIVERED_MARK} the answer is ready but sending it to irc failed: IRC connect timed out` } : { status: "executed" }));
    held(recovery);
    recovery.onModelRecovered("p/a");
    clock.advance(0);
    await settle();
    expect(recovery.list()[0]).toMatchObject({ state: "pending", attempts: 0, deliveryFailures: 1, nextAt: T0 + 30_000 });
    clock.advance(30_000);
    await settle();
    expect(recovery.list()[0]).toMatchObject({ state: "pending", attempts: 0, deliveryFailures: 2, nextAt: T0 + 90_000 });
    clock.advance(60_000);
    await settle();
    expect(recovery.list()[0]?.state).toBe("answered");
    expect(effects.map((e) => e.params?.runKey)).toEqual([effects[0]?.params?.runKey, effects[0]?.params?.runKey, effects[0]?.params?.runKey]);
    expect(records.filter((r) => r.type === "task.answered")).toHaveLength(1);
  });
});
