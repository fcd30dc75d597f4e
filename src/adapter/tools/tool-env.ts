// What the read-only agent tools read: the live runtime when this process runs the supervisor, else the state dir.
import type { Runtime } from "../../runtime/create-runtime.js";
import { statsSourceFor, type StatsSource } from "../../reports/collect.js";

export interface ToolEnv {
  /** The plugin's state dir (the runtime's, or the configured/default one). */
  stateDir(): string;
  runtime(): Runtime | undefined;
  problems(): readonly string[];
  now(): number;
}

export interface ReadOnlyToolResult {
  content: Array<{ type: "text"; text: string }>;
  details: Record<string, unknown>;
}

export function textResult(text: string, details: Record<string, unknown> = {}): ReadOnlyToolResult {
  return { content: [{ type: "text", text }], details };
}

/** Stats as of now: the live rollups are written first, so the query sees the last few seconds too. */
export function liveStats(env: ToolEnv): StatsSource {
  const rt = env.runtime();
  rt?.rollups?.flush();
  return statsSourceFor(env.stateDir(), rt?.journal.dir);
}

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
