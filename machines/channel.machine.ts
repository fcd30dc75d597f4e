// One messaging channel: restart it after sustained disconnects, within an OTP-style restart budget.
import { assign, setup } from "xstate";
import type { Effect } from "../src/domain/index.js";
import { DEFAULT_CHANNEL_OPTIONS, HOST_RESTART_PATIENCE, type ChannelContext, type ChannelEvent, type ChannelInput } from "./channel-types.js";
import { effect, isDue, TIMED_TAG } from "./effects.js";
import { resolveOptions } from "./options.js";
import { budgetAllows, restartsWithin } from "./restart-budget.js";

/** Our restarts of this channel that still count against its budget at `now`. */
export function restartsInWindow(context: Pick<ChannelContext, "restarts" | "options">, now: number): number {
  return restartsWithin(context.restarts, now, context.options.restartBudgetWindowMs).length;
}

function threshold(context: ChannelContext): number {
  return Math.max(1, context.options.disconnectThreshold);
}

function detailOf(event: ChannelEvent): string | undefined {
  if (event.type === "OBSERVED") return event.detail;
  if (event.type === "RESTART_DONE") return event.error;
  return undefined;
}

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min`;
}

/** Back to `disconnected` with the streak at the threshold: the next bad observation re-evaluates the budget. */
function stillDown(context: ChannelContext, event: ChannelEvent, reason: string): Partial<ChannelContext> {
  return { streak: threshold(context), until: undefined, lastDetail: detailOf(event) ?? context.lastDetail, reason };
}

const restartFx = ({ context }: { context: ChannelContext }): Effect => ({
  action: "restart_channel",
  target: context.id,
  reason: context.reason,
});

const givenUpFx = ({ context }: { context: ChannelContext }): Effect => ({
  action: "alert",
  target: "owner",
  reason: context.reason,
  params: {
    severity: "critical",
    channel: context.id,
    key: `channel:${context.id}:given_up`,
    title: `[self-heal] critical: channel ${context.id} is down and self-heal gave up`,
    lines: [
      `${context.id}: ${context.reason}`,
      ...(context.lastDetail ? [`last detail: ${context.lastDetail}`] : []),
      "what you can do: check the channel's server, login or token (`openclaw channels status --probe` shows what OpenClaw sees).",
      `once it is fixed, self-heal notices; if OpenClaw left it stopped, start it: openclaw gateway call channels.start --params '{"channel":"${context.id}"}'; to let self-heal restart it again, run \`openclaw self-heal clear channel:${context.id}\``,
    ],
  },
});

const recoveredFx = ({ context }: { context: ChannelContext }): Effect => ({
  action: "alert",
  target: "owner",
  reason: context.reason,
  params: {
    severity: "info",
    channel: context.id,
    key: `channel:${context.id}:recovered`,
    title: `[self-heal] info: channel ${context.id} is connected again`,
    lines: [`${context.id}: ${context.reason}`],
  },
});

const healedFx = ({ context }: { context: ChannelContext }): Effect => ({
  action: "alert",
  target: "owner",
  reason: "reconnected after a restart",
  params: {
    severity: "info",
    channel: context.id,
    key: `channel:${context.id}:healed`,
    title: `[self-heal] info: channel ${context.id} works again after a restart`,
    lines: [`${context.id}: it stopped working (${context.lastDetail ?? "disconnected"}); self-heal restarted it and it is connected again.`],
  },
});

