// The journal owner's snapshot cache: restores from snapshot.json at start (then only the tail is replayed) and
// writes a new one at quiet moments (a timer when anything was appended, and at stop). Failures only cost speed.
import type { Clock, TimerHandle } from "../domain/clock.js";
import { checkCoverage, coverageOf, type Journal, type JournalCoverage } from "../journal/index.js";
import type { RollupWriter } from "../projections/rollups.js";
import { AlertLedger, type NotedAlert } from "./alert-ledger.js";
import { RecentLedger } from "./recent-ledger.js";
import type { ExecutorMode } from "../effects/executor.js";
import type { ReplayedAlerts } from "./replay.js";
import { readSnapshot, SNAPSHOT_VERSION, writeSnapshot, type SnapshotFile } from "./snapshot-file.js";
import { captureSupervisor, replayFingerprint, restoreSupervisor } from "./snapshot-state.js";
import type { Supervisor } from "./supervisor.js";

export interface SnapshotKeeperOptions {
  /** The journal dir (snapshot.json lives there). */
  readonly dir: string;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly supervisor: () => Supervisor;
  readonly rollups?: RollupWriter;
  /** The executor's mode (recent actions of a rehearsal read `dry_run`). */
  readonly mode: () => ExecutorMode;
  /** The stats store's seq watermark of a day (undefined: no file). A snapshot is only used when the store has its newest day. */
  readonly statsSeqOf?: (day: string) => number | undefined;
  /** Between timer checks, ms. Default 60 000. */
  readonly intervalMs?: number;
  readonly log?: (level: "info" | "warn" | "error", message: string) => void;
}

/** What a restore covered: start the reader at `offsets`; records after them are the tail. */
export interface RestoredSnapshot {
  readonly seq: number;
  readonly offsets: JournalCoverage;
  readonly bytes: number;
}

export class SnapshotKeeper {
  /** Alert times as replay would note them (fed by the startup replay and by every appended record). */
  readonly alerts = new AlertLedger();
  /** Recent actions as replay lists them; starts from the replayed supervisor (replayed()). */
  readonly recent: RecentLedger;
  private lastSeq = -1;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private failing = false;
  private written = 0;

  constructor(private readonly opts: SnapshotKeeperOptions) {
    this.recent = new RecentLedger(opts.mode);
  }

  /** Snapshots written by this instance. */
  writes(): number {
    return this.written;
  }

  /** A record the runtime appended (alert times). Never throws. */
  observe(type: string, ts: number, fields: Readonly<Record<string, unknown>>): void {
    this.alerts.observe(type, ts, fields);
    this.recent.observe(type, ts, fields);
  }

  /** After the startup replay (snapshot + tail, or all of it): the ledgers continue from the replayed state. */
  replayed(supervisor: Supervisor): void {
    this.recent.reset(supervisor.recentActions());
  }

  /**
   * At start, before any replay: puts the snapshot's state into `supervisor`, the executor (`alerts`) and the
   * rollups when snapshot.json is usable; otherwise changes nothing, logs why, and returns undefined (replay all).
   */
  restore(supervisor: Supervisor, executor: ReplayedAlerts): RestoredSnapshot | undefined {
    const { dir } = this.opts;
    const read = readSnapshot(dir);
    if (!read.ok) return read.missing ? undefined : this.fallBack(read.why, "warn"); // none yet: a first start, nothing to say
    const snap = read.snapshot;
    if (snap.fingerprint !== replayFingerprint(supervisor)) return this.fallBack("the agents' model chains or the outage threshold changed since it was written", "info");
    const cover = checkCoverage(dir, snap.files, snap.lastSeqs);
    if (!cover.ok) return this.fallBack(cover.why, "warn");
    const newest = Object.keys(snap.files).sort().pop();
    if (this.opts.rollups && newest !== undefined && snap.files[newest] && !((this.opts.statsSeqOf?.(newest) ?? 0) > 0)) {
      return this.fallBack(`the stats store has no ${newest}`, "warn");
    }
    let alerts: NotedAlert[];
    let tracking: NonNullable<SnapshotFile["rollups"]>;
    try {
      alerts = checkedAlerts(snap.alerts);
      tracking = checkedTracking(snap.rollups);
      restoreSupervisor(supervisor, snap.supervisor);
    } catch (error) {
      return this.fallBack(`unusable state (${(error as Error).message})`, "warn");
    }
    for (const { effect, at } of alerts) this.alerts.tee(executor).noteAlert(effect, at);
    this.opts.rollups?.restoreTracking(tracking);
    this.lastSeq = snap.seq;
    this.opts.log?.("info", `self-heal: state restored from ${dir}/snapshot.json (seq ${snap.seq}); replaying the records after it`);
    return { seq: snap.seq, offsets: cover.offsets, bytes: read.bytes };
  }

