// The observability bus: a typed eventemitter3 that projections, the gateway adapter and metrics subscribe to.
import { EventEmitter } from "eventemitter3";
import type { Effect } from "../domain/effects.js";

export type Health = "healthy" | "degraded" | "healing" | "outage";

export interface StateChange {
  readonly kind: "model" | "channel" | "cron" | "gateway";
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly until?: number;
  readonly ts: number;
}

export interface ActionEvent {
  readonly id: number;
  readonly effect: Effect;
  readonly ts: number;
  readonly why?: string;
  readonly error?: string;
}

export interface BusEvents {
  "model.state": (change: StateChange) => void;
  "channel.state": (change: StateChange) => void;
  "cron.state": (change: StateChange) => void;
  "gateway.state": (change: StateChange) => void;
  "action.proposed": (event: ActionEvent) => void;
  "action.executed": (event: ActionEvent) => void;
  "action.skipped": (event: ActionEvent) => void;
  "action.failed": (event: ActionEvent) => void;
  health: (change: { from: Health; to: Health; reason: string; ts: number }) => void;
  changed: () => void;
}

export class SupervisorBus extends EventEmitter<BusEvents> {
  /** True when somebody listens: callers skip building payloads nobody reads. */
  wants(event: keyof BusEvents): boolean {
    return this.listenerCount(event) > 0;
  }
}
