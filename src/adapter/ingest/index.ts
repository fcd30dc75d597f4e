export * from "./hook-sink.js";
export * from "./create-ingest.js";
export * from "./payload.js";
export * from "./failure-correlation.js";
export * from "./hook-errors.js";
