// Crash safety: a child process runs the built runtime (journal writer + replay + executor) against a host that
// fsyncs every effect to a ledger; the parent kill -9s it at random points, hundreds of times, and checks the
// journal after each kill. Each lane is one state dir that a chain of children crash on, one after the other.
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { createRuntime } from "../../src/runtime/create-runtime.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { spawnSupport } from "./support/child.js";
import { requireBuiltDist } from "./support/dist.js";
import { readAll, readLedger, type LedgerEntry } from "./support/journal-files.js";
import { maxPerWindow } from "./support/max-per-window.js";

const LANES = 4;
const RUNS_PER_LANE = 52;
/** Share of runs killed at a random moment from spawn on (during start-up, replay or torn-tail repair). */
const EARLY_KILL_SHARE = 0.15;
/**
 * Share of kills after which a torn last line is added to the newest day file, as a power loss mid-write leaves
 * it (kill -9 alone never tears a line: the kernel completes each write). The next writer must cut it off.
 */
const TORN_WRITE_SHARE = 0.2;
const BUDGET_MAX = 5;
const BUDGET_WINDOW_MS = 60_000;
const ALERT_INTERVAL_MS = 300_000;

const parsed = parseConfig({
  model: { baseCooldownSeconds: 1, maxCooldownSeconds: 2, probeSpacingSeconds: 1, probeTimeoutSeconds: 1, recoveredHoldSeconds: 0 },
  channels: { disconnectThreshold: 1, startupGraceSeconds: 0, restartBudgetMax: BUDGET_MAX, restartBudgetWindowMinutes: BUDGET_WINDOW_MS / 60_000 },
  alerts: { minIntervalSeconds: ALERT_INTERVAL_MS / 1000 },
});
if (!parsed.ok) throw new Error(parsed.errors.join("; "));
const config = parsed.config;
const topology = {
  agents: [{ agentId: "main", chain: ["p/primary", "q/backup", "r/third"] }],
  channels: ["whatsapp", "telegram", "slack", "discord"],
  cron: [],
};
const SCENARIO = JSON.stringify({ config, topology });

