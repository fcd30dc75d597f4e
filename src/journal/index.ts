// The journal: append-only JSONL per UTC day, its writer, reader/replay, upcasting and retention.
export * from "./envelope.js";
export * from "./upcast.js";
export * from "./scan-lines.js";
export * from "./line-head.js";
export * from "./day-files.js";
export * from "./tail.js";
export * from "./lock.js";
export * from "./storage.js";
export * from "./fs-storage.js";
export * from "./memory-storage.js";
export * from "./journal-types.js";
export * from "./journal.js";
export * from "./reader.js";
export * from "./retention.js";
export * from "./coverage.js";
export * from "./unsynced-storage.js";
