// Hook errors: a handler of the ingest that throws is skipped (the gateway never sees the error), counted per kind,
// and logged once per kind (the first time it happens); later ones of the same kind are only counted.
import { redactSecrets } from "../../domain/classifier/redact.js";

/** Kinds counted at most (the handlers are a fixed set; anything beyond counts as "other"). */
export const MAX_HOOK_ERROR_KINDS = 64;

export interface HookErrorsOptions {
  /** Where the counts live (the runtime's live counters, read by /self-heal/metrics); a fresh map when absent. */
  readonly counts?: Map<string, number>;
  readonly log?: (message: string) => void;
}

export class HookErrors {
  /** kind → errors since this ingest started. */
  readonly counts: Map<string, number>;
  private readonly logged = new Set<string>();

  constructor(private readonly opts: HookErrorsOptions = {}) {
    this.counts = opts.counts ?? new Map();
  }

  /** Runs `fn`; an error it throws is recorded under `kind` and not rethrown. */
  guard<T>(kind: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.record(kind, error);
      return undefined;
    }
  }

  record(kind: string, error: unknown): void {
    try {
      const key = this.counts.has(kind) || this.counts.size < MAX_HOOK_ERROR_KINDS ? kind : "other";
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      if (this.logged.has(key) || !this.opts.log) return;
      this.logged.add(key);
      this.opts.log(hookErrorMessage(key, error));
    } catch {
      // counting or logging never throws into the gateway either
    }
  }
}

/** The one log line of a kind: what failed, the error (redacted, short), and where later ones are counted. */
export function hookErrorMessage(kind: string, error: unknown): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const what = redactSecrets(raw.slice(0, 1_000)).replace(/\s+/g, " ").slice(0, 200);
  return `self-heal: the "${kind}" handler failed and was skipped (${what}); OpenClaw carried on without it. ` +
    `Later failures of this kind are not logged again, only counted: self_heal_hook_errors_total{kind="${kind}"} on /self-heal/metrics.`;
}
