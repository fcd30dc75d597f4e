// Dry-run rehearsals: scenario files, the runner (real supervisor vs simulated OpenClaw), summaries and timelines.
export * from "./scenario-types.js";
export * from "./offsets.js";
export * from "./parse-scenario.js";
export * from "./validate-bounds.js";
export * from "./builtin.js";
export * from "./state-dir.js";
export * from "./virtual-loop.js";
export * from "./load-schedule.js";
export * from "./recorder.js";
export * from "./metrics.js";
export * from "./run-rehearsal.js";
export * from "./summary.js";
export * from "./format-text.js";
export * from "./run-gateways.js";
export * from "./gateways-summary.js";
