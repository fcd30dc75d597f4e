// The runtime steps machines through one reused inert actor scope (src/runtime/actor-kinds.ts, stepActor) instead of
// xstate's public transition(), which builds a throwaway actor per step. Property: over random event sequences, for
// every kind of actor, both give the same state, context and effects at every step. package.json pins xstate to
// the range this was tested with (>=5.33.3 <5.34).
import fc from "fast-check";
import { transition } from "xstate";
import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../../src/domain/taxonomy.js";
import { defaultConfig } from "../../src/config/parse-config.js";
import { effectsOf } from "../../machines/index.js";
import { MACHINES, spawnActor, stepActor, type ActorKind } from "../../src/runtime/actor-kinds.js";
import { inputFor, optionsFor } from "../../src/runtime/routing.js";

const T0 = Date.parse("2026-02-12T13:00:00.000Z");
const config = defaultConfig();

type Ev = { type: string } & Record<string, unknown>;
const gap = fc.integer({ min: 0, max: 3_600_000 });
const category = fc.constantFrom(...CATEGORIES);
const failure = fc.record({ category, evidence: fc.constantFrom("HTTP 503", "429 slow down", "401 bad key"), retryAfterMs: fc.option(fc.integer({ min: 0, max: 7_200_000 }), { nil: undefined }) }, { requiredKeys: ["category", "evidence"] });

const EVENTS: Record<ActorKind, fc.Arbitrary<Ev>> = {
  model: fc.oneof(
    fc.constant({ type: "CALL_SUCCEEDED" }),
    failure.map((f) => ({ type: "CALL_FAILED", ...f })),
    fc.constant({ type: "PROBE_SUCCEEDED" }),
    failure.map((f) => ({ type: "PROBE_FAILED", ...f })),
    fc.constant({ type: "DEADLINE" }),
    fc.constant({ type: "CLEARED" }),
    fc.integer({ min: 1, max: 5 }).map((failureThreshold) => ({ type: "OPTIONS_UPDATED", options: { ...optionsFor("model", config), failureThreshold } })),
  ),
  channel: fc.oneof(
    fc.boolean().map((connected) => ({ type: "OBSERVED", connected })),
    fc.record({ ok: fc.boolean(), refused: fc.boolean() }).map((r) => ({ type: "RESTART_DONE", ...r })),
    fc.constant({ type: "DEADLINE" }),
    fc.constant({ type: "CLEARED" }),
  ),
  cron: fc.oneof(
    fc.record({ ok: fc.boolean(), category }).map((r) => ({ type: "RUN_FINISHED", ...r })),
    fc.constant({ type: "CLEARED" }),
    fc.integer({ min: 1, max: 4 }).map((failureThreshold) => ({ type: "OPTIONS_UPDATED", options: { ...optionsFor("cron", config), failureThreshold } })),
  ),
  gateway: fc.oneof(
    fc.constant({ type: "RESTART_REQUESTED", reason: "outage" }),
    fc.constant({ type: "STARTED" }),
    fc.constant({ type: "DEADLINE" }),
    fc.constant({ type: "CLEARED" }),
  ),
};

const IDS: Record<ActorKind, string> = { model: "p/primary", channel: "whatsapp", cron: "daily", gateway: "gateway" };

describe("stepActor (fast path) against xstate's public transition()", () => {
  for (const kind of Object.keys(MACHINES) as ActorKind[]) {
    it(`gives the same state, context and effects for every ${kind} event sequence`, () => {
      const seen = { effects: 0, states: new Set<string>() };
      fc.assert(
        fc.property(fc.array(fc.tuple(gap, EVENTS[kind]), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 2 ** 31 - 2 }), (steps, seed) => {
          let now = T0;
          const input = inputFor({ kind, id: IDS[kind] }, config, now, () => seed / 2 ** 31);
          let fast = spawnActor(kind, input).snapshot;
          let pub = fast;
          for (const [dt, raw] of steps) {
            now += dt;
            const event = { ...raw, now };
            const a = stepActor(kind, fast, event);
            const [next, actions] = transition(MACHINES[kind], pub, event as never);
            expect(a.snapshot.value).toEqual(next.value);
            expect(a.snapshot.context).toEqual(next.context);
            expect(a.effects).toEqual(effectsOf(actions as Array<{ type: string; params?: unknown }>));
            seen.effects += a.effects.length;
            seen.states.add(JSON.stringify(a.snapshot.value));
            fast = a.snapshot;
            pub = next;
          }
        }),
        { numRuns: 100 },
      );
      // Not a vacuous comparison: the sequences reach several states and ask for effects.
      expect(seen.effects).toBeGreaterThan(0);
      expect(seen.states.size).toBeGreaterThan(1);
      // xstate's public transition() builds an actor per step: slow on a busy machine (not a speed check).
    }, 60_000);
  }
});
