export * from "./hook-sink.js";
export * from "./create-ingest.js";
export * from "./payload.js";
