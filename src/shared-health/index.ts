export * from "./protocol.js";
export * from "./store.js";
// redis-store.js (ioredis) is loaded on demand by lazy-redis-store.js.
export * from "./redis-options.js";
export * from "./lazy-redis-store.js";
export * from "./memory-store.js";
export * from "./link-state.js";
export * from "./shared-health.js";
export * from "./attach.js";
export * from "./quota-share.js";
