// Storage faults: the state dir is impossible, vanishes, fills up or refuses writes; status.json and the journal
// hold garbage. The runtime must start, keep routing, say so once, and write again when the disk is back.
// (Tests run as root, so permission faults are emulated: a path under a regular file (ENOTDIR), /dev/full (ENOSPC),
// and the journal's memory storage with injected EACCES/EROFS. strategies.json does not exist yet: not covered.)
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/domain/clock.js";
import { createMemoryStorage, openJournal } from "../../src/journal/index.js";
import { readAll } from "./support/journal-files.js";
import { startRuntime, T0, useTempDirs, type Kit } from "./support/runtime-kit.js";

const tempDir = useTempDirs("self-heal-storage-");
const DAY = new Date(T0).toISOString().slice(0, 10);
const figures = { faults: 0, runtimesStarted: 0, errorsLogged: 0, bufferedDuringOutage: 0, lostAfterRecovery: 0 };

function overload(kit: Kit, model = "p/primary"): void {
  kit.runtime.supervisor.observe({ type: "call", ts: kit.clock.now(), model, provider: model.split("/")[0] ?? model, ok: false, classification: { category: "server_overload", retryable: true, evidence: "HTTP 503" } });
}

function disconnect(kit: Kit, times: number): void {
  for (let i = 0; i < times; i++) kit.runtime.supervisor.observe({ type: "channel.observed", ts: kit.clock.now(), channel: "whatsapp", connected: false });
}

function errors(kit: Kit): string[] {
  return kit.logs.filter((l) => l.level === "error").map((l) => l.message);
}

function count(kit: Kit): void {
  figures.runtimesStarted++;
  figures.errorsLogged += errors(kit).length;
}

/** Records of `type` on disk whose field `key` equals `value`. */
function onDisk(journalDir: string, type: string, key?: string, value?: unknown): number {
  return readAll(journalDir).records.filter((r) => r.type === type && (key === undefined || r[key] === value)).length;
}

afterAll(() => {
  console.log(
    `[reliability] storage-faults: faults=${figures.faults} runtimesStarted=${figures.runtimesStarted} errorsLogged=${figures.errorsLogged} ` +
      `recordsBufferedDuringOutages=${figures.bufferedDuringOutage} recordsLostAfterRecovery=${figures.lostAfterRecovery}`,
  );
});

