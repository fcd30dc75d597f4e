// Bounded per-run memory: the failed call waiting for its error text, and what the turn has used so far.
import type { Classification } from "../../domain/taxonomy.js";

export interface PendingFailure {
  readonly model: string;
  readonly provider: string;
  readonly ts: number;
  readonly durationMs?: number | undefined;
  readonly sessionKey?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly trigger?: string | undefined;
  readonly probe: boolean;
  /** Which model call of its run this was (0: the first), as the host's runId orders them. */
  readonly retryCount?: number | undefined;
  failoverReason?: string;
  lifecycleError?: string;
  classification?: Classification;
}

export interface RunInfo {
  agentId?: string | undefined;
  sessionKey?: string | undefined;
  trigger?: string | undefined;
  requested?: string | undefined;
  lastOk?: string | undefined;
  attempts: number;
  /** Model calls of this run seen so far (ok or failed), and how many failed. */
  calls?: number;
  failedCalls?: number;
  pending?: PendingFailure | undefined;
  startedAt: number;
}

/** Insertion-ordered map capped at `max` runs (the oldest run is forgotten first). */
export class RunTracker {
  private readonly runs = new Map<string, RunInfo>();
  constructor(private readonly max = 2000) {}

  get(runId: string): RunInfo | undefined {
    return this.runs.get(runId);
  }

  touch(runId: string, now: number): RunInfo {
    let info = this.runs.get(runId);
    if (!info) {
      if (this.runs.size >= this.max) {
        const oldest = this.runs.keys().next().value;
        if (oldest !== undefined) this.runs.delete(oldest);
      }
      info = { attempts: 0, startedAt: now };
      this.runs.set(runId, info);
    }
    return info;
  }

  delete(runId: string): void {
    this.runs.delete(runId);
  }

  /** A copy of the tracked run ids, oldest first. */
  keys(): string[] {
    return [...this.runs.keys()];
  }

  size(): number {
    return this.runs.size;
  }
}
