import { describe, it, expect, afterEach } from "vitest";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { defaultConfig } from "../../src/config/parse-config.js";
import { createRuntime, type Runtime } from "../../src/runtime/create-runtime.js";
import { captureSupervisor } from "../../src/runtime/snapshot-state.js";
import { statusOf } from "../../src/runtime/view.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { TOPOLOGY, T0 } from "../helpers/supervisor-harness.js";
import { settlePromises } from "../helpers/virtual-time.js";

const DAY = 86_400_000;
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "self-heal-snapfb-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(stateDir: string, now: number): { rt: Runtime; clock: ManualClock; logs: string[] } {
  const clock = new ManualClock(now);
  const logs: string[] = [];
  const rt = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(3), inline: true, log: (level, m) => logs.push(`${level}: ${m}`) });
  return { rt, clock, logs };
}

function fail(rt: Runtime, model: string, ts: number, category: "rate_limit" | "server_overload" | "auth_failed" = "rate_limit"): void {
  rt.supervisor.observe({ type: "call", ts, model, provider: model.split("/")[0] as string, ok: false, classification: { category, retryable: true, retryAfterMs: 600_000, evidence: "429" } });
}

function stateOf(rt: Runtime, now: number) {
  const { generatedAt: _g, ...status } = statusOf(rt.supervisor, now);
  const tracking = rt.rollups?.tracking();
  // The rollups' sets are compared as sets (a tail read in day order may add in another order than the live process).
  const rollups = tracking ? { coolingSince: [...tracking.coolingSince].sort(), down: [...tracking.down].sort() } : undefined;
  return JSON.parse(JSON.stringify({ supervisor: captureSupervisor(rt.supervisor), status, alerts: rt.snapshots?.alerts.entries(), rollups }));
}

/** Two days of journal: a failure on day 1 (then a stop), a restart and a snapshot on day 2, a failure after it, a crash. */
async function journalWithSnapshot(): Promise<{ stateDir: string; now: number }> {
  const stateDir = tempDir();
  const first = start(stateDir, T0);
  fail(first.rt, "p/primary", T0);
  await settlePromises();
  first.rt.stop();
  const live = start(stateDir, T0 + DAY);
  expect(live.rt.replayed?.snapshot).toBeDefined();
  live.rt.supervisor.observe({ type: "call", ts: T0 + DAY, model: "r/third", provider: "r", ok: true });
  await settlePromises();
  expect(live.rt.snapshots?.take()).toBeGreaterThan(0);
  fail(live.rt, "q/backup", T0 + DAY + 1000, "server_overload");
  await settlePromises();
  live.rt.journal.close();
  return { stateDir, now: T0 + DAY + 2000 };
}

/** The state a full replay of the same journal builds (snapshot.json removed from a copy). */
function fullReplayOf(stateDir: string, now: number) {
  const copy = tempDir();
  cpSync(stateDir, copy, { recursive: true });
  rmSync(join(copy, "journal", "snapshot.json"), { force: true });
  const { rt } = start(copy, now);
  expect(rt.replayed?.snapshot).toBeUndefined();
  const state = stateOf(rt, now);
  rt.stop();
  return state;
}

const snapshotFile = (stateDir: string) => join(stateDir, "journal", "snapshot.json");
const dayFile = (stateDir: string, ts: number) => join(stateDir, "journal", `${new Date(ts).toISOString().slice(0, 10)}.jsonl`);

function expectFallBack(stateDir: string, now: number, why: RegExp): void {
  const expected = fullReplayOf(stateDir, now);
  const { rt, logs } = start(stateDir, now);
  expect(rt.replayed?.snapshot).toBeUndefined();
  expect(logs.join("\n")).toMatch(/snapshot not used: .*replaying the whole journal/);
  expect(logs.join("\n")).toMatch(why);
  expect(stateOf(rt, now)).toEqual(expected);
  expect(rt.supervisor.stateOf("model", "q/backup")).toBe("cooldown");
  rt.stop();
}

