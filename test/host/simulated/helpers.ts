// Test helpers for the simulated OpenClaw: a recording hook sink and a driver that runs virtual time until a promise settles.
import { ManualClock } from "../../../src/domain/clock.js";
import type { HookResult, HookSink } from "../../../src/adapter/ingest/hook-sink.js";
import { SimulatedHost, type SimulatedHostOptions } from "../../../src/host/simulated/simulated-host.js";

export const T0 = Date.parse("2026-02-12T13:00:00Z");

export interface Fired {
  readonly name: string;
  readonly event: Record<string, unknown>;
  readonly ctx: Record<string, unknown>;
}

export class RecordingSink implements HookSink {
  readonly hooks: Fired[] = [];
  readonly agentEvents: Array<Record<string, unknown>> = [];
  /** Answers a hook (e.g. before_model_resolve overrides); undefined leaves OpenClaw's choice. */
  answer: (name: string, event: Record<string, unknown>, ctx: Record<string, unknown>) => HookResult | undefined = () => undefined;

  hook(name: string, event: unknown, ctx: unknown): HookResult | undefined {
    const fired = { name, event: event as Record<string, unknown>, ctx: ctx as Record<string, unknown> };
    this.hooks.push(fired);
    return this.answer(name, fired.event, fired.ctx);
  }

  agentEvent(event: unknown): void {
    this.agentEvents.push(event as Record<string, unknown>);
  }

  named(name: string): Fired[] {
    return this.hooks.filter((h) => h.name === name);
  }

  /** Hook names in order, without the noisy ones. */
  order(): string[] {
    return this.hooks.map((h) => h.name).filter((n) => n !== "llm_output" && n !== "session_start");
  }

  phases(): string[] {
    return this.agentEvents.filter((e) => e.stream === "lifecycle").map((e) => String((e.data as Record<string, unknown>).phase));
  }
}

export function simulated(overrides: Partial<SimulatedHostOptions> = {}): { clock: ManualClock; sink: RecordingSink; host: SimulatedHost } {
  const clock = new ManualClock(T0);
  const sink = new RecordingSink();
  const host = new SimulatedHost({
    clock, startMs: T0, seed: 1, sink,
    agents: [{ agentId: "main", chain: ["p/primary", "q/backup"] }],
    ...overrides,
  });
  return { clock, sink, host };
}

/** Advances virtual time timer by timer (settling promises between firings) until `promise` settles. */
export async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  let value: T | undefined;
  let error: unknown;
  promise.then(
    (v) => {
      settled = true;
      value = v;
    },
    (e: unknown) => {
      settled = true;
      error = e;
    },
  );
  for (let i = 0; i < 100_000; i++) {
    await new Promise((r) => setImmediate(r));
    if (settled) break;
    const next = clock.nextDeadline();
    if (next === undefined) throw new Error("nothing left to run, but the promise is still pending");
    clock.advanceTo(next);
  }
  if (error) throw error;
  return value as T;
}
