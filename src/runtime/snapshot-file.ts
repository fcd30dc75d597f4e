// `<journalDir>/snapshot.json`: a cache of the state replay would build from the journal up to `seq`. Never the truth.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { JournalCoverage } from "../journal/index.js";
import { writeFileAtomic } from "../projections/atomic-write.js";
import type { NotedAlert } from "./alert-ledger.js";
import type { SupervisorState } from "./snapshot-state.js";

export const SNAPSHOT_FILE = "snapshot.json";
/** Bump when the shape changes: a snapshot of another version is ignored (the journal is replayed whole). */
export const SNAPSHOT_VERSION = 1;

export interface SnapshotFile {
  readonly v: number;
  /** Highest journal seq the state includes. */
  readonly seq: number;
  readonly writtenAt: string;
  /** Bytes of each day file covered (everything written up to `seq`). */
  readonly files: JournalCoverage;
  /** Seq of the last record within each covered file (checked at restore: the file was not replaced). */
  readonly lastSeqs: Record<string, number>;
  /** See replayFingerprint(). */
  readonly fingerprint: string;
  readonly supervisor: SupervisorState;
  /** The alert times replay would note into the executor. */
  readonly alerts: NotedAlert[];
  /** The rollup fold's tracking across records (cooling since, down). */
  readonly rollups?: { coolingSince: Array<[string, number]>; down: string[] };
}

export function snapshotPathOf(journalDir: string): string {
  return join(journalDir, SNAPSHOT_FILE);
}

/** Writes the snapshot atomically (tmp + rename, 0600); returns its size in bytes. Throws on IO errors. */
export function writeSnapshot(journalDir: string, snapshot: SnapshotFile): number {
  const text = JSON.stringify(snapshot);
  writeFileAtomic(snapshotPathOf(journalDir), text);
  return Buffer.byteLength(text);
}

export type SnapshotRead =
  | { readonly ok: true; readonly snapshot: SnapshotFile; readonly bytes: number }
  | { readonly ok: false; readonly missing: boolean; readonly why: string };

/** Reads and checks the envelope of `snapshot.json` (the state itself is checked when restored). Never throws. */
export function readSnapshot(journalDir: string): SnapshotRead {
  let text: string;
  try {
    text = readFileSync(snapshotPathOf(journalDir), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === "ENOENT" || code === "ENOTDIR", why: code === "ENOENT" ? "no snapshot yet" : `unreadable (${code ?? String(err)})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, missing: false, why: "not valid JSON (torn or corrupt)" };
  }
  if (typeof value !== "object" || value === null) return { ok: false, missing: false, why: "not an object" };
  const s = value as Record<string, unknown>;
  if (s.v !== SNAPSHOT_VERSION) return { ok: false, missing: false, why: `version ${String(s.v)}, expected ${SNAPSHOT_VERSION}` };
  if (!Number.isSafeInteger(s.seq) || (s.seq as number) < 0) return { ok: false, missing: false, why: "bad seq" };
  if (typeof s.files !== "object" || s.files === null || Array.isArray(s.files)) return { ok: false, missing: false, why: "bad file list" };
  if (typeof s.lastSeqs !== "object" || s.lastSeqs === null || Array.isArray(s.lastSeqs)) return { ok: false, missing: false, why: "bad file list" };
  if (typeof s.fingerprint !== "string" || !Array.isArray(s.alerts)) return { ok: false, missing: false, why: "incomplete" };
  return { ok: true, snapshot: value as SnapshotFile, bytes: Buffer.byteLength(text) };
}