interface LaneFigures {
  runs: number;
  kills: number;
  earlyKills: number;
  replayOk: number;
  childFailures: string[];
  corruptLines: number;
  tornTails: number;
  tornInjected: number;
  /** A torn tail still there after a child had become the writer (it must cut it off first). */
  tornSurvivedWriter: string[];
  truncationsJournaled: number;
  ledgerEffects: number;
  tornLedgerLines: number;
  lostDecisions: string[];
  duplicateEffects: string[];
  durableAcked: number;
  lostDurable: string[];
  observationsFed: number;
  observationsLost: number;
  observationGaps: string[];
  maxRestartsInWindow: number;
  /** The same alert again within alerts.minIntervalSeconds, from a later process, although the first one's outcome was journaled. */
  alertRepeatsAcrossRestarts: number;
  /** Same, but the kill landed between sending the first alert and journaling its outcome (at-least-once window). */
  alertRepeatsAfterUnrecordedSend: number;
  cleanStop: { code: number | null; torn: number; corrupt: number; replaySkipped: number; models: number } | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Observation number `n` of run `run`, as the child tags it (channel `detail`, call `runId`). */
function observationTag(record: Record<string, unknown>): { run: string; n: number } | undefined {
  const tag = typeof record.detail === "string" ? record.detail : typeof record.runId === "string" ? record.runId : undefined;
  const match = tag === undefined ? null : /^run=(\S+) n=(\d+)$/.exec(tag);
  return match ? { run: match[1] as string, n: Number(match[2]) } : undefined;
}


function checkLedger(entries: readonly LedgerEntry[], records: readonly Record<string, unknown>[], fig: LaneFigures): void {
  const proposals = new Map<number, Record<string, unknown>>();
  const outcomes = new Set<number>();
  for (const r of records) {
    if (r.type === "action.proposed") proposals.set(r.seq as number, r);
    else if (typeof r.ref === "number" && String(r.type).startsWith("action.")) outcomes.add(r.ref);
  }
  const seen = new Set<number>();
  const restarts = new Map<string, number[]>();
  const lastAlert = new Map<string, LedgerEntry>();
  fig.alertRepeatsAcrossRestarts = 0;
  fig.alertRepeatsAfterUnrecordedSend = 0;
  fig.lostDecisions = [];
  fig.duplicateEffects = [];
  for (const e of entries) {
    const proposal = proposals.get(e.ref);
    if (!proposal || proposal.action !== e.action || proposal.target !== e.target) {
      fig.lostDecisions.push(`${e.action} ${e.target} ref=${e.ref} (run ${e.run})`);
    }
    if (seen.has(e.ref)) fig.duplicateEffects.push(`${e.action} ${e.target} ref=${e.ref} (run ${e.run})`);
    seen.add(e.ref);
    if (e.action === "restart_channel") restarts.set(e.target, [...(restarts.get(e.target) ?? []), e.at]);
    if (e.action === "alert" && e.key !== undefined) {
      const last = lastAlert.get(e.key);
      if (last && e.at - last.at < ALERT_INTERVAL_MS && last.run !== e.run) {
        if (outcomes.has(last.ref)) fig.alertRepeatsAcrossRestarts++;
        else fig.alertRepeatsAfterUnrecordedSend++;
      }
      lastAlert.set(e.key, e);
    }
  }
  fig.ledgerEffects = entries.length;
  fig.maxRestartsInWindow = Math.max(0, ...[...restarts.values()].map((times) => maxPerWindow(times, BUDGET_WINDOW_MS)));
}

async function runLane(lane: number, root: string): Promise<LaneFigures> {
  const stateDir = join(root, `lane-${lane}`);
  const journalDir = join(stateDir, "journal");
  const ledgerFile = join(root, `lane-${lane}.ledger`);
  const random = seededRandom(1000 + lane);
  const fig: LaneFigures = {
    runs: 0, kills: 0, earlyKills: 0, replayOk: 0, childFailures: [], corruptLines: 0, tornTails: 0, tornInjected: 0, tornSurvivedWriter: [], truncationsJournaled: 0, ledgerEffects: 0,
    tornLedgerLines: 0, lostDecisions: [], duplicateEffects: [], durableAcked: 0, lostDurable: [], observationsFed: 0,
    observationsLost: 0, observationGaps: [], maxRestartsInWindow: 0, alertRepeatsAcrossRestarts: 0, alertRepeatsAfterUnrecordedSend: 0, cleanStop: undefined,
  };
  const env = { SELF_HEAL_CRASH_SCENARIO: SCENARIO };
  let injected: { file: string; fragment: string; size: number } | undefined;
  for (let run = 1; run <= RUNS_PER_LANE; run++) {
    const runId = `${lane}.${run}`;
    const child = spawnSupport("crash-writer.mjs", [stateDir, ledgerFile, runId], env);
    fig.runs++;
    if (random() < EARLY_KILL_SHARE) {
      fig.earlyKills++;
      await Promise.race([sleep(Math.floor(random() * 250)), child.exited]);
    } else {
      await child.waitFor((l) => l.startsWith("R "), 30_000).catch(() => undefined);
      await Promise.race([sleep(20 + Math.floor(random() * 60)), child.exited]);
    }
    child.kill("SIGKILL");
    const exit = await child.exited;
    if (exit.signal === "SIGKILL") fig.kills++;
    else fig.childFailures.push(`run ${runId} exited by itself (code ${exit.code}): ${child.stderr().slice(0, 500)}`);
    // The killed predecessor's lock names a dead pid: every restarted writer takes it over.
    const ready = child.lines.find((l) => l.startsWith("R "));
    if (ready !== undefined && !ready.endsWith(" writer")) fig.childFailures.push(`run ${runId} did not become the writer: ${ready}`);

    // 1. Replay must always succeed: torn tails skipped and counted, never fatal.
    const { records, result } = readAll(journalDir);
    fig.replayOk++;
    // The fragment injected before this run must be gone once a writer started. (A torn tail can also be the
    // killed writer's own: Linux cuts a write() short when SIGKILL arrives; the next writer cuts that off too.)
    if (injected && child.lines.some((l) => l.startsWith("R ")) && existsSync(injected.file)) {
      const now = readFileSync(injected.file, "utf8");
      if (now.length === injected.size && now.endsWith(injected.fragment)) fig.tornSurvivedWriter.push(`run ${runId}: the injected torn write is still there`);
    }
    injected = undefined;
    fig.corruptLines += result.corrupt;
    fig.tornTails += result.tornTail;

    // 2. Every effect in the ledger has its durable decision; no proposal ran twice.
    const proposals = new Map<number, Record<string, unknown>>();
    for (const r of records) if (r.type === "action.proposed") proposals.set(r.seq, r);
    const ledger = readLedger(ledgerFile);
    fig.tornLedgerLines += ledger.torn;
    checkLedger(ledger.entries, records, fig);

    // 3. What the journal acknowledged as durable is on disk.
    for (const line of child.lines.filter((l) => l.startsWith("P "))) {
      fig.durableAcked++;
      const [, seq, action, target] = line.split(" ");
      const onDisk = proposals.get(Number(seq));
      if (!onDisk || onDisk.action !== action || onDisk.target !== target) fig.lostDurable.push(`run ${runId}: ${line}`);
    }

    // 4. Only the newest, unflushed observations may be lost: what is on disk is a prefix 1..m of the run's.
    const fed = Math.max(0, ...child.lines.filter((l) => l.startsWith("F ")).map((l) => Number(l.slice(2))));
    const onDisk = new Set<number>();
    for (const r of records) {
      const tag = observationTag(r);
      if (tag?.run === runId) onDisk.add(tag.n);
    }
    const m = onDisk.size === 0 ? 0 : Math.max(...onDisk);
    if (onDisk.size !== m) fig.observationGaps.push(`run ${runId}: ${onDisk.size} of 1..${m} on disk`);
    fig.observationsFed += Math.max(fed, m);
    fig.observationsLost += Math.max(0, fed - m);

    // 5. Sometimes leave a torn write behind for the next writer.
    const days = existsSync(journalDir) ? readdirSync(journalDir).filter((f) => f.endsWith(".jsonl")).sort() : [];
    const newest = days.length > 0 ? join(journalDir, days[days.length - 1] as string) : undefined;
    const text = newest ? readFileSync(newest, "utf8") : "";
    if (newest && text.endsWith("\n") && random() < TORN_WRITE_SHARE) {
      const lines = text.trimEnd().split("\n");
      const last = lines[lines.length - 1] ?? "";
      const fragment = last.slice(0, 1 + Math.floor(random() * (last.length - 2)));
      appendFileSync(newest, fragment);
      injected = { file: newest, fragment, size: text.length + fragment.length };
      fig.tornInjected++;
    }
  }

  // A clean run after the last kill: it replays everything, runs, stops, and leaves a clean journal.
  const clean = spawnSupport("crash-writer.mjs", [stateDir, ledgerFile, `${lane}.clean`, "--iterations", "40"], env);
  const exit = await clean.exited;
  const after = readAll(journalDir);
  fig.truncationsJournaled = after.records.filter((r) => r.type === "journal.truncated").length;
  checkLedger(readLedger(ledgerFile).entries, after.records, fig);
  const rt = createRuntime({ stateDir, config, topology, host: new RecordingHost(), clock: new ManualClock(Date.now()), random: seededRandom(lane), mode: "dry_run" });
  fig.cleanStop = {
    code: exit.code,
    torn: after.result.tornTail,
    corrupt: after.result.corrupt,
    replaySkipped: rt.replayed?.skipped ?? -1,
    models: rt.status().models.length,
  };
  if (exit.code !== 0) fig.childFailures.push(`clean run of lane ${lane} exited ${exit.code}: ${clean.stderr().slice(0, 500)}`);
  rt.stop();
  return fig;
}

describe("crash safety: kill -9 of the journal writer and executor at random points", () => {
  let root = "";
  let lanes: LaneFigures[] = [];
  const sum = (pick: (f: LaneFigures) => number) => lanes.reduce((n, f) => n + pick(f), 0);

  beforeAll(async () => {
    requireBuiltDist();
    root = mkdtempSync(join(tmpdir(), "self-heal-crash-"));
    lanes = await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(lane, root)));
    console.log(
      `[reliability] crash-safety: runs=${sum((f) => f.runs)} kills=${sum((f) => f.kills)} earlyKills=${sum((f) => f.earlyKills)} ` +
        `replayOk=${sum((f) => f.replayOk)} tornWritesInjected=${sum((f) => f.tornInjected)} tornTailsSkipped=${sum((f) => f.tornTails)} ` +
        `truncationRecords=${sum((f) => f.truncationsJournaled)} corruptLines=${sum((f) => f.corruptLines)} ` +
        `effects=${sum((f) => f.ledgerEffects)} tornLedgerLines=${sum((f) => f.tornLedgerLines)} ` +
        `lostDecisions=${sum((f) => f.lostDecisions.length)} duplicateEffects=${sum((f) => f.duplicateEffects.length)} ` +
        `durableAcked=${sum((f) => f.durableAcked)} lostDurable=${sum((f) => f.lostDurable.length)} ` +
        `observations=${sum((f) => f.observationsFed)} lostObservations=${sum((f) => f.observationsLost)} ` +
        `maxChannelRestartsPerWindow=${Math.max(...lanes.map((f) => f.maxRestartsInWindow))}/${BUDGET_MAX} ` +
        `alertRepeatsAcrossRestarts=${sum((f) => f.alertRepeatsAcrossRestarts)} alertRepeatsAfterUnrecordedSend=${sum((f) => f.alertRepeatsAfterUnrecordedSend)}`,
    );
  }, 170_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("kills at least 200 children mid-run; none crashes on its own and each restart takes over the dead writer's lock", () => {
    expect(lanes.flatMap((f) => f.childFailures)).toEqual([]);
    expect(sum((f) => f.kills)).toBeGreaterThanOrEqual(200);
    expect(sum((f) => f.ledgerEffects)).toBeGreaterThan(100);
  });

  it("replays the journal after every kill, with torn tails skipped and no corrupt line", () => {
    expect(sum((f) => f.replayOk)).toBe(sum((f) => f.runs));
    expect(sum((f) => f.corruptLines)).toBe(0);
  });

  it("cuts off every torn write when the next writer starts, so none ends up in the middle of a file", () => {
    expect(sum((f) => f.tornInjected)).toBeGreaterThan(10);
    expect(lanes.flatMap((f) => f.tornSurvivedWriter)).toEqual([]);
    // The cut is journaled as journal.truncated, an ordinary buffered record: a writer killed before its first
    // flush cuts the tail but loses that record, so there can be fewer records than cuts, never more.
    // Cuts come from injected fragments and from killed writers' own short writes (counted as tornTails).
    for (const f of lanes) expect(f.truncationsJournaled).toBeLessThanOrEqual(f.tornInjected + f.tornTails);
    expect(sum((f) => f.truncationsJournaled)).toBeGreaterThan(0);
  });

  it("has the durable action.proposed decision of every effect in the ledger", () => {
    expect(lanes.flatMap((f) => f.lostDecisions)).toEqual([]);
    expect(lanes.flatMap((f) => f.lostDurable)).toEqual([]);
    expect(sum((f) => f.durableAcked)).toBeGreaterThan(0);
  });

  it("never executes a decision twice, across any number of restarts", () => {
    expect(lanes.flatMap((f) => f.duplicateEffects)).toEqual([]);
  });

  it("keeps each channel's restart budget across crashes", () => {
    for (const f of lanes) expect(f.maxRestartsInWindow).toBeLessThanOrEqual(BUDGET_MAX);
  });

  it("does not resend an alert after a restart inside alerts.minIntervalSeconds once its outcome was journaled", () => {
    expect(sum((f) => f.alertRepeatsAcrossRestarts)).toBe(0);
  });

  it("loses only the newest unflushed observations of a killed run, never one in the middle", () => {
    expect(lanes.flatMap((f) => f.observationGaps)).toEqual([]);
    expect(sum((f) => f.observationsLost)).toBeLessThan(sum((f) => f.observationsFed));
  });

  it("starts cleanly after the last kill: the replay skips nothing and a clean stop leaves no torn line", () => {
    for (const f of lanes) {
      expect(f.cleanStop).toMatchObject({ code: 0, torn: 0, corrupt: 0, replaySkipped: 0, models: 3 });
    }
  });
});
