export * from "./register.js";
export * from "./process-state.js";
export * from "./openclaw-host.js";
export * from "./openclaw-cli.js";
export * from "./channel-status.js";
export * from "./status-text.js";
export * from "./ingest/index.js";
