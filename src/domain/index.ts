export * from "./taxonomy.js";
export * from "./clock.js";
export * from "./random.js";
export * from "./effects.js";
export * from "./events.js";
export * from "./backoff.js";
