export * from "./atomic-write.js";
export * from "./status-writer.js";
export * from "./rollup-cell.js";
export * from "./rollup-fold.js";
export * from "./rollup-store.js";
export * from "./rollups.js";
export * from "./stats-query.js";
export * from "./journal-tee.js";
