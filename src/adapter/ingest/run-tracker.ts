// Bounded per-run memory: what the turn has asked for and used so far (failed calls wait in failure-correlation.ts).

export interface RunInfo {
  agentId?: string | undefined;
  sessionKey?: string | undefined;
  trigger?: string | undefined;
  requested?: string | undefined;
  lastOk?: string | undefined;
  /** Model calls of this run seen so far (ok or failed), and how many failed. */
  calls?: number;
  failedCalls?: number;
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
      info = { startedAt: now };
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
