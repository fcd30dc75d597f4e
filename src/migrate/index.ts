// Moving from openclaw-self-healing and @openclaw/resilience: key translation, the migrate run, old keys at start.
export * from "./translate.js";
export * from "./migrate.js";
export * from "./legacy-keys.js";