describe("snapshot.json fallbacks", () => {
  it("uses a valid snapshot and replays only the records after it", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    const expected = fullReplayOf(stateDir, now);
    const { rt, logs } = start(stateDir, now);
    expect(rt.replayed?.snapshot?.seq).toBeGreaterThan(0);
    expect(rt.replayed?.records).toBeLessThan(10);
    expect(logs.join("\n")).toMatch(/restored from .*snapshot\.json/);
    expect(stateOf(rt, now)).toEqual(expected);
    expect(rt.supervisor.stateOf("model", "q/backup")).toBe("cooldown");
    rt.stop();
  });

  it("replays the whole journal when snapshot.json is corrupt", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    writeFileSync(snapshotFile(stateDir), "{\"v\":1,\"seq\":");
    expectFallBack(stateDir, now, /not valid JSON/);
  });

  it("replays the whole journal when snapshot.json is truncated", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    truncateSync(snapshotFile(stateDir), Math.floor(statSync(snapshotFile(stateDir)).size / 2));
    expectFallBack(stateDir, now, /not valid JSON/);
  });

  it("replays the whole journal when snapshot.json has another version", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    const snap = JSON.parse(readFileSync(snapshotFile(stateDir), "utf8"));
    writeFileSync(snapshotFile(stateDir), JSON.stringify({ ...snap, v: 99 }));
    expectFallBack(stateDir, now, /version 99/);
  });

  it("replays the whole journal when the snapshot's state is malformed", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    const snap = JSON.parse(readFileSync(snapshotFile(stateDir), "utf8"));
    snap.supervisor.slots[0][2] = "no-such-state";
    writeFileSync(snapshotFile(stateDir), JSON.stringify(snap));
    expectFallBack(stateDir, now, /unusable state/);
  });

  it("replays the whole journal when a day file is shorter than the snapshot recorded", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    const snap = JSON.parse(readFileSync(snapshotFile(stateDir), "utf8"));
    const day = new Date(T0 + DAY).toISOString().slice(0, 10);
    snap.files[day] += 10_000;
    writeFileSync(snapshotFile(stateDir), JSON.stringify(snap));
    expectFallBack(stateDir, now, /shorter/);
  });

  it("replays the whole journal when an offset is not a line end", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    const snap = JSON.parse(readFileSync(snapshotFile(stateDir), "utf8"));
    const day = new Date(T0 + DAY).toISOString().slice(0, 10);
    snap.files[day] -= 5;
    writeFileSync(snapshotFile(stateDir), JSON.stringify(snap));
    expectFallBack(stateDir, now, /no line end/);
  });

  it("replays the whole journal when the newest day file it covers is gone", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    const day2 = readFileSync(dayFile(stateDir, T0 + DAY), "utf8").split("\n");
    // The day-2 records after the snapshot survive in a file for day 3 (so the cooldown is still in the journal).
    unlinkSync(dayFile(stateDir, T0 + DAY));
    writeFileSync(dayFile(stateDir, T0 + 2 * DAY), day2.filter((l) => l.includes("q/backup")).join("\n") + "\n");
    expectFallBack(stateDir, now, /is missing/);
  });

  it("keeps using the snapshot when retention removed an older day file", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    unlinkSync(dayFile(stateDir, T0));
    const { rt, logs } = start(stateDir, now);
    expect(rt.replayed?.snapshot).toBeDefined();
    expect(logs.join("\n")).not.toMatch(/snapshot not used/);
    // Day 1's cooldown of p/primary ended on day 2 (before the snapshot); day 2's q/backup cooldown is in the tail.
    expect(rt.supervisor.stateOf("model", "q/backup")).toBe("cooldown");
    rt.stop();
  });

  it("replays the whole journal when the stats store lost the snapshot's newest day", async () => {
    const { stateDir, now } = await journalWithSnapshot();
    rmSync(join(stateDir, "stats"), { recursive: true, force: true });
    expectFallBack(stateDir, now, /stats store has no/);
  });

  it("replays a record appended with an older day's ts after the snapshot (existing and new day files)", async () => {
    const stateDir = tempDir();
    const live = start(stateDir, T0 + DAY);
    live.rt.supervisor.observe({ type: "call", ts: T0, model: "r/third", provider: "r", ok: true });
    live.rt.supervisor.observe({ type: "call", ts: T0 + DAY, model: "p/primary", provider: "p", ok: true });
    await settlePromises();
    expect(live.rt.snapshots?.take()).toBeGreaterThan(0);
    // After the snapshot: an old-ts failure into day 1's file (it exists), and one into a day with no file yet.
    fail(live.rt, "r/third", T0 + 1000, "auth_failed");
    fail(live.rt, "q/backup", T0 - DAY, "auth_failed");
    await settlePromises();
    const liveState = stateOf(live.rt, T0 + DAY);
    live.rt.journal.close();
    expect(existsSync(dayFile(stateDir, T0 - DAY))).toBe(true);
    const { rt } = start(stateDir, T0 + DAY);
    expect(rt.replayed?.snapshot).toBeDefined();
    expect(rt.replayed?.observations).toBe(2);
    expect(rt.supervisor.stateOf("model", "r/third")).toBe("disabled");
    expect(rt.supervisor.stateOf("model", "q/backup")).toBe("disabled");
    // Like the live process, the tail is applied in write order (a full replay reads it in day order instead).
    expect(stateOf(rt, T0 + DAY)).toEqual(liveState);
    rt.stop();
  });
});

describe("when snapshots are written", () => {
  it("writes one at stop and on the 60 s timer, and none when nothing was appended", async () => {
    const stateDir = tempDir();
    const { rt, clock } = start(stateDir, T0);
    expect(existsSync(snapshotFile(stateDir))).toBe(false);
    fail(rt, "p/primary", T0);
    await settlePromises();
    clock.advanceTo(T0 + 59_000);
    expect(existsSync(snapshotFile(stateDir))).toBe(false);
    clock.advanceTo(T0 + 60_000);
    expect(rt.snapshots?.writes()).toBe(1);
    const first = statSync(snapshotFile(stateDir));
    expect(first.mode & 0o777).toBe(0o600);
    // Quiet minutes: no new records (the cooldown lasts 10 minutes), so no new snapshot.
    clock.advanceTo(T0 + 180_000);
    expect(rt.snapshots?.writes()).toBe(1);
    expect(statSync(snapshotFile(stateDir)).ino).toBe(first.ino);
    rt.supervisor.observe({ type: "call", ts: clock.now(), model: "q/backup", provider: "q", ok: true });
    clock.advanceTo(T0 + 240_000);
    expect(rt.snapshots?.writes()).toBe(2);
    rt.supervisor.observe({ type: "call", ts: clock.now(), model: "q/backup", provider: "q", ok: true });
    rt.stop();
    expect(rt.snapshots?.writes()).toBe(3);
    const snap = JSON.parse(readFileSync(snapshotFile(stateDir), "utf8"));
    expect(snap.seq).toBe(rt.journal.stats().seq);
  });

  it("writes nothing at stop when nothing was appended since the last snapshot", async () => {
    const stateDir = tempDir();
    const { rt, clock } = start(stateDir, T0);
    clock.advanceTo(T0 + 60_000);
    expect(rt.snapshots?.writes()).toBe(1);
    rt.stop();
    expect(rt.snapshots?.writes()).toBe(1);
  });
});
