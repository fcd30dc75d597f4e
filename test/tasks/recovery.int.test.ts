import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import type { Effect } from "../../src/domain/effects.js";
import type { Outcome } from "../../src/effects/executor.js";
import { DEFAULT_STRATEGIES } from "../../src/strategies/index.js";
import { TaskRecovery, TaskStore, MANUAL_MARK } from "../../src/tasks/index.js";

const T0 = Date.parse("2026-11-22T03:00:00Z");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(opts: { dir?: string; clock?: ManualClock; outcome?: (e: Effect) => Outcome } = {}) {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "tasks-"));
  if (!opts.dir) dirs.push(dir);
  const clock = opts.clock ?? new ManualClock(T0);
  const records: Array<{ type: string; fields: Record<string, unknown> }> = [];
  const effects: Effect[] = [];
  let up = false;
  const recovery = new TaskRecovery({
    store: new TaskStore(dir), clock, random: seededRandom(1),
    record: (type, fields) => records.push({ type, fields }),
    execute: async (e) => {
      effects.push(e);
      return opts.outcome ? opts.outcome(e) : { status: "executed" };
    },
    strategies: () => DEFAULT_STRATEGIES, defaultType: () => "exponential",
    servable: () => up, chainOf: () => ["p/a", "q/b"],
  });
  recovery.start();
  const failTurn = (runId = "run-1") =>
    recovery.onTurn({ type: "turn", ts: clock.now(), agentId: "main", sessionKey: "agent:main:explicit:s1", runId, ok: false, trigger: "user", requested: "p/a", classification: { category: "server_overload", retryable: true, evidence: "503" } });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { dir, clock, records, effects, recovery, failTurn, settle, setUp: (v: boolean) => (up = v) };
}