export const channelMachine = setup({
  types: {
    context: {} as ChannelContext,
    events: {} as ChannelEvent,
    input: {} as ChannelInput,
  },
  actions: {
    effect,
    markConnected: assign(({ context, event }) => ({
      awaitingHeal: undefined,
      streak: 0,
      until: undefined,
      lastConnectedAt: event.now,
      lastDetail: detailOf(event) ?? context.lastDetail,
      reason: "connected",
    })),
    markRecovered: assign({ reason: "recovered" }),
    countDisconnect: assign(({ context, event }) => ({
      streak: context.streak + 1,
      until: undefined,
      lastDetail: detailOf(event) ?? context.lastDetail,
      reason: `disconnected (${context.streak + 1}/${threshold(context)})${detailOf(event) ? `: ${detailOf(event)}` : ""}`,
    })),
    recordRestart: assign(({ context, event }) => {
      const restarts = [...restartsWithin(context.restarts, event.now, context.options.restartBudgetWindowMs), event.now];
      return {
        restarts,
        until: event.now + context.options.restartTimeoutMs,
        reason: `disconnected ${context.streak}× in a row; restart ${restarts.length}/${context.options.restartBudgetMax} in ${minutes(context.options.restartBudgetWindowMs)}`,
      };
    }),
    hostGaveNoRelief: assign(({ context }) => ({
      awaitingHeal: undefined,
      until: undefined,
      reason: `still disconnected after ${context.streak} readings while OpenClaw kept restarting or reconnecting it itself`,
    })),
    exhaustBudget: assign(({ context, event }) => ({
      awaitingHeal: undefined,
      until: undefined,
      reason: `still disconnected; restart budget spent (${restartsInWindow(context, event.now)} restarts in ${minutes(context.options.restartBudgetWindowMs)})`,
    })),
    startGrace: assign(({ context, event }) => ({
      awaitingHeal: true,
      until: event.now + context.options.startupGraceMs,
      reason: "restarted; waiting for the channel to connect",
    })),
    restartFailed: assign(({ context, event }) =>
      stillDown(context, event, `restart failed${detailOf(event) ? `: ${detailOf(event)}` : ""}`),
    ),
    // Nothing was restarted: give the budget back (the restart recorded on entry never happened).
    restartRefused: assign(({ context, event }) => ({
      ...stillDown(context, event, `restart refused${detailOf(event) ? `: ${detailOf(event)}` : ""}`),
      restarts: context.restarts.slice(0, -1),
    })),
    restartUnreported: assign(({ context, event }) => stillDown(context, event, "restart did not report back")),
    graceOver: assign(({ context, event }) => stillDown(context, event, "still disconnected after startup grace")),
    clearChannel: assign({ streak: 0, restarts: [], until: undefined, reason: "cleared by operator" }),
    clearBudget: assign({ restarts: [] }),
    updateOptions: assign(({ event }) =>
      event.type === "OPTIONS_UPDATED" ? { options: resolveOptions(DEFAULT_CHANNEL_OPTIONS, event.options) } : {},
    ),
  },
  guards: {
    isConnected: ({ event }) => event.type === "OBSERVED" && event.connected,
    isConnectedAfterRestart: ({ context, event }) => event.type === "OBSERVED" && event.connected && context.awaitingHeal === true,
    hostRestarting: ({ event }) => event.type === "OBSERVED" && !event.connected && event.hostRestarting === true,
    hostOutOfPatience: ({ context, event }) =>
      event.type === "OBSERVED" && !event.connected && event.hostRestarting === true && context.streak + 1 >= threshold(context) * HOST_RESTART_PATIENCE,
    streakReached: ({ context }) => context.streak + 1 >= threshold(context),
    streakReachedWithBudget: ({ context, event }) =>
      context.streak + 1 >= threshold(context) &&
      budgetAllows(context.restarts, event.now, context.options.restartBudgetWindowMs, context.options.restartBudgetMax),
    restartOk: ({ event }) => event.type === "RESTART_DONE" && event.ok,
    restartRefused: ({ event }) => event.type === "RESTART_DONE" && !event.ok && event.refused === true,
    isDue: ({ context, event }) => isDue(context, event),
  },
}).createMachine({
  id: "channel",
  version: "1",
  initial: "connected",
  context: ({ input }) => ({
    id: input.id,
    options: resolveOptions(DEFAULT_CHANNEL_OPTIONS, input.options),
    streak: 0,
    restarts: [],
    reason: "started",
  }),
  on: {
    OPTIONS_UPDATED: { actions: "updateOptions" },
  },
  states: {
    connected: {
      on: {
        OBSERVED: [
          { guard: "isConnected", actions: "markConnected" },
          { guard: "hostRestarting", target: "disconnected", actions: "countDisconnect" },
          { guard: "streakReachedWithBudget", target: "restarting", actions: "countDisconnect" },
          { guard: "streakReached", target: "given_up", actions: ["countDisconnect", "exhaustBudget"] },
          { target: "disconnected", actions: "countDisconnect" },
        ],
        CLEARED: { actions: "clearBudget" },
      },
    },
    disconnected: {
      on: {
        OBSERVED: [
          // A reading after the startup grace ran out found it back: our restart (or OpenClaw's after it) healed it.
          { guard: "isConnectedAfterRestart", target: "connected", actions: [{ type: "effect", params: healedFx }, "markConnected"] },
          { guard: "isConnected", target: "connected", actions: "markConnected" },
          { guard: "hostOutOfPatience", target: "given_up", actions: ["countDisconnect", "hostGaveNoRelief"] },
          { guard: "hostRestarting", actions: "countDisconnect" },
          { guard: "streakReachedWithBudget", target: "restarting", actions: "countDisconnect" },
          { guard: "streakReached", target: "given_up", actions: ["countDisconnect", "exhaustBudget"] },
          { actions: "countDisconnect" },
        ],
        CLEARED: { actions: "clearChannel" },
      },
    },
    restarting: {
      tags: [TIMED_TAG],
      entry: ["recordRestart", { type: "effect", params: restartFx }],
      on: {
        RESTART_DONE: [
          { guard: "restartOk", target: "startup_grace", actions: "startGrace" },
          { guard: "restartRefused", target: "disconnected", actions: "restartRefused" },
          { target: "disconnected", actions: "restartFailed" },
        ],
        OBSERVED: { guard: "isConnected", target: "connected", actions: "markConnected" },
        DEADLINE: { guard: "isDue", target: "disconnected", actions: "restartUnreported" },
        CLEARED: { target: "disconnected", actions: "clearChannel" },
      },
    },
    startup_grace: {
      tags: [TIMED_TAG],
      on: {
        OBSERVED: { guard: "isConnected", target: "connected", actions: [{ type: "effect", params: healedFx }, "markConnected"] },
        DEADLINE: { guard: "isDue", target: "disconnected", actions: "graceOver" },
        CLEARED: { target: "disconnected", actions: "clearChannel" },
      },
    },
    given_up: {
      entry: { type: "effect", params: givenUpFx },
      on: {
        OBSERVED: {
          guard: "isConnected",
          target: "connected",
          actions: ["markConnected", "markRecovered", { type: "effect", params: recoveredFx }],
        },
        CLEARED: { target: "disconnected", actions: "clearChannel" },
      },
    },
  },
});

export type ChannelMachine = typeof channelMachine;
