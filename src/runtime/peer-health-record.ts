// peer.health (what another gateway reported through shared health): its journal record and its machine event. Pure.
import type { PeerHealthLearned } from "../domain/events.js";
import { isCategory } from "../domain/taxonomy.js";
import type { Routed } from "./routing.js";

const KINDS: ReadonlySet<string> = new Set(["cooldown", "disabled", "probe"]);

function finite(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Rebuilds a peer.health event from its journal record (replay), or undefined when the record is unusable. */
export function peerHealthFromRecord(r: Record<string, unknown>, ts: number): PeerHealthLearned | undefined {
  const model = typeof r.model === "string" ? r.model : undefined;
  const gateway = typeof r.gateway === "string" ? r.gateway : undefined;
  const kind = typeof r.kind === "string" && KINDS.has(r.kind) ? (r.kind as PeerHealthLearned["kind"]) : undefined;
  if (!model || !gateway || !kind) return undefined;
  const until = finite(r.until);
  const retryAfterMs = finite(r.retryAfterMs);
  return {
    type: "peer.health",
    ts,
    model,
    gateway,
    kind,
    ...(typeof r.ok === "boolean" ? { ok: r.ok } : {}),
    ...(isCategory(r.category) ? { category: r.category } : {}),
    ...(typeof r.evidence === "string" ? { evidence: r.evidence } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** Evidence of a learned fact names the gateway it came from. */
export function peerEvidence(event: PeerHealthLearned): string {
  return `gateway ${event.gateway}: ${event.evidence ?? event.category ?? event.kind}`;
}

/**
 * A peer's probe result counts like our own probe's; a peer's cooldown or disable becomes PEER_COOLED (the model
 * adopts the peer's deadline, see machines/model.machine.ts).
 */
export function peerHealthEvents(event: PeerHealthLearned): Routed[] {
  const target = { kind: "model" as const, id: event.model };
  const category = event.category ?? "unknown";
  const evidence = peerEvidence(event);
  if (event.kind === "probe") {
    if (event.ok) return [{ target, event: { type: "PROBE_SUCCEEDED" } }];
    return [{ target, event: { type: "PROBE_FAILED", category, evidence, ...(event.retryAfterMs !== undefined ? { retryAfterMs: event.retryAfterMs } : {}) } }];
  }
  if (event.until === undefined) return [];
  return [{ target, event: { type: "PEER_COOLED", category, evidence, until: event.until, disabling: event.kind === "disabled", gateway: event.gateway } }];
}