  /** Checks every `intervalMs` and snapshots when anything was appended since the last snapshot. */
  start(): void {
    if (this.stopped || this.timer) return;
    const { clock } = this.opts;
    this.timer = clock.setTimer(clock.now() + (this.opts.intervalMs ?? 60_000), () => {
      this.timer = undefined;
      if (this.stopped) return;
      if (this.opts.journal.stats().seq !== this.lastSeq) this.take();
      this.start();
    });
  }

  /** Writes a last snapshot (when anything changed) and stops the timer. Call before the journal closes. */
  stop(): void {
    if (this.stopped) return;
    if (this.opts.journal.stats().seq !== this.lastSeq) this.take();
    this.stopped = true;
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /**
   * Drains the supervisor, flushes the journal and the rollups, then writes snapshot.json covering every record
   * written. Returns the snapshot's size in bytes, or 0 when it did not write one (logged). Never throws.
   */
  take(): number {
    const { journal, rollups, dir } = this.opts;
    try {
      const supervisor = this.opts.supervisor();
      supervisor.drain();
      journal.flushSync();
      const stats = journal.stats();
      if (stats.mode !== "writer" || stats.buffered > 0) return this.failed(`the journal is not written through (${stats.mode}, ${stats.buffered} buffered)`);
      if (rollups) {
        rollups.flush();
        if (!rollups.isFlushed()) return this.failed("the stats store could not be written");
      }
      const covered = coverageOf(dir);
      const snapshot: SnapshotFile = {
        v: SNAPSHOT_VERSION,
        seq: stats.seq,
        writtenAt: new Date(this.opts.clock.now()).toISOString(),
        files: covered.bytes,
        lastSeqs: covered.lastSeqs,
        fingerprint: replayFingerprint(supervisor),
        supervisor: captureSupervisor(supervisor, this.recent.entries()),
        alerts: this.alerts.entries(),
        ...(rollups ? { rollups: rollups.tracking() } : {}),
      };
      const bytes = writeSnapshot(dir, snapshot);
      this.lastSeq = stats.seq;
      this.written++;
      this.failing = false;
      return bytes;
    } catch (error) {
      return this.failed((error as Error).message);
    }
  }

  private failed(why: string): number {
    if (!this.failing) this.opts.log?.("warn", `self-heal snapshot not written (${why}); the journal stays complete, startup replays more of it`);
    this.failing = true;
    return 0;
  }

  private fallBack(why: string, level: "info" | "warn"): undefined {
    this.opts.log?.(level, `self-heal snapshot not used: ${why}; replaying the whole journal`);
    return undefined;
  }
}

function checkedAlerts(raw: unknown): NotedAlert[] {
  if (!Array.isArray(raw)) throw new Error("bad alerts");
  return raw.map((a: unknown) => {
    const e = (a as { effect?: Record<string, unknown> } | null)?.effect;
    const at = (a as { at?: unknown } | null)?.at;
    if (!e || e.action !== "alert" || typeof e.target !== "string" || typeof e.reason !== "string" || typeof at !== "number" || !Number.isFinite(at)) throw new Error("bad alert");
    const params = e.params && typeof e.params === "object" ? (e.params as Record<string, unknown>) : undefined;
    return { effect: { action: "alert" as const, target: e.target, reason: e.reason, ...(params ? { params } : {}) }, at };
  });
}

function checkedTracking(raw: unknown): NonNullable<SnapshotFile["rollups"]> {
  if (raw === undefined) return { coolingSince: [], down: [] };
  const t = raw as { coolingSince?: unknown; down?: unknown };
  const cooling = t.coolingSince;
  if (!Array.isArray(cooling) || !cooling.every((c) => Array.isArray(c) && typeof c[0] === "string" && typeof c[1] === "number")) throw new Error("bad rollup tracking");
  if (!Array.isArray(t.down) || !t.down.every((d) => typeof d === "string")) throw new Error("bad rollup tracking");
  return { coolingSince: cooling as Array<[string, number]>, down: t.down as string[] };
}
