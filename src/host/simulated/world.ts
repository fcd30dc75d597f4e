// The simulated world: what each provider, channel, cron job and openclaw.json is doing right now.
import type { Category } from "../../domain/taxonomy.js";
import { faultFor, hangFault, type Fault } from "./faults.js";

export interface ModelBehaviour {
  /** The failure every request gets, or null when the provider answers. */
  readonly fails: Category | null;
  /** No response headers at all (OpenClaw's idle timeout ends each attempt). */
  readonly hangs: boolean;
  readonly status?: number | undefined;
  /** A constant Retry-After the provider sends, in seconds. */
  readonly retryAfterS?: number | undefined;
  /** When the provider says its limit resets (epoch ms); Retry-After counts down to it. */
  readonly resetAtMs?: number | undefined;
  /** The provider's error text instead of the category's usual one (after the HTTP status). */
  readonly error?: string | undefined;
}

export const HEALTHY: ModelBehaviour = Object.freeze({ fails: null, hangs: false });

export type WorldChange =
  | ({ readonly kind: "model"; readonly model: string } & ModelBehaviour)
  | { readonly kind: "channel"; readonly channel: string; readonly connected?: boolean; readonly canConnect?: boolean }
  | { readonly kind: "cron"; readonly jobId: string; readonly fails: boolean; readonly error?: string }
  | { readonly kind: "global"; readonly configValid?: boolean; readonly configError?: "parse" | "schema"; readonly timeoutSeconds?: number };

export interface ChannelWorld {
  connected: boolean;
  /** Whether a restart (of the channel or the gateway) brings it back. */
  canConnect: boolean;
}

export interface CronWorld {
  readonly id: string;
  readonly name?: string | undefined;
  readonly everyMs: number;
  readonly firstRunMs: number;
  fails: boolean;
  error?: string | undefined;
  /** Disabled through `openclaw cron disable` (the supervisor's disable_cron). */
  disabled: boolean;
}

export interface CronSetup {
  readonly id: string;
  readonly name?: string | undefined;
  readonly everyMs: number;
  /** First run, epoch ms (default: one period after the start). */
  readonly firstRunMs?: number | undefined;
}

export interface WorldInit {
  readonly startMs: number;
  readonly channels?: readonly string[];
  readonly cron?: readonly CronSetup[];
  readonly configValid?: boolean;
  readonly timeoutSeconds?: number;
}

export class World {
  readonly models = new Map<string, ModelBehaviour>();
  readonly channels = new Map<string, ChannelWorld>();
  readonly cron = new Map<string, CronWorld>();
  configValid: boolean;
  configError: "parse" | "schema" = "parse";
  /** The provider request timeout (OpenClaw `models.providers.*.timeoutSeconds`). */
  timeoutSeconds: number;

  constructor(init: WorldInit) {
    this.configValid = init.configValid ?? true;
    this.timeoutSeconds = init.timeoutSeconds ?? 30;
    for (const id of init.channels ?? []) this.channels.set(id, { connected: true, canConnect: true });
    for (const job of init.cron ?? []) {
      this.cron.set(job.id, { id: job.id, name: job.name, everyMs: job.everyMs, firstRunMs: job.firstRunMs ?? init.startMs + job.everyMs, fails: false, disabled: false });
    }
  }

  behaviourOf(model: string): ModelBehaviour {
    return this.models.get(model) ?? HEALTHY;
  }

  /** True while the provider fails or hangs every request to `model`. */
  isSick(model: string): boolean {
    const b = this.behaviourOf(model);
    return b.fails !== null || b.hangs;
  }

  /** The answer a request to `model` gets at `now`, or undefined when it succeeds. */
  faultOf(model: string, now: number): Fault | undefined {
    const b = this.behaviourOf(model);
    if (b.hangs) return hangFault();
    if (b.fails === null) return undefined;
    const retryAfterS = b.resetAtMs !== undefined ? Math.max(1, Math.ceil((b.resetAtMs - now) / 1000)) : b.retryAfterS;
    const fault = faultFor({ category: b.fails, model, status: b.status, retryAfterS });
    if (b.error === undefined) return fault;
    return { ...fault, errorMessage: fault.kind === "http" && fault.status !== undefined ? `${fault.status} ${b.error}` : b.error };
  }

  apply(change: WorldChange): void {
    switch (change.kind) {
      case "model": {
        const { kind: _k, model, ...behaviour } = change;
        if (behaviour.fails === null && !behaviour.hangs) this.models.delete(model);
        else this.models.set(model, behaviour);
        return;
      }
      case "channel": {
        const ch = this.channels.get(change.channel) ?? { connected: true, canConnect: true };
        if (change.connected !== undefined) ch.connected = change.connected;
        if (change.canConnect !== undefined) ch.canConnect = change.canConnect;
        this.channels.set(change.channel, ch);
        return;
      }
      case "cron": {
        const job = this.cron.get(change.jobId);
        if (!job) return;
        job.fails = change.fails;
        job.error = change.error;
        return;
      }
      case "global":
        if (change.configValid !== undefined) this.configValid = change.configValid;
        if (change.configError !== undefined) this.configError = change.configError;
        if (change.timeoutSeconds !== undefined) this.timeoutSeconds = change.timeoutSeconds;
        return;
    }
  }
}

/** One line describing a world change, for the timeline. */
export function describeChange(change: WorldChange, startMs: number): string {
  switch (change.kind) {
    case "model": {
      if (change.hangs) return `${change.model} hangs (no response headers)`;
      if (change.fails === null) return `${change.model} answers again`;
      const extra = [
        change.status !== undefined ? `HTTP ${change.status}` : undefined,
        change.retryAfterS !== undefined ? `Retry-After ${change.retryAfterS}s` : undefined,
        change.resetAtMs !== undefined ? `resets at +${Math.round((change.resetAtMs - startMs) / 60_000)}m` : undefined,
      ].filter(Boolean);
      return `${change.model} fails: ${change.fails}${extra.length ? ` (${extra.join(", ")})` : ""}`;
    }
    case "channel": {
      const parts = [
        change.connected === undefined ? undefined : change.connected ? "connected" : "disconnected",
        change.canConnect === undefined ? undefined : change.canConnect ? "can reconnect" : "cannot reconnect",
      ].filter(Boolean);
      return `channel ${change.channel} ${parts.join(", ")}`;
    }
    case "cron":
      return `cron ${change.jobId} ${change.fails ? `fails${change.error ? `: ${change.error}` : ""}` : "succeeds"}`;
    case "global": {
      const parts: string[] = [];
      if (change.configValid !== undefined) parts.push(change.configValid ? "openclaw.json valid" : `openclaw.json broken (${change.configError ?? "parse"})`);
      if (change.timeoutSeconds !== undefined) parts.push(`provider timeout ${change.timeoutSeconds}s`);
      return parts.join(", ");
    }
  }
}
