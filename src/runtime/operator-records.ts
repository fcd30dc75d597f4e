// Journal fields of an operator request and back (`operator.requested`: verb, target?, until?, by, surface).
import { isOperatorSurface, isOperatorVerb, type OperatorRequested } from "../domain/operator.js";

export function operatorFields(event: OperatorRequested): Record<string, unknown> {
  return {
    verb: event.verb,
    ...(event.target !== undefined ? { target: event.target } : {}),
    ...(event.until !== undefined ? { until: new Date(event.until).toISOString() } : {}),
    by: event.by,
    surface: event.surface,
  };
}

export function operatorFromRecord(r: Record<string, unknown>, ts: number): OperatorRequested | undefined {
  if (!isOperatorVerb(r.verb) || !isOperatorSurface(r.surface) || typeof r.by !== "string") return undefined;
  const until = typeof r.until === "string" ? Date.parse(r.until) : Number.NaN;
  return {
    type: "operator.requested",
    ts,
    verb: r.verb,
    by: r.by,
    surface: r.surface,
    ...(typeof r.target === "string" ? { target: r.target } : {}),
    ...(Number.isFinite(until) ? { until } : {}),
  };
}
