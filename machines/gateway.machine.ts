// The gateway process: restart it on request within an OTP-style budget, else escalate to the owner.
import { assign, setup } from "xstate";
import type { Effect } from "../src/domain/index.js";
import { effect, isDue, TIMED_TAG } from "./effects.js";
import { resolveOptions } from "./options.js";
import { budgetAllows, budgetFreesAt, restartsWithin } from "./restart-budget.js";

export interface GatewayOptions {
  /** Gateway restarts allowed within `restartBudgetWindowMs`. Count. Default 2. */
  readonly restartBudgetMax: number;
  /** Sliding window of the restart budget, in ms. Default 1 h. */
  readonly restartBudgetWindowMs: number;
  /** How long a restart may go without a STARTED report before the machine stops waiting, in ms. Default 5 min. */
  readonly restartTimeoutMs: number;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = Object.freeze({
  restartBudgetMax: 2,
  restartBudgetWindowMs: 3_600_000,
  restartTimeoutMs: 300_000,
});

export const GATEWAY_STATES = ["running", "restarting", "escalated"] as const;
export type GatewayState = (typeof GATEWAY_STATES)[number];

export interface GatewayInput {
  readonly options?: Partial<GatewayOptions>;
  /** Creation time, epoch ms. */
  readonly now: number;
}

export interface GatewayContext {
  readonly options: GatewayOptions;
  /** Times of our restarts still inside the budget window, epoch ms, oldest first. */
  readonly restarts: readonly number[];
  /** Deadline of the current timed state, epoch ms. */
  readonly until?: number | undefined;
  /** Why the last transition happened (journaled as its reason). */
  readonly reason: string;
  /** Our last restart, epoch ms. */
  readonly lastRestartAt?: number | undefined;
}

export type GatewayEvent =
  | { readonly type: "RESTART_REQUESTED"; readonly now: number; readonly reason: string }
  | { readonly type: "STARTED"; readonly now: number }
  | { readonly type: "DEADLINE"; readonly now: number }
  | { readonly type: "CLEARED"; readonly now: number }
  /** Replaces the options (keys left out fall back to the defaults). */
  | { readonly type: "OPTIONS_UPDATED"; readonly now: number; readonly options: Partial<GatewayOptions> };

/** Our gateway restarts that still count against the budget at `now`. */
export function gatewayRestartsInWindow(context: Pick<GatewayContext, "restarts" | "options">, now: number): number {
  return restartsWithin(context.restarts, now, context.options.restartBudgetWindowMs).length;
}

function requested(event: GatewayEvent): string {
  return event.type === "RESTART_REQUESTED" && event.reason ? event.reason : "restart requested";
}

const restartFx = ({ context }: { context: GatewayContext }): Effect => ({
  action: "restart_gateway",
  target: "gateway",
  reason: context.reason,
});

const escalateFx = ({ context }: { context: GatewayContext }): Effect => ({
  action: "alert",
  target: "owner",
  reason: context.reason,
  params: {
    severity: "critical",
    key: "gateway:escalated",
    title: "[self-heal] critical: gateway restart budget spent; not restarting again",
    lines: [
      `gateway: ${context.reason}`,
      "what you can do: check `openclaw gateway status` and the gateway log; fix the cause, then `openclaw self-heal clear gateway`.",
    ],
    ...(context.until === undefined ? {} : { until: context.until }),
  },
});

export const gatewayMachine = setup({
  types: {
    context: {} as GatewayContext,
    events: {} as GatewayEvent,
    input: {} as GatewayInput,
  },
  actions: {
    effect,
    recordRestart: assign(({ context, event }) => {
      const restarts = [...restartsWithin(context.restarts, event.now, context.options.restartBudgetWindowMs), event.now];
      return {
        restarts,
        lastRestartAt: event.now,
        until: event.now + context.options.restartTimeoutMs,
        reason: `${requested(event)} (restart ${restarts.length}/${context.options.restartBudgetMax} in window)`,
      };
    }),
    escalate: assign(({ context, event }) => {
      const o = context.options;
      return {
        until: budgetFreesAt(context.restarts, event.now, o.restartBudgetWindowMs),
        reason: `${requested(event)}, but ${gatewayRestartsInWindow(context, event.now)}/${o.restartBudgetMax} restarts already used in ${Math.round(o.restartBudgetWindowMs / 60_000)} min`,
      };
    }),
    markStarted: assign({ until: undefined, reason: "gateway started" }),
    restartUnreported: assign({ until: undefined, reason: "restart did not report back" }),
    budgetFreed: assign({ until: undefined, reason: "restart budget available again" }),
    clearBudget: assign({ restarts: [], until: undefined, reason: "cleared by operator" }),
    updateOptions: assign(({ event }) =>
      event.type === "OPTIONS_UPDATED" ? { options: resolveOptions(DEFAULT_GATEWAY_OPTIONS, event.options) } : {},
    ),
  },
  guards: {
    budgetAllows: ({ context, event }) =>
      budgetAllows(context.restarts, event.now, context.options.restartBudgetWindowMs, context.options.restartBudgetMax),
    isDue: ({ context, event }) => isDue(context, event),
  },
}).createMachine({
  id: "gateway",
  version: "1",
  initial: "running",
  context: ({ input }) => ({
    options: resolveOptions(DEFAULT_GATEWAY_OPTIONS, input.options),
    restarts: [],
    reason: "started",
  }),
  on: {
    OPTIONS_UPDATED: { actions: "updateOptions" },
  },
  states: {
    running: {
      on: {
        RESTART_REQUESTED: [
          { guard: "budgetAllows", target: "restarting", actions: "recordRestart" },
          { target: "escalated", actions: "escalate" },
        ],
        CLEARED: { actions: "clearBudget" },
      },
    },
    restarting: {
      tags: [TIMED_TAG],
      entry: { type: "effect", params: restartFx },
      on: {
        STARTED: { target: "running", actions: "markStarted" },
        DEADLINE: { guard: "isDue", target: "running", actions: "restartUnreported" },
      },
    },
    escalated: {
      tags: [TIMED_TAG],
      entry: { type: "effect", params: escalateFx },
      on: {
        DEADLINE: { guard: "isDue", target: "running", actions: "budgetFreed" },
        CLEARED: { target: "running", actions: "clearBudget" },
      },
    },
  },
});

export type GatewayMachine = typeof gatewayMachine;
