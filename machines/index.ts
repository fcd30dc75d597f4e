// Pure XState v5 supervisor machines (driven with initialTransition/transition; no IO, no timers).
export * from "./options.js";
export * from "./effects.js";
export * from "./restart-budget.js";
export * from "./model-options.js";
export * from "./model-types.js";
export { modelMachine, type ModelMachine } from "./model.machine.js";
export * from "./channel-types.js";
export * from "./channel.machine.js";
export * from "./cron-job.machine.js";
export * from "./gateway.machine.js";
