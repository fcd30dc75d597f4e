import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { initialTransition, type AnyMachineSnapshot, type AnyStateMachine } from "xstate";
import { channelMachine, cronJobMachine, gatewayMachine, modelMachine, stateName } from "../../machines/index.js";
import { CATEGORIES } from "../../src/domain/index.js";
import { asJson, drive, effects, restoreFromJson } from "./helpers.js";

const T0 = Date.UTC(2026, 1, 12, 13, 0, 0);

/** A step: how far time moves, and which sample event to send (built from the current snapshot). */
type Step = { readonly dt: number; readonly pick: number };
type Build = (pick: number, now: number, snap: AnyMachineSnapshot) => { type: string; now: number };

const steps = fc.array(fc.record({ dt: fc.integer({ min: 0, max: 3_600_000 }), pick: fc.nat() }), { maxLength: 80 });

/** Turns steps into concrete events; every third step or so is a due DEADLINE when the state waits. */
function materialise(machine: AnyStateMachine, input: unknown, build: Build, plan: readonly Step[]) {
  const d = drive(machine, input as never);
  const events: Array<{ type: string; now: number }> = [];
  let t = T0;
  for (const { dt, pick } of plan) {
    t += dt;
    const until = (d.snap.context as { until?: number }).until;
    const event = pick % 3 === 0 && until !== undefined ? { type: "DEADLINE", now: Math.max(t, until) } : build(pick, t, d.snap);
    t = event.now;
    events.push(event);
    d.send(event as never);
  }
  return events;
}

function checkRoundTrip(machine: AnyStateMachine, input: unknown, build: Build) {
  fc.assert(
    fc.property(steps, fc.nat(), (plan, cutSeed) => {
      const events = materialise(machine, input, build, plan);
      const cut = events.length ? cutSeed % (events.length + 1) : 0;
      const original = drive(machine, input as never);
      original.sendAll(events.slice(0, cut) as never);
      const restored = drive(machine, input as never, restoreFromJson(machine, original.snap));
      expect(restored.state()).toBe(original.state());
      expect(asJson(restored.snap.context)).toEqual(asJson(original.snap.context));
      expect(restored.snap.hasTag("timed")).toBe(original.snap.hasTag("timed"));
      for (const event of events.slice(cut)) {
        const a = original.send(event as never);
        const b = restored.send(event as never);
        expect(b).toEqual(a);
        expect(restored.state()).toBe(original.state());
        expect(asJson(restored.snap.context)).toEqual(asJson(original.snap.context));
      }
    }),
    { numRuns: 150 },
  );
}

/** Every waiting state has an absolute deadline; no other state has one; context stays plain JSON. */
function checkInvariants(machine: AnyStateMachine, input: unknown, build: Build) {
  fc.assert(
    fc.property(steps, (plan) => {
      const d = drive(machine, input as never);
      const events = materialise(machine, input, build, plan);
      for (const event of [undefined, ...events]) {
        if (event) d.send(event as never);
        const until = (d.snap.context as { until?: unknown }).until;
        expect(typeof until === "number", `${stateName(d.snap)} until=${String(until)}`).toBe(d.snap.hasTag("timed"));
        expect(typeof stateName(d.snap)).toBe("string");
        expect(typeof d.snap.value).toBe("string");
        expect(asJson(d.snap.context)).toEqual(d.snap.context);
        expect(typeof (d.snap.context as { reason?: unknown }).reason).toBe("string");
      }
    }),
    { numRuns: 150 },
  );
}

const modelInput = { id: "p/m", seed: 7, now: T0, options: { failureThreshold: 2 } };
const buildModel: Build = (pick, now) => {
  const category = CATEGORIES[pick % CATEGORIES.length]!;
  const hint = pick % 5 === 0 ? { retryAfterMs: (pick % 7) * 60_000 } : pick % 11 === 0 ? { resetAtMs: now + (pick % 13) * 600_000 } : {};
  switch (Math.floor(pick / 3) % 5) {
    case 0:
      return { type: "CALL_SUCCEEDED", now };
    case 1:
      return { type: "PROBE_SUCCEEDED", now };
    case 2:
      return { type: "PROBE_FAILED", now, category, evidence: `e${pick}`, ...hint };
    case 3:
      return pick % 17 === 0 ? { type: "CLEARED", now } : { type: "OPTIONS_UPDATED", now, options: { successesToRecover: 1 + (pick % 3) } };
    default:
      return { type: "CALL_FAILED", now, category, evidence: `e${pick}`, ...hint };
  }
};

const channelInput = { id: "whatsapp", now: T0 };
const buildChannel: Build = (pick, now) => {
  switch (Math.floor(pick / 3) % 6) {
    case 0:
      return { type: "OBSERVED", now, connected: true };
    case 1:
      return { type: "RESTART_DONE", now, ok: pick % 2 === 0, ...(pick % 2 ? { error: "exit 1" } : {}) };
    case 2:
      return pick % 13 === 0 ? { type: "CLEARED", now } : { type: "OPTIONS_UPDATED", now, options: { disconnectThreshold: 1 + (pick % 3) } };
    default:
      return { type: "OBSERVED", now, connected: false, detail: `d${pick}` };
  }
};

const cronInput = { id: "daily", now: T0 };
const buildCron: Build = (pick, now) => {
  switch (pick % 4) {
    case 0:
      return { type: "RUN_FINISHED", now, ok: true };
    case 1:
      return pick % 7 === 0 ? { type: "CLEARED", now } : { type: "OPTIONS_UPDATED", now, options: { failureThreshold: 1 + (pick % 4) } };
    default:
      return { type: "RUN_FINISHED", now, ok: false, error: `exit ${pick}`, category: "unknown" };
  }
};

const gatewayInput = { now: T0 };
const buildGateway: Build = (pick, now) => {
  switch (pick % 4) {
    case 0:
      return { type: "STARTED", now };
    case 1:
      return pick % 9 === 0 ? { type: "CLEARED", now } : { type: "OPTIONS_UPDATED", now, options: { restartBudgetMax: pick % 4 } };
    default:
      return { type: "RESTART_REQUESTED", now, reason: `r${pick}` };
  }
};

const machines = [
  ["model", modelMachine, modelInput, buildModel],
  ["channel", channelMachine, channelInput, buildChannel],
  ["cron job", cronJobMachine, cronInput, buildCron],
  ["gateway", gatewayMachine, gatewayInput, buildGateway],
] as const;

describe.each(machines)("%s machine snapshots", (_name, machine, input, build) => {
  it("behave identically after a JSON round-trip through resolveState({ value, context })", () => {
    checkRoundTrip(machine as AnyStateMachine, input, build);
  });

  it("keep a deadline exactly in timed states, a string state value and a plain-JSON context", () => {
    checkInvariants(machine as AnyStateMachine, input, build);
  });

  it("start without effects", () => {
    const [snap, actions] = initialTransition(machine as AnyStateMachine, input as never);
    expect(effects(actions as ReadonlyArray<{ type: string }>)).toEqual([]);
    expect(snap.hasTag("timed")).toBe(false);
  });
});
