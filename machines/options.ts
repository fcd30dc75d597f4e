// Resolves partial option objects over documented defaults, ignoring missing or invalid values.

/**
 * `defaults` overridden by every key of `partial` that holds a finite, non-negative number.
 * `undefined`, `NaN`, negative numbers and unknown keys are ignored, so a half-filled config
 * can never switch a threshold off by accident. Used for `input.options` and `OPTIONS_UPDATED`
 * alike: the options of an update replace the current ones (missing keys fall back to defaults).
 */
export function resolveOptions<T extends { readonly [K in keyof T]: number }>(defaults: T, partial?: Partial<T> | null): T {
  const out: Record<string, number> = { ...defaults };
  if (partial && typeof partial === "object") {
    for (const key of Object.keys(defaults)) {
      const value = (partial as Record<string, unknown>)[key];
      if (typeof value === "number" && Number.isFinite(value) && value >= 0) out[key] = value;
    }
  }
  return out as T;
}
