export * from "./atomic-write.js";
export * from "./status-writer.js";