describe("storage faults", () => {
  it("starts on a state dir under a regular file (ENOTDIR), routes around a sick model, logs one error, and writes once the path is fixed", async () => {
    const root = tempDir();
    writeFileSync(join(root, "blocker"), "not a dir");
    const stateDir = join(root, "blocker", "state");
    figures.faults++;
    const kit = startRuntime(stateDir);
    expect(kit.runtime.journal.stats().mode).toBe("memory");
    overload(kit);
    await kit.settle();
    expect(kit.runtime.supervisor.route("main", "p/primary")).toBe("q/backup");
    await kit.advance(120_000); // many flush retries and status writes while the path stays broken
    expect(errors(kit)).toHaveLength(1);
    expect(errors(kit)[0]).toMatch(/ENOTDIR/);
    expect(errors(kit)[0]).toContain(join(stateDir, "journal"));
    expect(kit.logs.filter((l) => l.message.includes("status.json")).length).toBeLessThanOrEqual(1);
    const buffered = kit.runtime.journal.stats().buffered;
    figures.bufferedDuringOutage += buffered;

    rmSync(join(root, "blocker"));
    await kit.advance(31_000);
    expect(kit.runtime.journal.stats().mode).toBe("writer");
    expect(onDisk(join(stateDir, "journal"), "call", "model", "p/primary")).toBe(1);
    expect(JSON.parse(readFileSync(join(stateDir, "status.json"), "utf8")).journal.mode).toBe("writer");
    expect(errors(kit)).toHaveLength(1);
    count(kit);
    kit.runtime.stop();
  });

  it("survives the state dir being deleted mid-run: one error, then the journal is recreated with the records it buffered", async () => {
    const stateDir = join(tempDir(), "state");
    const kit = startRuntime(stateDir);
    overload(kit);
    await kit.advance(2_000);
    figures.faults++;
    rmSync(stateDir, { recursive: true, force: true });
    overload(kit, "q/backup");
    await kit.advance(1_500);
    overload(kit, "r/third");
    await kit.advance(5_000);
    expect(kit.runtime.supervisor.route("main", "p/primary")).toBeUndefined(); // every model of the chain is cooling down
    expect(kit.runtime.journal.stats().mode).toBe("writer");
    expect(errors(kit)).toHaveLength(1);
    expect(errors(kit)[0]).toMatch(/ENOENT/);
    const journalDir = join(stateDir, "journal");
    expect(onDisk(journalDir, "call", "model", "q/backup")).toBe(1);
    expect(onDisk(journalDir, "call", "model", "r/third")).toBe(1);
    expect(existsSync(join(journalDir, ".lock"))).toBe(true);
    await kit.advance(31_000);
    expect(existsSync(join(stateDir, "status.json"))).toBe(true);
    count(kit);
    kit.runtime.stop();
  });

  it("logs each outage once: a second deletion after recovery is reported again, not swallowed", async () => {
    const stateDir = join(tempDir(), "state");
    const kit = startRuntime(stateDir);
    for (let outage = 1; outage <= 3; outage++) {
      figures.faults++;
      rmSync(stateDir, { recursive: true, force: true });
      overload(kit);
      await kit.advance(10_000);
      expect(kit.runtime.journal.stats().mode).toBe("writer");
      expect(errors(kit)).toHaveLength(outage);
    }
    count(kit);
    kit.runtime.stop();
  });

  it("survives a full disk (ENOSPC) at the day rollover: keeps routing, refuses a channel restart whose decision is not on disk, and resumes when space is back", async () => {
    const stateDir = join(tempDir(), "state");
    const journalDir = join(stateDir, "journal");
    const kit = startRuntime(stateDir);
    await kit.advance(1_000);
    expect(kit.runtime.journal.stats().mode).toBe("writer");
    // Tomorrow's day file is /dev/full: every write to it fails with ENOSPC (a regular file's data cannot be
    // refused as root, and replay never reads it because it only appears after start).
    const tomorrow = new Date(T0 + 86_400_000).toISOString().slice(0, 10);
    symlinkSync("/dev/full", join(journalDir, `${tomorrow}.jsonl`));
    figures.faults++;
    kit.clock.advanceTo(Date.parse(`${tomorrow}T00:00:01Z`));
    overload(kit);
    disconnect(kit, 3);
    await kit.advance(5_000);
    expect(kit.runtime.supervisor.route("main", "p/primary")).toBe("q/backup");
    expect(kit.runtime.journal.stats().mode).toBe("memory");
    expect(errors(kit)).toHaveLength(1);
    expect(errors(kit)[0]).toMatch(/ENOSPC/);
    expect(kit.host.count("restartChannel")).toBe(0);
    expect(kit.runtime.supervisor.recentActions().some((a) => a.action === "restart_channel" && a.why === "journal_unavailable")).toBe(true);
    figures.bufferedDuringOutage += kit.runtime.journal.stats().buffered;

    unlinkSync(join(journalDir, `${tomorrow}.jsonl`));
    await kit.advance(2_000);
    expect(kit.runtime.journal.stats().mode).toBe("writer");
    expect(onDisk(journalDir, "action.skipped", "why", "journal_unavailable")).toBe(1);
    expect(onDisk(journalDir, "call", "model", "p/primary")).toBe(1);
    expect(errors(kit)).toHaveLength(1);
    count(kit);
    kit.runtime.stop();
  });

  it.each([
    ["EACCES", "permission denied"],
    ["EROFS", "read-only file system"],
    ["ENOSPC", "no space left on device"],
  ])("keeps appends in memory while the storage refuses writes (%s) and writes all of them in order afterwards", (code, text) => {
    const storage = createMemoryStorage();
    const clock = new ManualClock(T0);
    const reported: Error[] = [];
    const journal = openJournal({ dir: "memory", clock, storage, onError: (e) => reported.push(e) });
    journal.append("before", {}, { durable: true });
    figures.faults++;
    storage.failWith = Object.assign(new Error(`${code}: ${text}`), { code });
    const seqs: number[] = [];
    for (let i = 0; i < 50; i++) {
      seqs.push(journal.append("during", { i }, i % 10 === 0 ? { durable: true } : {}));
      clock.advance(100);
      journal.flushSync();
    }
    expect(seqs.every((s) => s > 0)).toBe(true);
    expect(journal.stats().mode).toBe("memory");
    expect(reported).toHaveLength(1);
    expect(reported[0]?.message).toContain(code);
    figures.bufferedDuringOutage += journal.stats().buffered;
    storage.failWith = undefined;
    journal.flushSync();
    const written = storage.replay();
    const during: number[] = [];
    storage.replay((r) => {
      if (r.type === "during") during.push(r.i as number);
    });
    figures.lostAfterRecovery += 50 - during.length;
    expect(during).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(written.corrupt + written.tornTail).toBe(0);
    expect(journal.stats().mode).toBe("writer");
    journal.close();
  });

  it("starts over a status.json full of garbage bytes and replaces it with a valid snapshot", async () => {
    const stateDir = join(tempDir(), "state");
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, "status.json"), Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22, 0x80, 0x0a, 0x00, 0xc3]));
    figures.faults++;
    const kit = startRuntime(stateDir);
    overload(kit);
    await kit.advance(1_000);
    expect(kit.runtime.supervisor.route("main", "p/primary")).toBe("q/backup");
    const status = JSON.parse(readFileSync(join(stateDir, "status.json"), "utf8"));
    expect(status.models.find((m: { id: string }) => m.id === "p/primary").state).toBe("cooldown");
    expect(kit.logs).toEqual([]);
    count(kit);
    kit.runtime.stop();
  });

  it("keeps supervising when status.json cannot be written (a directory sits there), saying so once", async () => {
    const stateDir = join(tempDir(), "state");
    mkdirSync(join(stateDir, "status.json", "inner"), { recursive: true });
    figures.faults++;
    const kit = startRuntime(stateDir);
    overload(kit);
    await kit.settle();
    expect(kit.runtime.supervisor.route("main", "p/primary")).toBe("q/backup");
    await kit.advance(120_000);
    expect(kit.runtime.journal.stats().mode).toBe("writer");
    const statusLogs = kit.logs.filter((l) => l.message.includes("status.json"));
    expect(statusLogs).toHaveLength(1);
    expect(statusLogs[0]?.message).toMatch(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(onDisk(join(stateDir, "journal"), "call", "model", "p/primary")).toBe(1);
    count(kit);
    kit.runtime.stop();
  });

  it("replays around a corrupt middle line of the journal, keeps the state, and says so once", async () => {
    const stateDir = join(tempDir(), "state");
    const first = startRuntime(stateDir);
    overload(first);
    disconnect(first, 1);
    await first.advance(1_000);
    first.runtime.stop();
    // Replay reads the journal itself here: stop() wrote snapshot.json, only a cache (see test/runtime/snapshot-*.int.test.ts).
    rmSync(join(stateDir, "journal", "snapshot.json"));
    const file = join(stateDir, "journal", `${DAY}.jsonl`);
    const lines = readFileSync(file, "utf8").split("\n");
    const middle = Math.floor(lines.length / 2);
    figures.faults++;
    const corrupt = Buffer.concat([Buffer.from('{"v":1,"seq":'), Buffer.from([0x00, 0xff, 0xfe]), Buffer.from(" garbage")]);
    writeFileSync(file, Buffer.concat([Buffer.from(lines.slice(0, middle).join("\n") + "\n"), corrupt, Buffer.from("\n" + lines.slice(middle + 1).join("\n"))]));

    const second = startRuntime(stateDir, { clock: first.clock });
    expect(second.runtime.replayed?.corrupt).toBe(1);
    expect(second.runtime.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
    expect(second.runtime.supervisor.route("main", "p/primary")).toBe("q/backup");
    expect(second.logs).toHaveLength(1);
    expect(second.logs[0]?.message).toMatch(/1 corrupt/);
    count(second);
    second.runtime.stop();
  });

  it("takes over a lock file full of garbage", () => {
    const stateDir = join(tempDir(), "state");
    mkdirSync(join(stateDir, "journal"), { recursive: true });
    writeFileSync(join(stateDir, "journal", ".lock"), Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    figures.faults++;
    const kit = startRuntime(stateDir);
    expect(kit.runtime.journal.stats().mode).toBe("writer");
    expect(kit.runtime.executor.mode()).toBe("live");
    expect(JSON.parse(readFileSync(join(stateDir, "journal", ".lock"), "utf8")).pid).toBe(process.pid);
    count(kit);
    kit.runtime.stop();
  });
});
