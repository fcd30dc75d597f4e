// The model machine's side of shared health: adopting a cooldown or disable another gateway reported. Pure.
import type { ModelContext, ModelEvent } from "./model-types.js";
import type { ModelPatch } from "./model-logic.js";
import { HINT_EXTENSION_TOLERANCE_MS } from "./model-logic.js";

/** Reasons of adopted deadlines start with this (shared health does not publish them back). */
export const PEER_REASON_PREFIX = "shared by gateway ";

type PeerCooled = Extract<ModelEvent, { type: "PEER_COOLED" }>;

function peerEvent(event: ModelEvent): PeerCooled | undefined {
  return event.type === "PEER_COOLED" ? event : undefined;
}

/** The peer's deadline is still ahead, capped at the longest hint this model honours. */
function peerUntil(context: ModelContext, event: PeerCooled): number {
  return Math.min(event.until, event.now + context.options.maxHintMs);
}

/** A fact worth adopting: its deadline is in the future. */
export function peerIsCurrent(context: ModelContext, event: ModelEvent): boolean {
  const peer = peerEvent(event);
  return peer !== undefined && peerUntil(context, peer) > peer.now;
}

export function peerIsDisabling(context: ModelContext, event: ModelEvent): boolean {
  return peerIsCurrent(context, event) && peerEvent(event)?.disabling === true;
}

/** While cooled or disabled: the peer's deadline reaches noticeably past ours. */
export function peerExtends(context: ModelContext, event: ModelEvent): boolean {
  const peer = peerEvent(event);
  return peer !== undefined && peerUntil(context, peer) > (context.until ?? -Infinity) + HINT_EXTENSION_TOLERANCE_MS;
}

/**
 * Cooled down (or disabled) until the peer's deadline. The owner was alerted by the gateway that saw the failure,
 * so a disable learned this way sends no alert of its own.
 */
export function adoptPeer(context: ModelContext, event: ModelEvent): ModelPatch {
  const peer = peerEvent(event);
  if (!peer) return {};
  return {
    until: peerUntil(context, peer),
    probeSuccesses: 0,
    probePhase: undefined,
    disabledBy: peer.disabling ? peer.category : undefined,
    ...(peer.disabling ? { alertedFor: peer.category } : {}),
    lastError: { category: peer.category, evidence: peer.evidence, at: peer.now },
    reason: `${PEER_REASON_PREFIX}${peer.gateway}: ${peer.category}`,
  };
}

/** Keeps the state, moves the deadline out to the peer's. */
export function extendToPeer(context: ModelContext, event: ModelEvent): ModelPatch {
  const peer = peerEvent(event);
  if (!peer) return {};
  return { until: peerUntil(context, peer), reason: `${PEER_REASON_PREFIX}${peer.gateway}: ${peer.category}` };
}
