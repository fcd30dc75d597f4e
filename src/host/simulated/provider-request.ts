// One request to a simulated provider: its outcome is fixed by the world when it is sent; it takes virtual time.
import type { Fault } from "./faults.js";
import { between, sleep, type SimContext } from "./sim-context.js";

export interface RequestResult {
  readonly fault?: Fault | undefined;
  readonly durationMs: number;
  readonly timeToFirstByteMs?: number | undefined;
}

/** How long a request takes: healthy 1–3 s; errors in tens of ms; stalls and hangs until the provider timeout. */
export function plannedDuration(sim: SimContext, fault: Fault | undefined, timeoutMs: number): { durationMs: number; ttfb?: number } {
  if (!fault) {
    const durationMs = between(sim.rng, 1_000, 3_000);
    return { durationMs, ttfb: Math.round(durationMs * 0.6) };
  }
  switch (fault.kind) {
    case "hang":
      return { durationMs: timeoutMs + between(sim.rng, 40, 90) };
    case "stall":
      return { durationMs: timeoutMs + between(sim.rng, 40, 90), ttfb: between(sim.rng, 15, 40) };
    case "reset":
      return { durationMs: between(sim.rng, 15, 90), ttfb: between(sim.rng, 10, 30) };
    case "abort":
      return { durationMs: between(sim.rng, 50, 500) };
    case "http": {
      const durationMs = between(sim.rng, 20, 400);
      return { durationMs, ttfb: durationMs };
    }
  }
}

/**
 * Sends one request to `model` and waits for its end. `timeoutMs` caps stalls and hangs (a probe's own
 * timeout may be shorter than the provider timeout). The request is recorded with `probe` and `sick`.
 */
export async function sendRequest(sim: SimContext, model: string, opts: { probe: boolean; timeoutMs?: number; runId?: string }): Promise<RequestResult> {
  const start = sim.clock.now();
  const sick = sim.world.isSick(model);
  const fault = sim.world.faultOf(model, start);
  const providerTimeoutMs = sim.world.timeoutSeconds * 1000;
  const timeoutMs = Math.min(providerTimeoutMs, opts.timeoutMs ?? providerTimeoutMs);
  const planned = plannedDuration(sim, fault, timeoutMs);
  await sleep(sim.clock, planned.durationMs);
  sim.record({
    ts: start, model, probe: opts.probe, ok: !fault, sick, durationMs: planned.durationMs,
    ...(fault ? { failure: fault.kind === "hang" ? "hang" : fault.category } : {}),
    ...(opts.runId ? { runId: opts.runId } : {}),
  });
  return { fault, durationMs: planned.durationMs, ...(planned.ttfb !== undefined ? { timeToFirstByteMs: planned.ttfb } : {}) };
}