describe("task recovery", () => {
  it("records a retryable failed user turn with a reference to the message, never its content", () => {
    const { failTurn, records, dir } = setup();
    const task = failTurn();
    expect(task).toMatchObject({ agentId: "main", sessionKey: "agent:main:explicit:s1", sourceRunId: "run-1", state: "pending", strategy: "model-backoff" });
    expect(records[0]).toMatchObject({ type: "task.recorded", fields: { messageRef: "run-1:user", sessionKey: "agent:main:explicit:s1" } });
    expect(readdirSync(dir)).toEqual([`${task?.id}.json`]);
  });

  it("records a user run held back during an outage, but not a held cron run", () => {
    const { recovery, records } = setup();
    expect(recovery.onHeld({ runId: "run-h", sessionKey: "agent:main:explicit:s2", agentId: "main", model: "p/a", trigger: "user", prompt: "and of Germany?" })).toMatchObject({ category: "model_unavailable", strategy: "model-backoff", sourceRunId: "run-h" });
    expect(recovery.onHeld({ runId: "run-c", sessionKey: "agent:main:cron:x", agentId: "main", model: "p/a", trigger: "cron", prompt: "x" })).toBeUndefined();
    expect(recovery.onHeld({ runId: "run-n", sessionKey: "agent:main:explicit:s3", agentId: "main", model: "p/a" })).toBeUndefined();
    expect(records.filter((r) => r.type === "task.recorded")).toHaveLength(1);
  });

  it("keeps a held turn's text only in its task file, never in the journal or the effect, and forgets it once answered", async () => {
    const { recovery, records, effects, clock, settle, setUp, dir } = setup();
    const task = recovery.onHeld({ runId: "run-h", sessionKey: "agent:main:explicit:s2", agentId: "main", model: "p/a", trigger: "user", prompt: "SECRET QUESTION" });
    expect(recovery.heldText(task?.id ?? "")).toBe("SECRET QUESTION");
    expect(readFileSync(join(dir, `${task?.id}.json`), "utf8")).toContain("SECRET QUESTION");
    setUp(true);
    recovery.onModelRecovered("p/a");
    clock.advance(0);
    await settle();
    expect(JSON.stringify(records) + JSON.stringify(effects)).not.toContain("SECRET QUESTION");
    expect(recovery.list()[0]?.state).toBe("answered");
    expect(recovery.heldText(task?.id ?? "")).toBeUndefined();
    expect(readFileSync(join(dir, `${task?.id}.json`), "utf8")).not.toContain("SECRET QUESTION");
  });

  it("ignores successes, non-retryable failures, cron turns, its own re-runs and a run it already has", () => {
    const { recovery, failTurn } = setup();
    const base = { type: "turn" as const, ts: T0, agentId: "main", sessionKey: "k", ok: false };
    expect(recovery.onTurn({ ...base, runId: "r", ok: true })).toBeUndefined();
    expect(recovery.onTurn({ ...base, runId: "r", classification: { category: "auth_failed", retryable: false, evidence: "" } })).toBeUndefined();
    expect(recovery.onTurn({ ...base, runId: "r", trigger: "cron", classification: { category: "timeout", retryable: true, evidence: "" } })).toBeUndefined();
    expect(recovery.onTurn({ ...base, runId: "selfheal-t1-1", classification: { category: "timeout", retryable: true, evidence: "" } })).toBeUndefined();
    expect(failTurn()).toBeDefined();
    expect(failTurn()).toBeUndefined();
  });

  it("re-runs once through recover_task when a model of the agent recovers, then marks it answered", async () => {
    const { failTurn, recovery, clock, effects, records, settle, setUp } = setup();
    const task = failTurn();
    recovery.onModelRecovered("p/a");
    clock.advance(0);
    await settle();
    expect(effects).toEqual([]);
    setUp(true);
    recovery.onModelRecovered("p/a");
    clock.advance(0);
    await settle();
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({ action: "recover_task", target: "agent:main:explicit:s1", params: { taskId: task?.id, sourceRunId: "run-1", runKey: `selfheal-${task?.id}-1`, priorKeys: [] } });
    expect(recovery.list()[0]?.state).toBe("answered");
    expect(records.map((r) => r.type)).toContain("task.answered");
    recovery.onModelRecovered("p/a");
    clock.advance(10 * 60_000);
    await settle();
    expect(effects).toHaveLength(1);
  });

  it("after a failed re-run retries on the strategy's schedule with a new key and gives up after maxAttempts", async () => {
    const { failTurn, clock, effects, records, settle, setUp } = setup({ outcome: () => ({ status: "failed", error: "re-run ended error: 503" }) });
    setUp(true);
    failTurn();
    for (let i = 0; i < 8; i++) {
      clock.advance(60 * 60_000 / 8);
      await settle();
    }
    expect(effects.map((e) => e.params?.runKey)).toHaveLength(3);
    expect(new Set(effects.map((e) => e.params?.runKey)).size).toBe(3);
    expect(effects[2]?.params?.priorKeys).toHaveLength(2);
    expect(records.some((r) => r.type === "task.given_up")).toBe(true);
  });

  it("marks a task whose turn used tools manual and reports it, without re-running it", async () => {
    const { failTurn, recovery, clock, records, settle, setUp, effects } = setup({ outcome: () => ({ status: "failed", error: `${MANUAL_MARK} the failed turn called tools (send_email)` }) });
    setUp(true);
    failTurn();
    recovery.onModelRecovered("q/b");
    clock.advance(0);
    await settle();
    expect(recovery.list()[0]?.state).toBe("manual");
    expect(records.find((r) => r.type === "task.manual")?.fields.why).toMatch(/send_email/);
    clock.advance(30 * 60_000);
    await settle();
    expect(effects).toHaveLength(1);
  });

  it("never resurrects a task older than its age bound after a restart, and reports the drop", () => {
    const first = setup();
    first.failTurn();
    first.recovery.stop();
    const clock = new ManualClock(T0 + 61 * 60_000);
    const second = setup({ dir: first.dir, clock });
    second.setUp(true);
    expect(second.recovery.list()[0]?.state).toBe("dropped");
    expect(second.records[0]).toMatchObject({ type: "task.dropped", fields: { why: "too_old_at_restart", messageRef: "run-1:user" } });
    second.recovery.tick("p/a");
    expect(second.effects).toEqual([]);
    const onDisk = JSON.parse(readFileSync(join(first.dir, readdirSync(first.dir)[0] as string), "utf8"));
    expect(onDisk.state).toBe("dropped");
  });

  it("resumes a task that was running at a restart with the same idempotency key", async () => {
    const first = setup({ outcome: () => ({ status: "executed" }) });
    first.setUp(true);
    const t = first.failTurn();
    // Simulate a crash mid-run: write the running state, never settle.
    const store = new TaskStore(first.dir);
    store.save({ ...(t as NonNullable<typeof t>), state: "running", attempts: 1, runKey: `selfheal-${t?.id}-1` });
    const second = setup({ dir: first.dir, clock: new ManualClock(T0 + 5 * 60_000) });
    second.setUp(true);
    second.recovery.tick();
    await second.settle();
    expect(second.effects[0]?.params?.runKey).toBe(`selfheal-${t?.id}-1`);
  });

  it("tries again later without spending an attempt when the executor skipped the action", async () => {
    const { failTurn, recovery, clock, settle, setUp } = setup({ outcome: () => ({ status: "skipped", why: "dry_run" }) });
    setUp(true);
    failTurn();
    recovery.onModelRecovered("p/a");
    clock.advance(0);
    await settle();
    expect(recovery.list()[0]).toMatchObject({ state: "pending", attempts: 0, lastError: "skipped: dry_run" });
  });
});
