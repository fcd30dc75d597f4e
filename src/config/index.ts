export * from "./types.js";
export * from "./manifest.js";
export * from "./parse-config.js";
export * from "./topology.js";
export * from "./openclaw-config.js";
export * from "./config-watcher.js";
export * from "./file-watch.js";
export * from "./validate-output.js";
