// Which actor a domain event concerns, and the machine event it becomes. Pure.
import type { DomainEvent } from "../domain/events.js";
import type { Random } from "../domain/random.js";
import type { Classification } from "../domain/taxonomy.js";
import type { SelfHealConfig } from "../config/types.js";
import type { ActorKind } from "./actor-kinds.js";
import { peerHealthEvents } from "./peer-health-record.js";
import { modelOptionsFrom, channelOptionsFrom, cronOptionsFrom, gatewayOptionsFrom } from "./options-from-config.js";

export interface Target {
  readonly kind: ActorKind;
  readonly id: string;
}

export interface Routed {
  readonly target: Target;
  readonly event: { type: string } & Record<string, unknown>;
}

export function optionsFor(kind: ActorKind, config: SelfHealConfig): Record<string, number> {
  switch (kind) {
    case "model":
      return modelOptionsFrom(config);
    case "channel":
      return channelOptionsFrom(config);
    case "cron":
      return cronOptionsFrom(config);
    case "gateway":
      return gatewayOptionsFrom(config);
  }
}

export function inputFor(target: Target, config: SelfHealConfig, now: number, random: Random): Record<string, unknown> {
  const options = optionsFor(target.kind, config);
  if (target.kind === "model") return { id: target.id, options, seed: Math.floor(random() * 0x7fffffff), now };
  if (target.kind === "gateway") return { options, now };
  return { id: target.id, options, now };
}

function failure(c: Classification | undefined): Record<string, unknown> {
  if (!c) return { category: "unknown", evidence: "no classification" };
  const resetAtMs = c.resetAt ? Date.parse(c.resetAt) : NaN;
  return {
    category: c.category,
    evidence: c.evidence,
    ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}),
    ...(Number.isFinite(resetAtMs) ? { resetAtMs } : {}),
  };
}

export interface SlotLookup {
  stateOf(kind: ActorKind, id: string): string | undefined;
}

/** The actor(s) an event is for and the event each receives (time is added by the caller). */
export function machineEventFor(event: DomainEvent, lookup: SlotLookup): Routed[] {
  switch (event.type) {
    case "call":
      if (event.probe) return [];
      return [{ target: { kind: "model", id: event.model }, event: event.ok ? { type: "CALL_SUCCEEDED" } : { type: "CALL_FAILED", ...failure(event.classification) } }];
    case "probe.result":
      return [{ target: { kind: "model", id: event.model }, event: event.ok ? { type: "PROBE_SUCCEEDED" } : { type: "PROBE_FAILED", ...failure(event.classification) } }];
    case "channel.observed":
      return [{ target: { kind: "channel", id: event.channel }, event: { type: "OBSERVED", connected: event.connected, ...(event.detail ? { detail: event.detail } : {}), ...(event.hostRestarting ? { hostRestarting: true } : {}) } }];
    case "cron.run":
      return [
        {
          target: { kind: "cron", id: event.jobId },
          event: { type: "RUN_FINISHED", ok: event.ok, ...(event.error ? { error: event.error } : {}), ...(event.classification ? { category: event.classification.category } : {}) },
        },
      ];
    case "gateway.started":
      return [{ target: { kind: "gateway", id: "gateway" }, event: { type: "STARTED" } }];
    case "actor.cleared": {
      const [kindPart, ...rest] = event.target.split(":");
      const explicit = rest.length > 0 && ["model", "channel", "cron", "gateway"].includes(kindPart ?? "");
      const kinds: ActorKind[] = explicit ? [kindPart as ActorKind] : ["model", "channel", "cron", "gateway"];
      const id = explicit ? rest.join(":") : event.target;
      for (const kind of kinds) {
        if (lookup.stateOf(kind, id) !== undefined) return [{ target: { kind, id }, event: { type: "CLEARED" } }];
      }
      return [];
    }
    case "peer.health":
      return peerHealthEvents(event);
    case "turn":
    case "turn.held":
    case "call.usage":
    case "gateway.stopping":
    case "operator.requested": // the supervisor applies operator requests itself (operator-apply.ts)
      return [];
  }
}
