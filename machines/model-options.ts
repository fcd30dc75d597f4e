// Options of the model machine (hot-reloadable through OPTIONS_UPDATED), with documented defaults.

export interface ModelOptions {
  /** Consecutive model-health failures that eject a healthy model. Count. Default 1. */
  readonly failureThreshold: number;
  /** Cooldown of the first ejection, in ms; doubles per ejection. Default 30 s. */
  readonly baseCooldownMs: number;
  /** Upper bound of a computed cooldown, in ms (a longer provider hint still wins). Default 30 min. */
  readonly maxCooldownMs: number;
  /** Random jitter added to cooldowns and probe spacing, as a share 0..1. Default 0.2. */
  readonly jitterRatio: number;
  /** Upper bound for a provider's Retry-After / reset hint, in ms. Default 24 h. */
  readonly maxHintMs: number;
  /** How long a probe may stay unanswered before it counts as failed, in ms. Default 60 s. */
  readonly probeTimeoutMs: number;
  /** Successful probes (or real calls) needed to close the breaker. Count. Default 2. */
  readonly successesToRecover: number;
  /** Pause between two successful probes, in ms (plus jitter). Default 5 s. */
  readonly probeSpacingMs: number;
  /** How long a recovered model is watched before it counts as healthy again, in ms. Default 5 min. */
  readonly recoveredHoldMs: number;
  /** Sustained healthy time after which the ejection count resets to 0, in ms. Default 30 min. */
  readonly decayAfterMs: number;
  /** How long `quota_exhausted` without a reset hint disables a model, in ms. Default 1 h. */
  readonly quotaDisableMs: number;
  /** First recheck of an auth-disabled model, in ms; doubles per failed recheck. Default 30 min. */
  readonly authRecheckMs: number;
  /**
   * A cooled model is probed again at most this long after it was cooled (jittered down by up to
   * `jitterRatio`), so a recovery is noticed within it; 0 = the computed cooldown alone decides. A
   * provider's explicit hint still decides when it gives one. Default 0 (the plugin config sets 15 s).
   */
  readonly maxProbeGapMs: number;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = Object.freeze({
  failureThreshold: 1,
  baseCooldownMs: 30_000,
  maxCooldownMs: 1_800_000,
  jitterRatio: 0.2,
  maxHintMs: 86_400_000,
  probeTimeoutMs: 60_000,
  successesToRecover: 2,
  probeSpacingMs: 5_000,
  recoveredHoldMs: 300_000,
  decayAfterMs: 1_800_000,
  quotaDisableMs: 3_600_000,
  authRecheckMs: 1_800_000,
  maxProbeGapMs: 0,
});

/**
 * Cap of the doubling recheck of a disabled model without a reset hint, in ms (6 h); a
 * `quotaDisableMs`/`authRecheckMs` longer than this is used as is.
 */
export const DISABLED_RECHECK_CAP_MS = 21_600_000;
