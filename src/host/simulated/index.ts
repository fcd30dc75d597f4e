// The simulated OpenClaw used by rehearsals: world, faults, retry ladder, turns, cron, and the Host port.
export * from "./faults.js";
export * from "./retry-policy.js";
export * from "./world.js";
export * from "./sim-context.js";
export * from "./payloads.js";
export * from "./provider-request.js";
export * from "./turn-engine.js";
export * from "./cron-scheduler.js";
export * from "./openclaw-config.js";
export * from "./simulated-host.js";
