// One model's health: healthy → cooldown → probing → recovered → healthy, or disabled (auth/quota).
import { assign, enqueueActions, setup } from "xstate";
import { effect, isDue, TIMED_TAG } from "./effects.js";
import {
  becomeHealthy,
  clear,
  cool,
  countProbeSuccess,
  decay,
  describeFailure,
  disable,
  disabledAlertEffect,
  enoughSuccesses,
  extend,
  failBackEffect,
  failureOf,
  hintExtends,
  isDisablingFailure,
  isNeutralFailure,
  probeEffect,
  probeTimedOut,
  recordFailure,
  recordSuccess,
  recover,
  routeAroundEffect,
  startProbe,
  waitBeforeProbe,
} from "./model-logic.js";
import { adoptPeer, extendToPeer, peerExtends, peerIsCurrent, peerIsDisabling } from "./model-peer.js";
import { DEFAULT_MODEL_OPTIONS } from "./model-options.js";
import { resolveOptions } from "./options.js";
import type { ModelContext, ModelEvent, ModelInput } from "./model-types.js";

const routeAround = { type: "effect", params: ({ context }: { context: ModelContext }) => routeAroundEffect(context) } as const;
const probe = { type: "effect", params: ({ context }: { context: ModelContext }) => probeEffect(context) } as const;
const failBack = { type: "effect", params: ({ context }: { context: ModelContext }) => failBackEffect(context) } as const;

