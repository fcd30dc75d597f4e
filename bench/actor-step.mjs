// actor.step: one model actor step (a failed call, then a success, alternating over states) through the runtime's
// fast path (stepActor: one reused inert actor scope) and through xstate's public transition() (a throwaway actor per
// step), µs per step. The equivalence of both is a property test (test/runtime/actor-step.property.test.ts).
// Usage: node bench/actor-step.mjs [steps=200000]
import { transition } from "xstate";
import { dist, emit } from "./lib.mjs";

const steps = Number(process.argv[2] ?? 200_000);
const { MACHINES, spawnActor, stepActor } = await dist("src/runtime/actor-kinds.js");
const { inputFor } = await dist("src/runtime/routing.js");
const { defaultConfig } = await dist("src/config/parse-config.js");
const { effectsOf } = await dist("machines/index.js");

const config = defaultConfig();
const T0 = Date.parse("2026-02-12T13:00:00.000Z");
const events = [
  { type: "CALL_FAILED", category: "server_overload", evidence: "HTTP 503" },
  { type: "DEADLINE" },
  { type: "PROBE_SUCCEEDED" },
  { type: "PROBE_SUCCEEDED" },
  { type: "CALL_SUCCEEDED" },
  { type: "CALL_SUCCEEDED" },
];

function run(step) {
  let snapshot = spawnActor("model", inputFor({ kind: "model", id: "p/primary" }, config, T0, () => 0.5)).snapshot;
  let now = T0;
  let effects = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) {
    now += 60_000;
    const r = step(snapshot, { ...events[i % events.length], now });
    snapshot = r.snapshot;
    effects += r.effects.length;
  }
  return { us: Number(process.hrtime.bigint() - started) / 1e3 / steps, effects };
}

const fast = (s, e) => stepActor("model", s, e);
const publicApi = (s, e) => {
  const [snapshot, actions] = transition(MACHINES.model, s, e);
  return { snapshot, effects: effectsOf(actions) };
};
run(fast); // warm-up of both paths
run(publicApi);
const a = run(fast);
const b = run(publicApi);
if (a.effects !== b.effects) throw new Error(`the two paths asked for different effects (${a.effects} vs ${b.effects})`);
emit("actor.step.fast_us", a.us, "µs/step", { steps, note: "stepActor: machine.transition with one reused inert actor scope (what the runtime uses)" });
emit("actor.step.public_us", b.us, "µs/step", { steps, speedup: Number((b.us / a.us).toFixed(2)), note: "xstate's public transition(): a throwaway actor per step" });
