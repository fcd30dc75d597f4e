// Context, input and event types of the model machine. Context is plain JSON (journal checkpoint).
import type { Category } from "../src/domain/index.js";
import type { ModelOptions } from "./model-options.js";

export const MODEL_STATES = ["healthy", "cooldown", "probing", "recovered", "disabled"] as const;
export type ModelState = (typeof MODEL_STATES)[number];

/** While `probing`: waiting for a probe's answer, or pausing between two successful probes. */
export type ProbePhase = "testing" | "waiting";

export interface ModelInput {
  /** The model ref, "provider/model". */
  readonly id: string;
  readonly options?: Partial<ModelOptions>;
  /** Seed of the jitter PRNG (e.g. `seedFrom(id)`). */
  readonly seed: number;
  /** Creation time, epoch ms. */
  readonly now: number;
}

export interface ModelLastError {
  readonly category: Category;
  readonly evidence: string;
  /** Epoch ms. */
  readonly at: number;
  /** The provider's retry hint (Retry-After or reset time, from `at`), ms, when it gave one. */
  readonly retryAfterMs?: number | undefined;
}

export interface ModelContext {
  readonly id: string;
  readonly options: ModelOptions;
  /** mulberry32 state; advanced with `nextRandom` on every jittered decision. */
  readonly rng: number;
  /** Consecutive model-health failures since the last success. */
  readonly failures: number;
  /** Times ejected (cooled down) since the last decay or clear; grows the cooldown. */
  readonly ejections: number;
  /** The last computed cooldown without any provider hint, in ms (decorrelates the next one's jitter). */
  readonly prevCooldownMs: number;
  /** Deadline of the current timed state, epoch ms. */
  readonly until?: number | undefined;
  /** Why the last transition happened (journaled as its reason). */
  readonly reason: string;
  readonly lastError?: ModelLastError | undefined;
  /** Last successful call or probe, epoch ms. */
  readonly lastOkAt?: number | undefined;
  /** Successful probes (or real calls) since the breaker went half-open. */
  readonly probeSuccesses: number;
  readonly probePhase?: ProbePhase | undefined;
  /** When the model last became fully healthy, epoch ms (drives ejection decay). */
  readonly healthySince?: number | undefined;
  /** Failed rechecks while disabled (auth or quota); doubles the next recheck delay. */
  readonly authRechecks: number;
  /** The disabling category while disabled, or while probing out of `disabled`. */
  readonly disabledBy?: Category | undefined;
  /** The category the owner was last alerted about (one alert per disabling episode). */
  readonly alertedFor?: Category | undefined;
}

/** A failed call or probe, as classified (see src/domain/taxonomy.ts). */
export interface ModelFailure {
  readonly now: number;
  readonly category: Category;
  /** Provider's Retry-After, in ms. */
  readonly retryAfterMs?: number;
  /** Provider's reset time, epoch ms. */
  readonly resetAtMs?: number;
  readonly evidence: string;
}

export type ModelEvent =
  | { readonly type: "CALL_SUCCEEDED"; readonly now: number }
  | ({ readonly type: "CALL_FAILED" } & ModelFailure)
  | { readonly type: "PROBE_SUCCEEDED"; readonly now: number }
  | ({ readonly type: "PROBE_FAILED" } & ModelFailure)
  | { readonly type: "DEADLINE"; readonly now: number }
  | { readonly type: "CLEARED"; readonly now: number }
  /** Another gateway cooled down or disabled this model until `until` (shared health): adopt its deadline. */
  | {
      readonly type: "PEER_COOLED";
      readonly now: number;
      readonly category: Category;
      readonly evidence: string;
      readonly until: number;
      readonly disabling: boolean;
      readonly gateway: string;
    }
  /** The operator sent turns back to the model now: it is watched as recovered. */
  | { readonly type: "FAILED_BACK"; readonly now: number }
  /** Replaces the options (keys left out fall back to the defaults); deadlines already set stand. */
  | { readonly type: "OPTIONS_UPDATED"; readonly now: number; readonly options: Partial<ModelOptions> };