export const modelMachine = setup({
  types: {
    context: {} as ModelContext,
    events: {} as ModelEvent,
    input: {} as ModelInput,
  },
  actions: {
    effect,
    recordFailure: assign(({ context, event }) => recordFailure(context, event)),
    recordSuccess: assign(({ event }) => recordSuccess(event)),
    decay: assign(({ context, event }) => decay(context, event)),
    cool: assign(({ context, event }) => cool(context, event, describeFailure(event))),
    coolAfterTimeout: assign(({ context, event }) => cool(context, event, "probe timed out")),
    extend: assign(({ context, event }) => extend(context, event)),
    disable: assign(({ context, event }) => disable(context, event, false)),
    recheckLater: assign(({ context, event }) => disable(context, event, true)),
    probeAfterCooldown: assign(({ context, event }) => startProbe(context, event, "cooldown elapsed, probing")),
    recheck: assign(({ context, event }) => startProbe(context, event, `rechecking after ${context.disabledBy ?? "disable"}`)),
    probeAgain: assign(({ context, event }) => startProbe(context, event, `probing again (${context.probeSuccesses}/${context.options.successesToRecover})`)),
    countProbeSuccess: assign(({ context, event }) => countProbeSuccess(context, event)),
    waitBeforeProbe: assign(({ context, event }) => waitBeforeProbe(context, event)),
    probeTimedOut: assign(({ context, event }) => probeTimedOut(context, event)),
    recover: assign(({ context, event }) => recover(context, event)),
    becomeHealthy: assign(({ event }) => becomeHealthy(event, "recovery hold elapsed")),
    clear: assign(({ event }) => clear(event)),
    adoptPeer: assign(({ context, event }) => adoptPeer(context, event)),
    extendToPeer: assign(({ context, event }) => extendToPeer(context, event)),
    operatorFailBack: assign(({ context }) => ({ failures: 0, probeSuccesses: 0, reason: "failed back by operator", ejections: context.ejections })),
    updateOptions: assign(({ event }) =>
      event.type === "OPTIONS_UPDATED" ? { options: resolveOptions(DEFAULT_MODEL_OPTIONS, event.options) } : {},
    ),
    /** route_around, plus one alert per disabling episode and category (never for failed rechecks). */
    announceDisabled: enqueueActions(({ context, enqueue }) => {
      enqueue({ type: "effect", params: routeAroundEffect(context) });
      if (context.disabledBy !== undefined && context.alertedFor !== context.disabledBy) {
        enqueue({ type: "effect", params: disabledAlertEffect(context) });
        enqueue.assign({ alertedFor: context.disabledBy });
      }
    }),
  },
  guards: {
    isNeutral: ({ event }) => isNeutralFailure(event),
    isDisabling: ({ event }) => isDisablingFailure(event),
    isRecheckFailure: ({ context, event }) =>
      context.disabledBy !== undefined && failureOf(event)?.category === context.disabledBy,
    reachesThreshold: ({ context }) => context.failures + 1 >= context.options.failureThreshold,
    hintExtends: ({ context, event }) => hintExtends(context, event),
    enoughSuccesses: ({ context }) => enoughSuccesses(context),
    isDue: ({ context, event }) => isDue(context, event),
    isDueWhileWaiting: ({ context, event }) => isDue(context, event) && context.probePhase === "waiting",
    isDueAfterDisable: ({ context, event }) => isDue(context, event) && context.disabledBy !== undefined,
    isTesting: ({ context }) => context.probePhase !== "waiting",
    peerIsCurrent: ({ context, event }) => peerIsCurrent(context, event),
    peerIsDisabling: ({ context, event }) => peerIsDisabling(context, event),
    peerExtends: ({ context, event }) => peerExtends(context, event),
  },
}).createMachine({
  id: "model",
  version: "1",
  initial: "healthy",
  context: ({ input }) => ({
    id: input.id,
    options: resolveOptions(DEFAULT_MODEL_OPTIONS, input.options),
    rng: input.seed | 0,
    failures: 0,
    ejections: 0,
    prevCooldownMs: 0,
    reason: "started",
    probeSuccesses: 0,
    healthySince: input.now,
    authRechecks: 0,
  }),
  on: {
    OPTIONS_UPDATED: { actions: "updateOptions" },
  },
  states: {
    healthy: {
      on: {
        PEER_COOLED: [
          { guard: "peerIsDisabling", target: "disabled", actions: "adoptPeer" },
          { guard: "peerIsCurrent", target: "cooldown", actions: "adoptPeer" },
        ],
        CALL_SUCCEEDED: { actions: "recordSuccess" },
        PROBE_SUCCEEDED: { actions: "recordSuccess" },
        CALL_FAILED: [
          { guard: "isNeutral" },
          { guard: "isDisabling", target: "disabled", actions: ["decay", "recordFailure", "disable"] },
          { guard: "reachesThreshold", target: "cooldown", actions: ["decay", "recordFailure", "cool"] },
          { actions: ["decay", "recordFailure"] },
        ],
        PROBE_FAILED: [
          { guard: "isNeutral" },
          { guard: "isDisabling", target: "disabled", actions: ["decay", "recordFailure", "disable"] },
          { guard: "reachesThreshold", target: "cooldown", actions: ["decay", "recordFailure", "cool"] },
          { actions: ["decay", "recordFailure"] },
        ],
      },
    },
    cooldown: {
      tags: [TIMED_TAG],
      entry: [routeAround],
      on: {
        PEER_COOLED: { guard: "peerExtends", actions: ["extendToPeer", routeAround] },
        CALL_SUCCEEDED: [
          { guard: "enoughSuccesses", target: "recovered", actions: "countProbeSuccess" },
          { target: "probing", actions: ["countProbeSuccess", "waitBeforeProbe"] },
        ],
        PROBE_SUCCEEDED: [
          { guard: "enoughSuccesses", target: "recovered", actions: "countProbeSuccess" },
          { target: "probing", actions: ["countProbeSuccess", "waitBeforeProbe"] },
        ],
        CALL_FAILED: [
          { guard: "isNeutral" },
          { guard: "isDisabling", target: "disabled", actions: ["recordFailure", "disable"] },
          { guard: "hintExtends", actions: ["recordFailure", "extend", routeAround] },
          { actions: "recordFailure" },
        ],
        PROBE_FAILED: [
          { guard: "isNeutral" },
          { guard: "isDisabling", target: "disabled", actions: ["recordFailure", "disable"] },
          { guard: "hintExtends", actions: ["recordFailure", "extend", routeAround] },
          { actions: "recordFailure" },
        ],
        DEADLINE: { guard: "isDue", target: "probing", actions: ["probeAfterCooldown", probe] },
        CLEARED: { target: "healthy", actions: ["clear", failBack] },
        FAILED_BACK: { target: "recovered", actions: "operatorFailBack" },
      },
    },
    probing: {
      tags: [TIMED_TAG],
      on: {
        PEER_COOLED: [
          { guard: "peerIsDisabling", target: "disabled", actions: "adoptPeer" },
          { guard: "peerIsCurrent", target: "cooldown", actions: "adoptPeer" },
        ],
        CALL_SUCCEEDED: [
          { guard: "enoughSuccesses", target: "recovered", actions: "countProbeSuccess" },
          { guard: "isTesting", actions: ["countProbeSuccess", "waitBeforeProbe"] },
          { actions: "countProbeSuccess" },
        ],
        PROBE_SUCCEEDED: [
          { guard: "enoughSuccesses", target: "recovered", actions: "countProbeSuccess" },
          { guard: "isTesting", actions: ["countProbeSuccess", "waitBeforeProbe"] },
          { actions: "countProbeSuccess" },
        ],
        CALL_FAILED: [
          { guard: "isNeutral" },
          { guard: "isRecheckFailure", target: "disabled", actions: ["recordFailure", "recheckLater"] },
          { guard: "isDisabling", target: "disabled", actions: ["recordFailure", "disable"] },
          { target: "cooldown", actions: ["recordFailure", "cool"] },
        ],
        PROBE_FAILED: [
          { guard: "isNeutral" },
          { guard: "isRecheckFailure", target: "disabled", actions: ["recordFailure", "recheckLater"] },
          { guard: "isDisabling", target: "disabled", actions: ["recordFailure", "disable"] },
          { target: "cooldown", actions: ["recordFailure", "cool"] },
        ],
        DEADLINE: [
          { guard: "isDueWhileWaiting", actions: ["probeAgain", probe] },
          { guard: "isDueAfterDisable", target: "disabled", actions: ["probeTimedOut", "recheckLater"] },
          { guard: "isDue", target: "cooldown", actions: ["probeTimedOut", "coolAfterTimeout"] },
        ],
        CLEARED: { target: "healthy", actions: ["clear", failBack] },
        FAILED_BACK: { target: "recovered", actions: "operatorFailBack" },
      },
    },
    recovered: {
      tags: [TIMED_TAG],
      entry: ["recover", failBack],
      on: {
        PEER_COOLED: [
          { guard: "peerIsDisabling", target: "disabled", actions: "adoptPeer" },
          { guard: "peerIsCurrent", target: "cooldown", actions: "adoptPeer" },
        ],
        CALL_SUCCEEDED: { actions: "recordSuccess" },
        PROBE_SUCCEEDED: { actions: "recordSuccess" },
        CALL_FAILED: [
          { guard: "isNeutral" },
          { guard: "isDisabling", target: "disabled", actions: ["recordFailure", "disable"] },
          { target: "cooldown", actions: ["recordFailure", "cool"] },
        ],
        PROBE_FAILED: [
          { guard: "isNeutral" },
          { guard: "isDisabling", target: "disabled", actions: ["recordFailure", "disable"] },
          { target: "cooldown", actions: ["recordFailure", "cool"] },
        ],
        DEADLINE: { guard: "isDue", target: "healthy", actions: "becomeHealthy" },
        CLEARED: { target: "healthy", actions: ["clear", failBack] },
      },
    },
    disabled: {
      tags: [TIMED_TAG],
      entry: "announceDisabled",
      on: {
        PEER_COOLED: { guard: "peerExtends", actions: ["extendToPeer", routeAround] },
        CALL_SUCCEEDED: [
          { guard: "enoughSuccesses", target: "recovered", actions: "countProbeSuccess" },
          { target: "probing", actions: ["countProbeSuccess", "waitBeforeProbe"] },
        ],
        PROBE_SUCCEEDED: [
          { guard: "enoughSuccesses", target: "recovered", actions: "countProbeSuccess" },
          { target: "probing", actions: ["countProbeSuccess", "waitBeforeProbe"] },
        ],
        CALL_FAILED: [
          { guard: "isNeutral" },
          { guard: "hintExtends", actions: ["recordFailure", "extend", routeAround] },
          { actions: "recordFailure" },
        ],
        PROBE_FAILED: [
          { guard: "isNeutral" },
          { guard: "hintExtends", actions: ["recordFailure", "extend", routeAround] },
          { actions: "recordFailure" },
        ],
        DEADLINE: { guard: "isDue", target: "probing", actions: ["recheck", probe] },
        CLEARED: { target: "healthy", actions: ["clear", failBack] },
        FAILED_BACK: { target: "recovered", actions: "operatorFailBack" },
      },
    },
  },
});

export type ModelMachine = typeof modelMachine;
