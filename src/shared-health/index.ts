export * from "./protocol.js";
export * from "./store.js";
export * from "./redis-store.js";
export * from "./memory-store.js";
export * from "./link-state.js";
export * from "./shared-health.js";
export * from "./attach.js";
export * from "./quota-share.js";
