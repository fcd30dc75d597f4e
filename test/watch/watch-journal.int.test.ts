// The watchdog as a journal writer of its own: straight into the journal when the lock is free, through the outbox
// (moved in by the plugin's pump, which also shows the outcomes live) while a live process holds the lock.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/domain/clock.js";
import { openJournal, readJournal } from "../../src/journal/index.js";
import { OutboxPump, outboxDir, pendingOutbox, WatchJournal, actionRecord, gatewaySeen } from "../../src/watch/index.js";
import { tempDirs } from "../helpers/cli-harness.js";

const tmp = tempDirs("self-heal-watch-journal-");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function records(stateDir: string) {
  return [...readJournal(join(stateDir, "journal"))];
}

/** A lock file held by a live process that is not us (a `sleep` we started). */
function holdLock(stateDir: string): ChildProcess {
  const holder = spawn("sleep", ["60"], { stdio: "ignore" });
  children.push(holder);
  mkdirSync(join(stateDir, "journal"), { recursive: true });
  writeFileSync(join(stateDir, "journal", ".lock"), `${JSON.stringify({ pid: holder.pid, startedAt: "x", host: "h" })}\n`);
  return holder;
}

const T = Date.UTC(2026, 11, 4, 12, 0, 0);
const batch = () => [
  gatewaySeen(T, "down", "up", "the gateway's port is closed", [{ name: "port", ok: false, ms: 1, detail: "refused" }]),
  actionRecord(T + 1, "executed", "restart_gateway", "the gateway's port is closed", { params: { method: "test" } }),
];

describe("the watchdog's journal records", () => {
  it("go straight into the journal, marked with their source and time, when no gateway holds the lock", () => {
    const stateDir = tmp();
    new WatchJournal({ stateDir, clock: systemClock() }).record(batch());
    const lines = records(stateDir);
    expect(lines.map((r) => [r.type, r.source, r.ts])).toEqual([
      ["watch.gateway", "watch", new Date(T).toISOString()],
      ["action.executed", "watch", new Date(T + 1).toISOString()],
    ]);
    expect(pendingOutbox(stateDir)).toBe(0);
    expect(existsSync(join(stateDir, "journal", ".lock"))).toBe(false);
  });

  it("wait in the outbox while a live process holds the lock, and never touch its lock", () => {
    const stateDir = tmp();
    holdLock(stateDir);
    const wj = new WatchJournal({ stateDir, clock: systemClock() });
    wj.record(batch());
    expect(wj.lockedByOther()).toBe(true);
    expect(records(stateDir)).toEqual([]);
    expect(pendingOutbox(stateDir)).toBe(1);
  });

  it("are moved in by the journal owner's pump, which shows the outcomes live", async () => {
    const stateDir = tmp();
    const holder = holdLock(stateDir);
    new WatchJournal({ stateDir, clock: systemClock() }).record(batch(), false);
    const gone = new Promise((r) => holder.once("exit", r));
    holder.kill("SIGKILL");
    await gone;
    // The plugin's side: it owns the journal now (the stale lock is taken over) and runs the pump.
    const clock = systemClock();
    const journal = openJournal({ dir: join(stateDir, "journal"), clock, requireWriter: true });
    const outcomes: string[] = [];
    const pump = new OutboxPump({
      stateDir,
      clock,
      append: (type, fields, ts) => journal.append(type, fields, { ts, durable: true }),
      isDurable: (seq) => journal.stats().syncedSeq >= seq,
      onOutcome: (e, status) => outcomes.push(`${e.action}:${status}`),
    });
    expect(pump.drainNow()).toEqual({ files: 1, records: 2, corrupt: 0 });
    journal.close();
    expect(outcomes).toEqual(["restart_gateway:executed"]);
    expect(records(stateDir).map((r) => `${r.type}/${r.source}`)).toEqual(["watch.gateway/watch", "action.executed/watch"]);
    expect(pendingOutbox(stateDir)).toBe(0);
  });

  it("skip and count an unreadable outbox line, keeping the rest", () => {
    const stateDir = tmp();
    mkdirSync(outboxDir(stateDir), { recursive: true });
    writeFileSync(join(outboxDir(stateDir), "000000000000001-1-000000.jsonl"), `not json\n${JSON.stringify({ type: "watch.gateway", ts: T, fields: { state: "up" } })}\n`);
    const journal = openJournal({ dir: join(stateDir, "journal"), clock: systemClock(), requireWriter: true });
    const logs: string[] = [];
    const pump = new OutboxPump({ stateDir, clock: systemClock(), append: (type, fields, ts) => journal.append(type, fields, { ts, durable: true }), isDurable: () => true, log: (m) => logs.push(m) });
    expect(pump.drainNow()).toEqual({ files: 1, records: 1, corrupt: 1 });
    journal.close();
    expect(logs).toEqual(["self-heal: skipped 1 unreadable line(s) in the watchdog's outbox"]);
    expect(records(stateDir).map((r) => r.type)).toEqual(["watch.gateway"]);
    expect(readdirSync(outboxDir(stateDir))).toEqual([]);
  });
});
