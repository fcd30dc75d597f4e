// Keeps the supervisor's actors in line with the topology: one actor per model, channel and cron job (and the
// gateway); on a config change, every actor gets the new options and removed models stop being supervised.
import type { SelfHealConfig } from "../config/types.js";
import { modelsOf, type Topology } from "../config/topology.js";
import type { JournalPort } from "../effects/journal-port.js";
import { optionsFor } from "./routing.js";
import type { ActorTable } from "./actor-table.js";
import type { SteeringState } from "./steering-state.js";

/** Spawns an actor for everything in the topology that has none yet. */
export function ensureTopology(actors: ActorTable, topology: Topology, withGateway: boolean): void {
  if (withGateway) actors.ensure({ kind: "gateway", id: "gateway" });
  for (const model of modelsOf(topology)) actors.ensure({ kind: "model", id: model });
  for (const channel of topology.channels) actors.ensure({ kind: "channel", id: channel });
  for (const job of topology.cron) actors.ensure({ kind: "cron", id: job.id });
}

/** A new config and topology: options to every actor, actors for new entities, removed models stopped (journaled). */
export function applyTopology(actors: ActorTable, steering: SteeringState, journal: JournalPort, now: number, config: SelfHealConfig, topology: Topology): void {
  const wanted = new Set(modelsOf(topology));
  // Held-chain caps are recomputed below: every model first gets its uncapped options.
  steering.restoreHeldCaps([]);
  for (const slot of [...actors.values()]) {
    if (slot.kind === "model" && !wanted.has(slot.id)) {
      actors.remove("model", slot.id);
      steering.routes.clear(slot.id);
      journal.append("actor.stopped", { kind: "model", id: slot.id }, { ts: now, durable: true });
      continue;
    }
    actors.step(slot, { type: "OPTIONS_UPDATED", now, options: slot.kind === "model" ? steering.modelOptions(slot.id) : optionsFor(slot.kind, config) });
  }
  ensureTopology(actors, topology, false);
  steering.recomputeHeldCaps();
  actors.changed = true;
}
