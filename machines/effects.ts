// Helpers shared by all machines: the effect action contract, deadline checks and state names.
import type { Effect } from "../src/domain/index.js";

/**
 * The one side-effect action every machine declares in `setup({ actions })`. It does nothing:
 * the supervisor reads the returned action's `params` as an `Effect` and hands it to the executor.
 */
export function effect(_: unknown, _params: Effect): void {}

/** Every state that waits for a `DEADLINE` carries this tag and an absolute `context.until`. */
export const TIMED_TAG = "timed";

/** True when a `DEADLINE` event is due for the context's deadline (early or stale ones are not). */
export function isDue(context: { readonly until?: number | undefined }, event: { readonly now: number }): boolean {
  return context.until !== undefined && event.now >= context.until;
}

/** The effects among the actions returned by `initialTransition`/`transition`, in order. */
export function effectsOf(actions: ReadonlyArray<{ readonly type: string; readonly params?: unknown }>): Effect[] {
  return actions.filter((a) => a.type === "effect").map((a) => a.params as Effect);
}

/** The top-level state name of a snapshot (all machines are flat, so this is `snap.value`). */
export function stateName(snapshot: { readonly value: unknown }): string {
  const value = snapshot.value;
  if (typeof value === "string") return value;
  const first = value && typeof value === "object" ? Object.keys(value)[0] : undefined;
  return first ?? String(value);
}
