export * from "./executor.js";
export * from "./journal-port.js";
export * from "./config-guard.js";
export * from "./action-switches.js";
export * from "./alert-text.js";
