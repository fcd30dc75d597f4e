// Random event sequences for replay properties: calls (any category, retry hints), channel and cron observations, waits.
import fc from "fast-check";
import { CATEGORIES } from "../../src/domain/taxonomy.js";
import type { Supervisor } from "../../src/runtime/supervisor.js";
import type { Clock } from "../../src/domain/clock.js";

export const MODELS = ["p/primary", "q/backup", "r/third"];

export type Step =
  | { kind: "call"; model: number; ok: boolean; category: number; retryAfterS: number }
  | { kind: "channel"; connected: boolean }
  | { kind: "cron"; ok: boolean }
  | { kind: "wait"; seconds: number };

export const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("call" as const), model: fc.integer({ min: 0, max: 2 }), ok: fc.boolean(), category: fc.integer({ min: 0, max: CATEGORIES.length - 1 }), retryAfterS: fc.integer({ min: 0, max: 600 }) }),
  fc.record({ kind: fc.constant("channel" as const), connected: fc.boolean() }),
  fc.record({ kind: fc.constant("cron" as const), ok: fc.boolean() }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 900 }) }),
);

/** Feeds one step to a supervisor (waits go through `advance`, which lets executor outcomes settle). */
export async function runStep(supervisor: Supervisor, clock: Clock, s: Step, advance: (ms: number) => Promise<void>): Promise<void> {
  const now = clock.now();
  if (s.kind === "wait") return advance(s.seconds * 1000);
  if (s.kind === "call") {
    const model = MODELS[s.model] as string;
    const provider = model.split("/")[0] as string;
    if (s.ok) supervisor.observe({ type: "call", ts: now, model, provider, ok: true });
    else {
      const category = CATEGORIES[s.category] ?? "unknown";
      supervisor.observe({ type: "call", ts: now, model, provider, ok: false, classification: { category, retryable: true, evidence: "test", ...(s.retryAfterS > 0 ? { retryAfterMs: s.retryAfterS * 1000 } : {}) } });
    }
  } else if (s.kind === "channel") supervisor.observe({ type: "channel.observed", ts: now, channel: "whatsapp", connected: s.connected });
  else supervisor.observe({ type: "cron.run", ts: now, jobId: "daily", ok: s.ok });
}
