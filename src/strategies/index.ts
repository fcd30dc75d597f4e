// Retry strategies: types, defaults, schedule math, selection, validation, edits and the strategies.json store.
export * from "./types.js";
export * from "./defaults.js";
export * from "./schedule.js";
export * from "./select.js";
export * from "./validate.js";
export * from "./edits.js";
export { StrategyStore, type StrategyStoreOptions } from "./store.js";
export { cooldownOverride, type CooldownOverride } from "./cooldown.js";
