import { describe, it, expect, afterEach } from "vitest";
import fc from "fast-check";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { createRuntime, type Runtime } from "../../src/runtime/create-runtime.js";
import { captureSupervisor } from "../../src/runtime/snapshot-state.js";
import { statusOf } from "../../src/runtime/view.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { TOPOLOGY, T0 } from "../helpers/supervisor-harness.js";
import { advanceVirtual, settlePromises } from "../helpers/virtual-time.js";
import { runStep, step as anyStep } from "../helpers/random-steps.js";
import { Supervisor } from "../../src/runtime/supervisor.js";
import { SupervisorBus } from "../../src/runtime/bus.js";
import { Executor } from "../../src/effects/executor.js";
import { MemoryJournal } from "../../src/effects/journal-port.js";
import { readJournal } from "../../src/journal/index.js";
import { replayInto, type ReplayStats } from "../../src/runtime/replay.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "self-heal-snap-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configOf(dryRun: boolean) {
  // A 60 s probe gap (default 15 s) keeps the cap on the path while hours of random waits stay few probe cycles.
  const parsed = parseConfig({ dryRun, actions: { disableCron: true, restartGateway: true }, model: { maxProbeGapSeconds: 60 } });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

function start(stateDir: string, dryRun: boolean, now: number, log?: (level: string, message: string) => void): { rt: Runtime; clock: ManualClock; host: RecordingHost } {
  const clock = new ManualClock(now);
  const host = new RecordingHost();
  const rt = createRuntime({ stateDir, config: configOf(dryRun), topology: TOPOLOGY, host, clock, random: seededRandom(7), inline: true, ...(log ? { log } : {}) });
  return { rt, clock, host };
}

/** Everything replay rebuilds, as JSON (contexts included), plus status.json's view and the alert times. */
function stateOf(rt: Runtime, now: number) {
  const { generatedAt: _g, ...status } = statusOf(rt.supervisor, now);
  return JSON.parse(JSON.stringify({ supervisor: captureSupervisor(rt.supervisor), status, alerts: rt.snapshots?.alerts.entries(), rollups: rt.rollups?.tracking() }));
}

/** Random steps with more successful calls (runs of them are what replay's fast path folds and drops). */
const step = fc.oneof(
  { arbitrary: anyStep, weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("call" as const), model: fc.integer({ min: 0, max: 2 }), ok: fc.constant(true), category: fc.constant(0), retryAfterS: fc.constant(0) }), weight: 1 },
);

/** The reference: every record decoded and stepped as it comes (no peek, no held-back successes), then started. */
function plainReplay(stateDir: string, dryRun: boolean, now: number): Supervisor {
  const clock = new ManualClock(now);
  const journal = new MemoryJournal(() => clock.now());
  const bus = new SupervisorBus();
  const config = configOf(dryRun);
  const executor = new Executor({ host: new RecordingHost(), journal, clock, bus, config: () => config, mode: () => "dry_run" });
  const supervisor = new Supervisor({ config, topology: TOPOLOGY, clock, random: seededRandom(7), journal, executor, bus, inline: true });
  replayInto(supervisor, readJournal(join(stateDir, "journal")), undefined, { plain: true });
  supervisor.start();
  supervisor.stop();
  return supervisor;
}

/** The supervisor's part of stateOf (what the plain reference can be compared on). */
function supervisorStateOf(supervisor: Supervisor, now: number) {
  const { generatedAt: _g, ...status } = statusOf(supervisor, now);
  return JSON.parse(JSON.stringify({ supervisor: captureSupervisor(supervisor), status }));
}

function statsFiles(stateDir: string): Record<string, string> {
  const dir = join(stateDir, "stats");
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe("startup from snapshot.json", () => {
  it("rebuilds the same state as a full replay, and the full replay's fast path the same as a plain one, for random event sequences (actors, routes, outage, health, alerts, rollups)", async () => {
    const fastPath = { headOnly: 0, folded: 0, superseded: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 30 }),
        fc.array(step, { minLength: 0, maxLength: 30 }),
        fc.boolean(),
        async (before, after, dryRun) => {
          const stateDir = tempDir();
          const live = start(stateDir, dryRun, T0);
          const advance = (ms: number) => advanceVirtual(live.clock, ms, () => settlePromises());
          for (const s of before) {
            await runStep(live.rt.supervisor, live.clock, s, advance);
            await settlePromises();
          }
          expect(live.rt.snapshots?.take()).toBeGreaterThan(0);
          for (const s of after) {
            await runStep(live.rt.supervisor, live.clock, s, advance);
            await settlePromises();
          }
          // A crash: no snapshot at stop, the journal's buffered lines are written (the OS keeps them).
          live.rt.journal.close();
          const now = live.clock.now();

          const copy = tempDir();
          cpSync(stateDir, copy, { recursive: true });
          rmSync(join(copy, "journal", "snapshot.json"));
          const plain = plainReplay(copy, dryRun, now);

          const fromSnapshot = start(stateDir, dryRun, now);
          const fromScratch = start(copy, dryRun, now);
          expect(fromSnapshot.rt.replayed?.snapshot).toBeDefined();
          expect(fromScratch.rt.replayed?.snapshot).toBeUndefined();
          expect(stateOf(fromSnapshot.rt, now)).toEqual(stateOf(fromScratch.rt, now));
          expect(supervisorStateOf(fromScratch.rt.supervisor, now)).toEqual(supervisorStateOf(plain, now));
          const r = fromScratch.rt.replayed as ReplayStats;
          fastPath.headOnly += r.headOnly;
          fastPath.folded += r.folded;
          fastPath.superseded += r.superseded;
          expect(fromSnapshot.host.calls).toEqual([]);
          fromSnapshot.rt.stop();
          fromScratch.rt.stop();
          expect(statsFiles(stateDir)).toEqual(statsFiles(copy));
        },
      ),
      { numRuns: 40 },
    );
    // The fast path was taken, not merely allowed: ignored lines read undecoded, successes folded and dropped.
    expect(fastPath.headOnly).toBeGreaterThan(0);
    expect(fastPath.folded + fastPath.superseded).toBeGreaterThan(0);
    // 40 runs of three runtime starts each: ~25 s on a quiet 2-core machine, more on a shared one (not a speed check).
  }, 120_000);
});
