// The Host port: everything the supervisor may ask of OpenClaw. Implemented by the real gateway
// adapter (src/adapter) and by the simulated OpenClaw of the rehearsal (src/host/simulated).
import type { Classification } from "../domain/taxonomy.js";
import type { ModelRef } from "../domain/events.js";
import type { AlertSeverity } from "../domain/effects.js";

export interface ProbeOutcome {
  readonly ok: boolean;
  readonly durationMs: number;
  readonly classification?: Classification;
}

export interface ConfigCheck {
  readonly ok: boolean;
  readonly errors: readonly string[];
}

export interface Alert {
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly lines: readonly string[];
  readonly ts: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Host {
  /** Sends one tiny request to a model through OpenClaw's own runtime and auth. */
  probeModel(model: ModelRef, timeoutMs: number): Promise<ProbeOutcome>;
  restartChannel(channel: string): Promise<void>;
  /** Asks the gateway to restart. The gateway may kill this process before the promise settles. */
  restartGateway(reason: string): Promise<void>;
  disableCron(jobId: string): Promise<void>;
  disablePlugin(pluginId: string): Promise<void>;
  patchSession(sessionKey: string, model: ModelRef | null): Promise<void>;
  recoverTask(taskId: string, params: Readonly<Record<string, unknown>>): Promise<void>;
  sendAlert(alert: Alert): Promise<void>;
  /** The raw text of openclaw.json, or undefined when it cannot be read. */
  readOpenClawConfig(): Promise<string | undefined>;
  /** OpenClaw's own validation of openclaw.json (e.g. `openclaw config validate --json`). */
  validateOpenClawConfig(): Promise<ConfigCheck>;
}
