// The last rung of a channel's ladder: a channel that stays down after its restarts gets one gateway restart.
//
// The channel actor gives up (given_up) once its own restarts are spent, or once OpenClaw's own restarts of it
// brought no relief. With `channels.restartGateway` and `actions.restartGateway` on, that moment (one per break:
// given_up is entered once, and a replay after the restart restores it without re-entering) asks the gateway
// actor for a restart; the gateway actor applies its own budget and the executor validates openclaw.json first.
import type { SelfHealConfig } from "../config/types.js";
import type { ActorEvent, Slot } from "./actor-table.js";

/** Why the gateway should restart for this channel transition, or undefined when it should not. */
export function channelEscalation(config: Pick<SelfHealConfig, "channels" | "actions">, channel: string, from: string, to: string): string | undefined {
  if (to !== "given_up" || from === "given_up") return undefined;
  if (!config.channels.restartGateway || !config.actions.restartGateway) return undefined;
  return `channel ${channel} still down after its restarts`;
}

/** The part of the supervisor an escalation needs. */
export interface EscalationTarget {
  readonly config: Pick<SelfHealConfig, "channels" | "actions">;
  ensure(target: { kind: "gateway"; id: string }): Slot | undefined;
  step(slot: Slot, event: ActorEvent): void;
}

/** After a channel actor's transition: asks the gateway actor for a restart when the channel just gave up. */
export function escalateChannel(sup: EscalationTarget, channel: string, from: string, to: string, now: number): void {
  const reason = channelEscalation(sup.config, channel, from, to);
  if (!reason) return;
  const gw = sup.ensure({ kind: "gateway", id: "gateway" });
  if (gw) sup.step(gw, { type: "RESTART_REQUESTED", now, reason });
}
