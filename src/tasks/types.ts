// Interrupted tasks: user turns that failed for a retryable reason, kept under <stateDir>/tasks/ until re-run.
import type { Category } from "../domain/taxonomy.js";

export type TaskState = "pending" | "running" | "answered" | "manual" | "dropped" | "given_up";

export const OPEN_STATES: ReadonlySet<TaskState> = new Set<TaskState>(["pending", "running"]);

export interface Task {
  /** Stable id; also the base of every idempotency key. */
  readonly id: string;
  readonly agentId: string;
  readonly sessionKey: string;
  /**
   * Reference to the user's message, never its content: OpenClaw stores it in the session transcript
   * with `idempotencyKey: "<runId>:user"`; the re-run reads it back from there.
   */
  readonly sourceRunId: string;
  readonly category: Category;
  readonly strategy?: string;
  readonly createdAt: number;
  /** createdAt + max age: never re-run after this (also never after a gateway restart). */
  readonly deadline: number;
  readonly state: TaskState;
  /** Re-runs started so far. */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Earliest time of the next re-run by the strategy's schedule. */
  readonly nextAt: number;
  /** Total wait spent between attempts, in ms (for the strategy's total-wait cap). */
  readonly waitedMs: number;
  readonly prevDelayMs: number;
  /** The idempotency key of the attempt in flight (or last started). */
  readonly runKey?: string;
  readonly lastError?: string;
  readonly updatedAt: number;
  readonly endedWhy?: string;
  /**
   * Held turns only: OpenClaw replaces a blocked run's user message in the transcript with the block
   * notice, so the text is kept here (task file, mode 0600; never journaled, never in effect params).
   */
  readonly heldPrompt?: string;
  /**
   * The chat the turn came from (OpenClaw's session delivery context when the task was recorded): the
   * recovered answer is sent there. Absent for turns without an external chat (CLI, Control UI).
   */
  readonly route?: DeliveryRoute;
  /** Sends of a ready answer that failed so far (the channel was down); they spend no re-run attempt. */
  readonly deliveryFailures?: number;
}

/** Where a recovered answer goes: a channel, its peer or room, and the account and thread when there are several. */
export interface DeliveryRoute {
  readonly channel: string;
  readonly to: string;
  readonly accountId?: string;
  readonly threadId?: string;
}

export interface TaskLimits {
  /** Oldest task ever re-run, in ms. Default 1 h. */
  readonly maxAgeMs: number;
  /** Re-runs per task. Default 3 (and never more than the strategy's maxRetries). */
  readonly maxAttempts: number;
  /** Open tasks kept at once (oldest dropped first). */
  readonly maxOpen: number;
}

export const DEFAULT_TASK_LIMITS: TaskLimits = Object.freeze({ maxAgeMs: 3_600_000, maxAttempts: 3, maxOpen: 200 });

/** The idempotency key of attempt n of a task (OpenClaw uses it as the runId of the re-run). */
export function runKeyOf(task: Pick<Task, "id">, attempt: number): string {
  return `selfheal-${task.id}-${attempt}`;
}
