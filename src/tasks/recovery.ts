// Interrupted-task recovery: records user turns that failed for a retryable reason and re-runs each once a
// model of its agent is back (fail_back) or on its strategy's schedule, through the one executor (`recover_task`).
import type { Clock, TimerHandle } from "../domain/clock.js";
import type { Random } from "../domain/random.js";
import type { DomainEvent } from "../domain/events.js";
import type { Category } from "../domain/taxonomy.js";
import type { Effect } from "../domain/effects.js";
import type { Outcome } from "../effects/executor.js";
import { selectStrategy, type Strategy, type StrategyType } from "../strategies/index.js";
import { afterFailure, onStartup, planTask, taskErrorText } from "./plan.js";
import type { TaskStore } from "./task-store.js";
import { DEFAULT_TASK_LIMITS, OPEN_STATES, runKeyOf, type DeliveryRoute, type Task, type TaskLimits } from "./types.js";

/** Errors from Host.recoverTask that start with this mark a task `manual` (tools with side effects ran). */
export const MANUAL_MARK = "manual:";
/**
 * Errors from Host.recoverTask that start with this: the re-run answered, but the answer could not be sent to the
 * chat (the channel is down). Not a model failure: tried again soon, without spending a re-run attempt.
 */
export const UNDELIVERED_MARK = "undelivered:";
/** First wait before sending a ready answer again; doubles per failed send, up to DELIVERY_RETRY_MAX_MS. */
const DELIVERY_RETRY_MS = 30_000;
const DELIVERY_RETRY_MAX_MS = 5 * 60_000;
/** Our own re-runs use idempotency keys with this prefix (never recorded as new tasks). */
export const OWN_RUN_PREFIX = "selfheal-";
/** A re-run skipped by dry-run or a switched-off action is asked for again after this long (config may change). */
const SKIPPED_RETRY_MS = 5 * 60_000;
/** How often a due task waiting for a usable model is looked at again (besides every model recovery). */
const WAITING_POLL_MS = 30_000;

export interface TaskRecoveryOptions {
  readonly store: TaskStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly record: (type: string, fields: Record<string, unknown>) => void;
  readonly execute: (effect: Effect) => Promise<Outcome>;
  readonly strategies: () => readonly Strategy[];
  readonly defaultType: () => StrategyType;
  /** Some model of the agent's chain is usable (the supervisor would not hold its run). */
  readonly servable: (agentId: string) => boolean;
  readonly chainOf: (agentId: string) => readonly string[];
  readonly limits?: Partial<TaskLimits>;
  /**
   * The chat a session's turn came from, read once when its task is recorded (the recovered answer is sent
   * there). Never throws into the caller: a failed lookup records the task without a route.
   */
  readonly routeOf?: (sessionKey: string, agentId: string) => DeliveryRoute | undefined;
}

type TurnEvent = Extract<DomainEvent, { type: "turn" }>;

export class TaskRecovery {
  private readonly tasks = new Map<string, Task>();
  private readonly limits: TaskLimits;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private seq = 0;

  constructor(private readonly opts: TaskRecoveryOptions) {
    this.limits = { ...DEFAULT_TASK_LIMITS, ...(opts.limits ?? {}) };
  }

