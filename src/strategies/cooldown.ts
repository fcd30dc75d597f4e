// Model cooldowns set by strategies: a strategy that names a model and sets cooldownMs owns that model's cooldown.
import { capMs } from "./schedule.js";
import { modelSpecificity } from "./select.js";
import type { Strategy } from "./types.js";

export interface CooldownOverride {
  readonly strategy: string;
  readonly baseCooldownMs: number;
  readonly maxCooldownMs: number;
}

/**
 * The most specific strategy that names `model` (exactly, or by `provider/*`) and sets `cooldownMs`:
 * first cooldown `cooldownMs`, doubling up to the larger of cooldownMs and the strategy's cap.
 * Strategies without `models` never change cooldowns (the `model.*` config keys do).
 */
export function cooldownOverride(strategies: readonly Strategy[], model: string): CooldownOverride | undefined {
  let best: { s: Strategy; spec: number } | undefined;
  for (const s of strategies) {
    if (s.cooldownMs === undefined) continue;
    const spec = modelSpecificity(s, model);
    if (spec > 0 && (!best || spec > best.spec)) best = { s, spec };
  }
  if (!best || best.s.cooldownMs === undefined) return undefined;
  return { strategy: best.s.name, baseCooldownMs: best.s.cooldownMs, maxCooldownMs: Math.max(best.s.cooldownMs, capMs(best.s)) };
}
