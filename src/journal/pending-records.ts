// Records the journal writer holds until they are written: one storage append per run of same-day records, and
// renumbering after the disk's highest seq when another writer (or nobody) owned the journal meanwhile.
import { LINE_PREFIX } from "./envelope.js";
import type { JournalStorage } from "./storage.js";

export interface Pending {
  seq: number;
  readonly day: string;
  readonly body: string;
}

/** A flush writes at most about this many characters per write call. */
const WRITE_CHUNK_CHARS = 1 << 20;

/** Writes the run of same-day records that starts at `from` (up to ~1 MiB) with one storage append; returns where it ended. */
export function writeRun(storage: JournalStorage, pending: readonly Pending[], from: number): number {
  const first = pending[from] as Pending;
  const parts: string[] = [];
  let chars = 0;
  let end = from;
  for (let next = first; next !== undefined && next.day === first.day && chars < WRITE_CHUNK_CHARS; next = pending[++end] as Pending) {
    const head = LINE_PREFIX + next.seq;
    parts.push(head, next.body);
    chars += head.length + next.body.length;
  }
  storage.append(first.day, parts);
  return end;
}

/**
 * Seqs must stay above what is on disk. Records buffered while another writer (or nobody) owned the journal are
 * renumbered after the disk's highest seq; their earlier seqs were provisional. Returns the writer's next last seq.
 */
export function renumberAfter(pending: Pending[], seq: number, diskMax: number): number {
  const first = pending[0];
  if (first !== undefined && first.seq <= diskMax) {
    const shift = diskMax - first.seq + 1;
    for (const record of pending) record.seq += shift;
    return seq + shift;
  }
  return seq < diskMax ? diskMax : seq;
}
