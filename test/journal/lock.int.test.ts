import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { isPidAlive, LockError, openJournal, replayJournal, type JournalRecord } from "../../src/journal/index.js";
import { useTempDirs } from "./temp-dir.js";

const T = Date.parse("2026-02-12T13:00:00.000Z");
const tempDir = useTempDirs();
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** A live process that is not us: a child that sleeps. */
async function liveChild(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], { stdio: "ignore" });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  return child as ChildProcess & { pid: number };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid as number;
  await new Promise((resolve) => child.once("exit", resolve));
  return pid;
}

function writeLock(dir: string, pid: number): void {
  writeFileSync(join(dir, ".lock"), JSON.stringify({ pid, startedAt: "2026-02-12T12:00:00.000Z", host: "box" }));
}

function types(dir: string): string[] {
  const out: string[] = [];
  replayJournal(dir, (r: JournalRecord) => out.push(r.type));
  return out;
}

describe("journal writer lock", () => {
  it("writes {pid, startedAt, host} to .lock and removes it on close", () => {
    const dir = tempDir();
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    expect(JSON.parse(readFileSync(join(dir, ".lock"), "utf8"))).toEqual({
      pid: process.pid,
      startedAt: "2026-02-12T13:00:00.000Z",
      host: hostname(),
    });
    journal.close();
    expect(existsSync(join(dir, ".lock"))).toBe(false);
  });

  it("opens a second journal in the same process read-only, with a reason", () => {
    const dir = tempDir();
    const clock = new ManualClock(T);
    const first = openJournal({ dir, clock });
    const second = openJournal({ dir, clock });
    expect(second.stats().mode).toBe("read-only");
    expect(second.stats().reason).toMatch(/another instance in this process/);
    expect(second.stats().lockHolder?.pid).toBe(process.pid);
    second.append("ignored-for-now", {});
    second.flushSync();
    expect(types(dir)).toEqual([]);
    second.close();
    expect(first.stats().mode).toBe("writer");
    expect(existsSync(join(dir, ".lock"))).toBe(true);
    first.close();
  });

  it("opens read-only while a live process holds the lock, and takes over once it has exited", async () => {
    const dir = tempDir();
    const child = await liveChild();
    writeLock(dir, child.pid);
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    expect(journal.stats()).toMatchObject({ mode: "read-only", lockHolder: { pid: child.pid, host: "box" } });
    expect(journal.stats().reason).toMatch(new RegExp(`locked by pid ${child.pid} on box`));
    journal.append("buffered", {});
    journal.flushSync();
    expect(journal.stats().mode).toBe("read-only");

    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    journal.flushSync();
    expect(journal.stats().mode).toBe("writer");
    expect(types(dir)).toEqual(["buffered"]);
    expect(JSON.parse(readFileSync(join(dir, ".lock"), "utf8"))).toMatchObject({ pid: process.pid });
    journal.close();
  });

  it("throws a LockError when the caller requires the writer and a live process holds the lock", async () => {
    const dir = tempDir();
    const child = await liveChild();
    writeLock(dir, child.pid);
    let error: unknown;
    try {
      openJournal({ dir, clock: new ManualClock(T), requireWriter: true });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LockError);
    expect((error as LockError).holder?.pid).toBe(child.pid);
    expect(JSON.parse(readFileSync(join(dir, ".lock"), "utf8"))).toMatchObject({ pid: child.pid });
  });

  it("takes over a stale lock left by a dead process", async () => {
    const dir = tempDir();
    const pid = await deadPid();
    expect(isPidAlive(pid)).toBe(false);
    writeLock(dir, pid);
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    expect(journal.stats().mode).toBe("writer");
    expect(JSON.parse(readFileSync(join(dir, ".lock"), "utf8"))).toMatchObject({ pid: process.pid });
    journal.close();
  });

  it("takes over a lock with our own pid that no live journal of this process holds (e.g. pid 1 after a restart)", () => {
    const dir = tempDir();
    writeLock(dir, process.pid);
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    expect(journal.stats().mode).toBe("writer");
    journal.close();
  });

  it("takes over an unreadable lock file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".lock"), "");
    const journal = openJournal({ dir, clock: new ManualClock(T) });
    expect(journal.stats().mode).toBe("writer");
    journal.close();
  });
});
