// Strategy selection: by model and failure category, most specific first.
import { isRetryable, type Category } from "../domain/taxonomy.js";
import type { Strategy, StrategyType } from "./types.js";

/** 2: names the model exactly; 1: names its provider (`provider/*`); 0: every model; -1: excludes it. */
export function modelSpecificity(strategy: Strategy, model: string | undefined): number {
  if (!strategy.models || strategy.models.length === 0) return 0;
  if (model === undefined) return -1;
  if (strategy.models.includes(model)) return 2;
  const provider = model.split("/")[0];
  if (strategy.models.includes(`${provider}/*`)) return 1;
  // Bare model ids (as in the seed plugin: "gpt-4o") match the model part.
  const bare = model.includes("/") ? model.slice(model.indexOf("/") + 1) : model;
  return strategy.models.includes(bare) ? 2 : -1;
}

export interface SelectInput {
  readonly model?: string;
  readonly category: Category;
  /** Config `defaultStrategy`: breaks ties, and picks the catch-all for retryable categories no strategy lists. */
  readonly defaultType: StrategyType;
}

/**
 * The strategy for a failure: among strategies that retry `category` and apply to `model`, the most
 * model-specific one; then the narrowest `retryOn`; then type = defaultType; then list order.
 * A retryable category no strategy lists falls back to the first model-independent strategy of the
 * default type. Undefined: do not retry.
 */
export function selectStrategy(strategies: readonly Strategy[], input: SelectInput): Strategy | undefined {
  let best: { s: Strategy; key: [number, number, number, number] } | undefined;
  strategies.forEach((s, index) => {
    if (!s.retryOn.includes(input.category)) return;
    const spec = modelSpecificity(s, input.model);
    if (spec < 0) return;
    const key: [number, number, number, number] = [spec, -s.retryOn.length, s.type === input.defaultType ? 1 : 0, -index];
    if (!best || better(key, best.key)) best = { s, key };
  });
  if (best) return best.s;
  if (!isRetryable(input.category) || input.category === "quota_exhausted") return undefined;
  return strategies.find((s) => s.type === input.defaultType && modelSpecificity(s, input.model) === 0);
}

function better(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return (a[i] as number) > (b[i] as number);
  }
  return false;
}
