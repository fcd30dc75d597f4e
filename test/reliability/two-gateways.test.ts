// Two gateways on one state dir: separate processes running the built runtime. Exactly one writes and acts; the
// other observes read-only, names the holder, executes nothing, and takes over once the holder is gone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { spawnSupport, type Child } from "./support/child.js";
import { requireBuiltDist } from "./support/dist.js";
import { readAll } from "./support/journal-files.js";

const parsed = parseConfig({
  channels: { disconnectThreshold: 1, startupGraceSeconds: 0, restartBudgetMax: 100, restartBudgetWindowMinutes: 1 },
  journal: { flushIntervalMs: 100 },
});
if (!parsed.ok) throw new Error(parsed.errors.join("; "));
const SCENARIO = JSON.stringify({
  config: parsed.config,
  topology: { agents: [{ agentId: "main", chain: ["p/primary", "q/backup"] }], channels: ["whatsapp"], cron: [] },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Races of processes started together over a stale lock; each race is a handful of tiny processes. */
const RACES = 20;
const RACERS = 3;
const ledgerLines = (file: string): string[] => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

interface Mode {
  journal: string;
  executor: string;
  holderPid: string;
  reason: string;
}

function modeOf(line: string): Mode {
  const [, journal = "", executor = "", holderPid = "", ...reason] = line.split(" ");
  return { journal, executor, holderPid, reason: reason.join(" ") };
}

describe("two gateways on one state dir", () => {
  let root = "";
  const children: Child[] = [];
  const figures = { processes: 0, takeovers: 0, readOnlyEffects: 0, writerEffects: 0, duplicateSeqs: 0, outOfOrderSeqs: 0, journalRecords: 0, corrupt: 0, staleLockRaces: 0, racesWithoutOneWriter: 0 };
  const gateway = (state: string, name: string): { child: Child; ledger: string } => {
    const ledger = join(root, `${name}.ledger`);
    const child = spawnSupport("gateway-child.mjs", [join(root, state), ledger], { SELF_HEAL_CRASH_SCENARIO: SCENARIO });
    children.push(child);
    figures.processes++;
    return { child, ledger };
  };
  const modeLine = (child: Child, journal: string) => child.waitFor((l) => l.startsWith(`M ${journal} `), 20_000).then(modeOf);

  /** After everyone stopped: one journal, seqs unique and in file order (buffered read-only records renumbered). */
  const checkJournal = (state: string, starts: number) => {
    const { records, result } = readAll(join(root, state, "journal"));
    let previous = 0;
    const seen = new Set<number>();
    for (const r of records) {
      if (seen.has(r.seq)) figures.duplicateSeqs++;
      if (r.seq <= previous) figures.outOfOrderSeqs++;
      seen.add(r.seq);
      previous = r.seq;
    }
    figures.journalRecords += records.length;
    figures.corrupt += result.corrupt;
    expect(result.corrupt).toBe(0);
    const seqs = records.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(records.filter((r) => r.type === "supervisor.started")).toHaveLength(starts);
  };

  beforeAll(() => {
    requireBuiltDist();
    root = mkdtempSync(join(tmpdir(), "self-heal-two-"));
  });

  afterAll(async () => {
    for (const c of children) c.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    console.log(
      `[reliability] two-gateways: processes=${figures.processes} takeovers=${figures.takeovers} effectsByReadOnly=${figures.readOnlyEffects} ` +
        `effectsByWriter=${figures.writerEffects} journalRecords=${figures.journalRecords} corrupt=${figures.corrupt} duplicateSeqs=${figures.duplicateSeqs} outOfOrderSeqs=${figures.outOfOrderSeqs} ` +
        `staleLockRaces=${figures.staleLockRaces}x${RACERS} racesWithoutExactlyOneWriter=${figures.racesWithoutOneWriter}`,
    );
    rmSync(root, { recursive: true, force: true });
  });

  it("lets exactly one act: the second is read-only, names the holder's pid, runs dry, executes nothing, and takes over when the first stops", async () => {
    const a = gateway("state-1", "a");
    expect(await modeLine(a.child, "writer")).toMatchObject({ executor: "live", holderPid: "-" });
    const b = gateway("state-1", "b");
    const bMode = await modeLine(b.child, "read-only");
    expect(bMode).toMatchObject({ executor: "dry_run", holderPid: String(a.child.pid) });
    expect(bMode.reason).toContain(`pid ${a.child.pid}`);
    await sleep(600);
    figures.readOnlyEffects += ledgerLines(b.ledger).length;
    figures.writerEffects += ledgerLines(a.ledger).length;
    expect(ledgerLines(b.ledger)).toEqual([]);
    expect(ledgerLines(a.ledger).length).toBeGreaterThan(0);
    expect(b.child.lines.filter((l) => l.startsWith("M writer"))).toEqual([]);

    // The holder stops cleanly (lock released): the second becomes the writer on a later flush and acts.
    a.child.kill("SIGTERM");
    expect((await a.child.exited).code).toBe(0);
    expect(await modeLine(b.child, "writer")).toMatchObject({ executor: "live" });
    figures.takeovers++;
    await sleep(300);
    expect(ledgerLines(b.ledger).length).toBeGreaterThan(0);
    figures.writerEffects += ledgerLines(b.ledger).length;
    b.child.kill("SIGTERM");
    await b.child.exited;
    checkJournal("state-1", 2);
  });

  it("takes over from a holder killed with -9 (stale lock of a dead pid)", async () => {
    const holder = gateway("state-2", "h");
    expect(await modeLine(holder.child, "writer")).toMatchObject({ executor: "live" });
    const c = gateway("state-2", "c");
    const cMode = await modeLine(c.child, "read-only");
    expect(cMode).toMatchObject({ executor: "dry_run", holderPid: String(holder.child.pid) });
    await sleep(300);
    expect(ledgerLines(c.ledger)).toEqual([]);
    holder.child.kill("SIGKILL");
    await holder.child.exited;
    expect(await modeLine(c.child, "writer")).toMatchObject({ executor: "live", holderPid: "-" });
    figures.takeovers++;
    await sleep(300);
    expect(ledgerLines(c.ledger).length).toBeGreaterThan(0);
    figures.writerEffects += ledgerLines(c.ledger).length + ledgerLines(holder.ledger).length;
    c.child.kill("SIGTERM");
    await c.child.exited;
    checkJournal("state-2", 2);
  });

  it("lets exactly one of several gateways started at the same moment take over a stale lock", async () => {
    // A pid that surely is dead: a process that has already exited.
    const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid as number;
    const failures: string[] = [];
    for (let race = 0; race < RACES; race++) {
      const dir = join(root, `race-${race}`, "journal");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, ".lock"), JSON.stringify({ pid: deadPid, startedAt: "2026-02-12T00:00:00.000Z", host: "crashed" }));
      const racers = Array.from({ length: RACERS }, () => spawnSupport("lock-racer.mjs", [dir], {}, { stdin: true }));
      await Promise.all(racers.map((r) => r.waitFor((l) => l === "L")));
      for (const r of racers) r.send("go");
      const modes = await Promise.all(racers.map((r) => r.waitFor((l) => l.startsWith("M "))));
      const writers = racers.filter((_, i) => modes[i]?.startsWith("M writer "));
      figures.staleLockRaces++;
      if (writers.length !== 1) {
        figures.racesWithoutOneWriter++;
        failures.push(`race ${race}: ${modes.join(" | ")}`);
      } else {
        const holder = JSON.parse(readFileSync(join(dir, ".lock"), "utf8")).pid;
        if (holder !== writers[0]?.pid) failures.push(`race ${race}: lock names pid ${holder}, writer is ${writers[0]?.pid}`);
        for (const [i, r] of racers.entries()) if (r !== writers[0] && !modes[i]?.endsWith(` ${writers[0]?.pid}`)) failures.push(`race ${race}: ${modes[i]} does not name the writer`);
      }
      for (const r of racers) r.send("exit");
      await Promise.all(racers.map((r) => r.exited));
    }
    expect(failures).toEqual([]);
  }, 90_000);
});
