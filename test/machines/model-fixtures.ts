// Fixtures shared by the model machine tests.
import { modelMachine, type ModelEvent, type ModelInput } from "../../machines/index.js";
import type { Category } from "../../src/domain/index.js";
import { drive } from "./helpers.js";

export const T0 = Date.UTC(2026, 1, 12, 13, 0, 0);
export const ID = "p/m";
export const S = 1_000;

export function start(options: ModelInput["options"] = {}, now = T0) {
  return drive(modelMachine, { id: ID, seed: 42, now, options });
}

type Hint = { retryAfterMs?: number; resetAtMs?: number };

export function callFailed(now: number, category: Category, extra: Hint = {}): ModelEvent {
  return { type: "CALL_FAILED", now, category, evidence: `HTTP for ${category}`, ...extra };
}

export function probeFailed(now: number, category: Category, extra: Hint = {}): ModelEvent {
  return { type: "PROBE_FAILED", now, category, evidence: `probe ${category}`, ...extra };
}

/** Drives a fresh model into cooldown with a server_overload at T0. */
export function inCooldown(options: ModelInput["options"] = {}) {
  const m = start(options);
  m.send(callFailed(T0, "server_overload"));
  return m;
}
