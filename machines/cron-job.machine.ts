// One cron job: disable it after N consecutive failed runs (counted per run, never per poll).
import { assign, setup } from "xstate";
import type { Category, Effect } from "../src/domain/index.js";
import { effect } from "./effects.js";
import { resolveOptions } from "./options.js";

export interface CronJobOptions {
  /** Consecutive failed runs that disable the job. Count. Default 3. */
  readonly failureThreshold: number;
}

export const DEFAULT_CRON_JOB_OPTIONS: CronJobOptions = Object.freeze({ failureThreshold: 3 });

export const CRON_JOB_STATES = ["ok", "failing", "disabled"] as const;
export type CronJobState = (typeof CRON_JOB_STATES)[number];

export interface CronJobInput {
  /** The cron job id. */
  readonly id: string;
  readonly options?: Partial<CronJobOptions>;
  /** Creation time, epoch ms. */
  readonly now: number;
}

export interface CronJobContext {
  readonly id: string;
  readonly options: CronJobOptions;
  /** Consecutive failed runs. */
  readonly consecutiveFailures: number;
  /** Never set: no cron state waits for a deadline (kept for the common context shape). */
  readonly until?: number | undefined;
  /** Why the last transition happened (journaled as its reason). */
  readonly reason: string;
  readonly lastError?: { readonly error?: string; readonly category?: Category; readonly at: number } | undefined;
  /** Last finished run, epoch ms. */
  readonly lastRunAt?: number | undefined;
}

export type CronJobEvent =
  | { readonly type: "RUN_FINISHED"; readonly now: number; readonly ok: boolean; readonly error?: string; readonly category?: Category }
  | { readonly type: "CLEARED"; readonly now: number }
  /** Replaces the options (keys left out fall back to the defaults). */
  | { readonly type: "OPTIONS_UPDATED"; readonly now: number; readonly options: Partial<CronJobOptions> };

function describeRun(event: CronJobEvent): string {
  if (event.type !== "RUN_FINISHED") return event.type;
  const what = [event.category, event.error].filter((s): s is string => typeof s === "string" && s.length > 0);
  return what.length ? what.join(": ") : "run failed";
}

const disableFx = ({ context }: { context: CronJobContext }): Effect => ({
  action: "disable_cron",
  target: context.id,
  reason: context.reason,
});

const alertFx = ({ context }: { context: CronJobContext }): Effect => ({
  action: "alert",
  target: "owner",
  reason: context.reason,
  params: {
    severity: "warning",
    cronJob: context.id,
    key: `cron:${context.id}:disabled`,
    title: `[self-heal] warning: cron job ${context.id} disabled after ${context.consecutiveFailures} failed runs`,
    lines: [
      `${context.id}: ${context.reason}`,
      ...(context.lastError?.category ? [`category: ${context.lastError.category}`] : []),
      `what you can do: fix the job, then re-enable it (\`openclaw cron edit ${context.id} --enable\`) and run \`openclaw self-heal clear cron:${context.id}\`.`,
    ],
  },
});

export const cronJobMachine = setup({
  types: {
    context: {} as CronJobContext,
    events: {} as CronJobEvent,
    input: {} as CronJobInput,
  },
  actions: {
    effect,
    countFailure: assign(({ context, event }) => {
      const consecutiveFailures = context.consecutiveFailures + 1;
      return {
        consecutiveFailures,
        lastRunAt: event.now,
        lastError: {
          at: event.now,
          ...(event.type === "RUN_FINISHED" && event.error !== undefined ? { error: event.error } : {}),
          ...(event.type === "RUN_FINISHED" && event.category !== undefined ? { category: event.category } : {}),
        },
        reason: `${consecutiveFailures}/${context.options.failureThreshold} failed runs in a row; last ${describeRun(event)}`,
      };
    }),
    markOk: assign(({ event }) => ({ consecutiveFailures: 0, lastRunAt: event.now, reason: "run succeeded" })),
    clearJob: assign({ consecutiveFailures: 0, reason: "cleared by operator" }),
    updateOptions: assign(({ event }) =>
      event.type === "OPTIONS_UPDATED" ? { options: resolveOptions(DEFAULT_CRON_JOB_OPTIONS, event.options) } : {},
    ),
  },
  guards: {
    runOk: ({ event }) => event.type === "RUN_FINISHED" && event.ok,
    reachesThreshold: ({ context }) => context.consecutiveFailures + 1 >= Math.max(1, context.options.failureThreshold),
  },
}).createMachine({
  id: "cron-job",
  version: "1",
  initial: "ok",
  context: ({ input }) => ({
    id: input.id,
    options: resolveOptions(DEFAULT_CRON_JOB_OPTIONS, input.options),
    consecutiveFailures: 0,
    reason: "started",
  }),
  on: {
    OPTIONS_UPDATED: { actions: "updateOptions" },
  },
  states: {
    ok: {
      on: {
        RUN_FINISHED: [
          { guard: "runOk", actions: "markOk" },
          { guard: "reachesThreshold", target: "disabled", actions: "countFailure" },
          { target: "failing", actions: "countFailure" },
        ],
      },
    },
    failing: {
      on: {
        RUN_FINISHED: [
          { guard: "runOk", target: "ok", actions: "markOk" },
          { guard: "reachesThreshold", target: "disabled", actions: "countFailure" },
          { actions: "countFailure" },
        ],
        CLEARED: { target: "ok", actions: "clearJob" },
      },
    },
    disabled: {
      entry: [
        { type: "effect", params: disableFx },
        { type: "effect", params: alertFx },
      ],
      on: {
        RUN_FINISHED: [
          { guard: "runOk", target: "ok", actions: "markOk" },
          { actions: "countFailure" },
        ],
        CLEARED: { target: "ok", actions: "clearJob" },
      },
    },
  },
});

export type CronJobMachine = typeof cronJobMachine;
