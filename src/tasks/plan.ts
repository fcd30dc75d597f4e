// What to do with a task now, pure: re-run, wait, or end it (too old, out of attempts).
import { nextRetry, type Strategy } from "../strategies/index.js";
import { runKeyOf, type Task } from "./types.js";
import { redactSecrets } from "../domain/classifier/redact.js";

/** An error text as a task file keeps it: secrets redacted (over a generous prefix), then capped. */
export function taskErrorText(error: string): string {
  return redactSecrets(error.slice(0, 2_000)).slice(0, 300);
}

export type TaskStep =
  | { readonly kind: "wait" }
  | { readonly kind: "run"; readonly task: Task }
  | { readonly kind: "end"; readonly task: Task };

export interface PlanInput {
  readonly now: number;
  /** A model that can serve the task's agent is usable now (not routed around). */
  readonly servable: boolean;
  /** A model of the agent just recovered (fail_back): run now instead of waiting for the schedule. */
  readonly recovered: boolean;
}

/** The next step for one open task. A running task is left alone (its outcome decides). */
export function planTask(task: Task, input: PlanInput): TaskStep {
  if (task.state !== "pending") return { kind: "wait" };
  if (input.now >= task.deadline) return { kind: "end", task: { ...task, state: "dropped", endedWhy: "too_old", updatedAt: input.now } };
  if (task.attempts >= task.maxAttempts) return { kind: "end", task: { ...task, state: "given_up", endedWhy: "attempts", updatedAt: input.now } };
  if (!input.servable) return { kind: "wait" };
  if (!input.recovered && input.now < task.nextAt) return { kind: "wait" };
  const attempt = task.attempts + 1;
  return { kind: "run", task: { ...task, state: "running", attempts: attempt, runKey: runKeyOf(task, attempt), updatedAt: input.now } };
}

/** After a failed re-run: pending again at the strategy's next delay, or given up. */
export function afterFailure(task: Task, strategy: Strategy | undefined, now: number, error: string, r: number, hintMs?: number): Task {
  const base = { ...task, lastError: taskErrorText(error), updatedAt: now };
  if (!strategy) return { ...base, state: "given_up", endedWhy: "not_retryable" };
  const d = nextRetry(strategy, { attempt: task.attempts, prevMs: task.prevDelayMs, waitedMs: task.waitedMs, ...(hintMs !== undefined ? { hintMs } : {}) }, r);
  if (d.kind === "give_up") return { ...base, state: "given_up", endedWhy: d.why };
  if (task.attempts >= task.maxAttempts) return { ...base, state: "given_up", endedWhy: "attempts" };
  return { ...base, state: "pending", nextAt: now + d.delayMs, waitedMs: task.waitedMs + d.delayMs, prevDelayMs: d.delayMs };
}

/**
 * Tasks found on disk at start: anything past its deadline is dropped (never resurrected after a
 * restart); a task that was running when the gateway went down is pending again with the same key,
 * so the re-run first checks the transcript for that key's answer and never answers twice.
 */
export function onStartup(task: Task, now: number): Task {
  if (task.state !== "pending" && task.state !== "running") return task;
  if (now >= task.deadline) return { ...task, state: "dropped", endedWhy: "too_old_at_restart", updatedAt: now };
  if (task.state === "running") return { ...task, state: "pending", attempts: Math.max(0, task.attempts - 1), nextAt: now, updatedAt: now };
  return task;
}