  /** Loads tasks from disk; drops the ones past their age bound (never resurrected); arms the schedule. */
  start(): void {
    const now = this.opts.clock.now();
    const { tasks, unreadable } = this.opts.store.loadAll();
    if (unreadable > 0) this.opts.record("task.unreadable", { count: unreadable });
    for (const loaded of tasks) {
      const task = onStartup(loaded, now);
      if (task !== loaded) this.save(task);
      if (task.state === "dropped" && loaded.state !== "dropped") this.opts.record("task.dropped", this.ref(task, { why: task.endedWhy }));
      this.tasks.set(task.id, task);
    }
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  list(): Task[] {
    return [...this.tasks.values()];
  }

  /** A finished user turn: a retryable failure of a user turn becomes a task. */
  onTurn(event: TurnEvent): Task | undefined {
    if (event.ok || !event.sessionKey || !event.runId) return undefined;
    const category = event.classification?.category;
    if (!category || !event.classification?.retryable || category === "aborted") return undefined;
    return this.record({ runId: event.runId, sessionKey: event.sessionKey, agentId: event.agentId, category, ...(event.requested ? { model: event.requested } : {}), ...(event.trigger ? { trigger: event.trigger } : {}) });
  }

  /** A user run the supervisor held back because every model of its agent was down. */
  onHeld(held: { runId: string; sessionKey: string; agentId: string; model: string; trigger?: string; prompt?: string }): Task | undefined {
    if (!held.prompt) return undefined;
    return this.record({ ...held, category: "model_unavailable" });
  }

  /** The text of a held turn (its transcript holds only OpenClaw's block notice); undefined for others. */
  heldText(taskId: string): string | undefined {
    return this.tasks.get(taskId)?.heldPrompt;
  }

  private record(turn: { runId: string; sessionKey: string; agentId: string; category: Category; model?: string; trigger?: string; prompt?: string }): Task | undefined {
    if (this.stopped || turn.runId.startsWith(OWN_RUN_PREFIX)) return undefined;
    if (turn.trigger !== undefined && turn.trigger !== "user") return undefined;
    if ([...this.tasks.values()].some((t) => t.sourceRunId === turn.runId)) return undefined;
    const strategy = selectStrategy(this.opts.strategies(), { category: turn.category, defaultType: this.opts.defaultType(), ...(turn.model ? { model: turn.model } : {}) });
    if (!strategy) return undefined;
    const now = this.opts.clock.now();
    const task: Task = {
      id: `t${now.toString(36)}${(this.seq++).toString(36)}${Math.floor(this.opts.random() * 1e6).toString(36)}`,
      agentId: turn.agentId, sessionKey: turn.sessionKey, sourceRunId: turn.runId, category: turn.category, strategy: strategy.name,
      createdAt: now, deadline: now + this.limits.maxAgeMs, state: "pending", attempts: 0, maxAttempts: Math.max(1, Math.min(this.limits.maxAttempts, strategy.maxRetries)),
      nextAt: now + (strategy.intervals[0] ?? 60_000), waitedMs: 0, prevDelayMs: 0, updatedAt: now,
      ...(turn.prompt ? { heldPrompt: turn.prompt.slice(0, 100_000) } : {}),
      ...this.routeFor(turn.sessionKey, turn.agentId),
    };
    this.evictOverflow(now);
    this.save(task);
    this.opts.record("task.recorded", this.ref(task, { strategy: strategy.name, deadline: new Date(task.deadline).toISOString(), ...(task.route ? { deliverTo: task.route.channel } : {}) }));
    this.arm();
    return task;
  }

  private routeFor(sessionKey: string, agentId: string): { route?: DeliveryRoute } {
    try {
      const route = this.opts.routeOf?.(sessionKey, agentId);
      return route ? { route } : {};
    } catch {
      return {};
    }
  }

  /** A model came back (fail_back executed, or it left cooldown healthy): re-run its agents' tasks now. */
  onModelRecovered(model: string): void {
    if (this.stopped) return;
    // Deferred: the route table forgets the model only once the fail_back outcome has been applied.
    this.opts.clock.setTimer(this.opts.clock.now(), () => this.tick(model));
  }

  /** Runs whatever is due. With `recoveredModel`, tasks of agents using that model are due now. */
  tick(recoveredModel?: string): void {
    if (this.stopped) return;
    const now = this.opts.clock.now();
    for (const task of [...this.tasks.values()]) {
      if (!OPEN_STATES.has(task.state)) continue;
      const recovered = recoveredModel !== undefined && this.opts.chainOf(task.agentId).includes(recoveredModel);
      const step = planTask(task, { now, servable: this.opts.servable(task.agentId), recovered });
      if (step.kind === "end") {
        this.save(step.task);
        this.opts.record(step.task.state === "dropped" ? "task.dropped" : "task.given_up", this.ref(step.task, { why: step.task.endedWhy }));
      } else if (step.kind === "run") {
        this.run(step.task);
      }
    }
    this.arm();
  }

  private run(task: Task): void {
    this.save(task);
    const effect: Effect = {
      action: "recover_task",
      target: task.sessionKey,
      reason: `re-run ${task.category} turn (attempt ${task.attempts}/${task.maxAttempts})`,
      params: { taskId: task.id, agentId: task.agentId, sessionKey: task.sessionKey, sourceRunId: task.sourceRunId, runKey: task.runKey ?? "", attempt: task.attempts, priorKeys: Array.from({ length: Math.max(0, task.attempts - 1) }, (_, i) => runKeyOf(task, i + 1)), ...(task.route ? { deliver: { ...task.route }, deadline: task.deadline } : {}) },
    };
    void this.opts.execute(effect).then((outcome) => this.settle(task.id, outcome), (e: Error) => this.settle(task.id, { status: "failed", error: e.message }));
  }

  private settle(id: string, outcome: Outcome): void {
    const task = this.tasks.get(id);
    if (!task || task.state !== "running") return;
    const now = this.opts.clock.now();
    if (outcome.status === "executed") {
      this.save({ ...task, state: "answered", updatedAt: now, endedWhy: outcome.simulated ? "simulated" : "answered" });
      this.opts.record("task.answered", this.ref(task, { runKey: task.runKey, attempt: task.attempts, ...(task.route && !outcome.simulated ? { deliveredTo: task.route.channel } : {}) }));
    } else if (outcome.status === "skipped") {
      // dry run / switched off / budget: the attempt did not happen; try again later, until the age bound.
      const later = outcome.why === "dry_run" || outcome.why === "disabled" ? SKIPPED_RETRY_MS : 60_000;
      this.save({ ...task, state: "pending", attempts: task.attempts - 1, nextAt: now + later, updatedAt: now, lastError: `skipped: ${outcome.why}` });
    } else if (outcome.error.startsWith(UNDELIVERED_MARK)) {
      // The answer is in the transcript under this attempt's key: the next attempt (same key) only sends it.
      const failures = (task.deliveryFailures ?? 0) + 1;
      const wait = Math.min(DELIVERY_RETRY_MAX_MS, DELIVERY_RETRY_MS * 2 ** (failures - 1));
      this.save({ ...task, state: "pending", attempts: task.attempts - 1, deliveryFailures: failures, nextAt: now + wait, updatedAt: now, lastError: taskErrorText(outcome.error) });
    } else if (outcome.error.startsWith(MANUAL_MARK)) {
      this.save({ ...task, state: "manual", endedWhy: "side_effects", lastError: taskErrorText(outcome.error), updatedAt: now });
      this.opts.record("task.manual", this.ref(task, { why: taskErrorText(outcome.error.slice(MANUAL_MARK.length).trim()).slice(0, 200) }));
    } else {
      const strategy = this.opts.strategies().find((s) => s.name === task.strategy);
      const next = afterFailure(task, strategy, now, outcome.error, this.opts.random());
      this.save(next);
      if (next.state === "given_up") this.opts.record("task.given_up", this.ref(next, { why: next.endedWhy }));
    }
    this.arm();
  }

  private evictOverflow(now: number): void {
    const open = [...this.tasks.values()].filter((t) => OPEN_STATES.has(t.state)).sort((a, b) => a.createdAt - b.createdAt);
    for (const t of open.slice(0, Math.max(0, open.length - this.limits.maxOpen + 1))) {
      this.save({ ...t, state: "dropped", endedWhy: "overflow", updatedAt: now });
      this.opts.record("task.dropped", this.ref(t, { why: "overflow" }));
    }
  }

  private save(saved: Task): void {
    // An ended task keeps no text of the user's message.
    const { heldPrompt: _text, ...rest } = saved;
    const task: Task = saved.state === "pending" || saved.state === "running" ? saved : rest;
    this.tasks.set(task.id, task);
    try {
      this.opts.store.save(task);
    } catch (error) {
      this.opts.record("task.store_failed", { task: task.id, error: (error as Error).message.slice(0, 200) });
    }
  }

  /** Journal fields: a reference to the user's message (session + run id), never its content. */
  private ref(task: Task, extra: Record<string, unknown>): Record<string, unknown> {
    return { task: task.id, agentId: task.agentId, sessionKey: task.sessionKey, messageRef: `${task.sourceRunId}:user`, category: task.category, attempts: task.attempts, ...extra };
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const t of this.tasks.values()) if (t.state === "pending") next = Math.min(next, t.nextAt, t.deadline);
    if (next === Infinity) return;
    // A task already due is only waiting for a usable model (fail_back re-runs it at once): look again later,
    // never at the same instant (that would spin).
    const now = this.opts.clock.now();
    this.timer = this.opts.clock.setTimer(next > now ? next : now + WAITING_POLL_MS, () => {
      this.timer = undefined;
      this.tick();
    });
  }
}
