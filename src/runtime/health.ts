// Overall health from actor states. Pure.
import type { Health } from "./bus.js";

const HEALING = new Set(["probing", "recovered", "restarting", "startup_grace"]);
const SICK = new Set(["cooldown", "disabled", "disconnected", "given_up", "failing", "escalated"]);

export function computeHealth(states: Iterable<string>, outage: boolean): Health {
  if (outage) return "outage";
  let healing = false;
  let sick = false;
  for (const s of states) {
    if (HEALING.has(s)) healing = true;
    else if (SICK.has(s)) sick = true;
  }
  if (healing) return "healing";
  if (sick) return "degraded";
  return "healthy";
}
