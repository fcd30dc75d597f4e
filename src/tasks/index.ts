// Interrupted-task recovery: task records, the pure plan, transcript reading, the store and the orchestrator.
export * from "./types.js";
export * from "./plan.js";
export * from "./transcript.js";
export { TaskStore } from "./task-store.js";
export { TaskRecovery, MANUAL_MARK, UNDELIVERED_MARK, OWN_RUN_PREFIX, type TaskRecoveryOptions } from "./recovery.js";
export { attachTaskRecovery, type AttachRecoveryOptions } from "./attach-recovery.js";
export { deliveryRouteOf, routeFromParams } from "./delivery-route.js";
export { quoteOf, recoveredAnswerText, QUOTE_MAX_CHARS } from "./answer-text.js";
