// One supervisor per gateway process: the gateway evaluates this module several times (full and
// discovery instances), so shared state lives on globalThis under a registry symbol.
import type { Runtime } from "../runtime/create-runtime.js";
import type { Ingest } from "./ingest/create-ingest.js";
import type { ConfigWatcher } from "../config/config-watcher.js";
import type { OpenClawPluginApi } from "./api.js";
import type { CallPump } from "./call-pump.js";

export interface ProcessState {
  /** The newest full-mode plugin instance's api: runtime calls must go through it. */
  api?: OpenClawPluginApi;
  /** The one timer that runs host calls (created at the first service start of a boot). */
  pump?: CallPump;
  /** The agent-event subscription is process-wide and never disposed: subscribe once. */
  agentEventsSubscribed?: boolean;
  runtime?: Runtime;
  ingest?: Ingest;
  watcher?: ConfigWatcher;
  stopPolling?: () => void;
  /** Models with a probe in flight (their model calls are ours, not user traffic). */
  readonly probing: Set<string>;
  /** Problems found at start (invalid config, unwritable state dir), shown by status surfaces. */
  problems: string[];
  /** Counts service stops: a start whose supervisor module finished loading after a stop does not start. */
  stops?: number;
}

const KEY = Symbol.for("openclaw-self-heal");

export function processState(): ProcessState {
  const g = globalThis as unknown as Record<symbol, ProcessState | undefined>;
  let state = g[KEY];
  if (!state) {
    state = { probing: new Set(), problems: [] };
    g[KEY] = state;
  }
  return state;
}

/** Forgets everything (tests, and gateway_stop). */
export function resetProcessState(): void {
  const g = globalThis as unknown as Record<symbol, ProcessState | undefined>;
  delete g[KEY];
}
