// In-memory journal storage for pure tests and rehearsals: day "files" are strings; failures and locks can be simulated.
import { dayFileName } from "./day-files.js";
import type { JournalRecord } from "./envelope.js";
import type { LockHolder } from "./lock.js";
import { emptyCounts, scanText, type ScanCounts } from "./scan-lines.js";
import type { AcquireResult, JournalStorage, TailRepair } from "./storage.js";

export type StorageOp = { readonly op: "append"; readonly day: string; readonly data: string } | { readonly op: "sync" };

export interface MemoryStorage extends JournalStorage {
  /** Day → file content. Tests may edit it (e.g. to add a torn tail before a writer opens). */
  readonly days: Map<string, string>;
  /** Every successful append and sync, in order. */
  readonly ops: StorageOp[];
  /** While set, acquire/append/sync throw this error (simulates EROFS, ENOSPC, a vanished dir). */
  failWith: Error | undefined;
  /** While set, acquire reports the journal as locked by this holder (simulates another live writer). */
  heldBy: LockHolder | undefined;
  /** True while this storage considers itself the writer. */
  readonly held: boolean;
  /** Replays the stored days, oldest first, like readJournal does for files. */
  replay(onRecord?: (record: JournalRecord) => void): ScanCounts & { files: string[] };
}

class MemoryStorageImpl implements MemoryStorage {
  readonly location = "memory";
  readonly days = new Map<string, string>();
  readonly ops: StorageOp[] = [];
  failWith: Error | undefined;
  heldBy: LockHolder | undefined;
  held = false;
  private repairs: TailRepair[] = [];

  acquire(): AcquireResult {
    this.check();
    if (this.heldBy !== undefined) {
      this.held = false;
      return {
        kind: "locked",
        maxSeq: this.peekMaxSeq(),
        holder: this.heldBy,
        reason: `journal is locked by pid ${this.heldBy.pid} on ${this.heldBy.host} (since ${this.heldBy.startedAt})`,
      };
    }
    this.held = true;
    for (const [day, text] of this.days) {
      const end = text.lastIndexOf("\n") + 1;
      if (end < text.length) {
        this.days.set(day, text.slice(0, end));
        this.repairs.push({ file: dayFileName(day), action: "truncated", bytes: Buffer.byteLength(text.slice(end)) });
      }
    }
    return { kind: "writer", maxSeq: this.peekMaxSeq() };
  }

  peekMaxSeq(): number {
    return this.replay().maxSeq;
  }

  append(day: string, parts: string | readonly string[]): void {
    const data = typeof parts === "string" ? parts : parts.join("");
    this.check();
    if (!this.held) throw new Error("memory storage: append before acquire");
    this.days.set(day, (this.days.get(day) ?? "") + data);
    this.ops.push({ op: "append", day, data });
  }

  sync(): void {
    this.check();
    this.ops.push({ op: "sync" });
  }

  drainRepairs(): TailRepair[] {
    const repairs = this.repairs;
    this.repairs = [];
    return repairs;
  }

  release(): void {
    this.held = false;
  }

  replay(onRecord: (record: JournalRecord) => void = () => {}): ScanCounts & { files: string[] } {
    const counts = emptyCounts();
    const files: string[] = [];
    for (const day of [...this.days.keys()].sort()) {
      files.push(dayFileName(day));
      counts.fileSeq = 0;
      scanText(this.days.get(day) ?? "", counts, onRecord);
    }
    return { ...counts, files };
  }

  private check(): void {
    if (this.failWith !== undefined) throw this.failWith;
  }
}

/** A fresh, empty in-memory storage. Pass it as `openJournal({ storage })`. */
export function createMemoryStorage(): MemoryStorage {
  return new MemoryStorageImpl();
}
