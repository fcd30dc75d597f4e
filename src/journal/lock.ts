// The single-writer lock: `<dir>/.lock` holds `{pid, startedAt, host}`, created with O_EXCL; stale locks are taken over.
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

export const LOCK_FILE = ".lock";

export interface LockHolder {
  readonly pid: number;
  readonly startedAt: string;
  readonly host: string;
}

export type LockAttempt =
  | { readonly held: true }
  | { readonly held: false; readonly holder: LockHolder | undefined; readonly reason: string };

/** Thrown by `openJournal({ requireWriter: true })` when another live writer holds the journal. */
export class LockError extends Error {
  override readonly name = "LockError";
  constructor(
    message: string,
    readonly dir: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(message);
  }
}

/** Locks held by journals of this process, keyed by lock path; shared by every copy of this module. */
const REGISTRY_KEY = Symbol.for("openclaw-self-heal.journal.locks");
function registry(): Map<string, DirLock> {
  const scope = globalThis as { [REGISTRY_KEY]?: Map<string, DirLock> };
  return (scope[REGISTRY_KEY] ??= new Map());
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

type LockFileState = { readonly kind: "missing" } | { readonly kind: "garbled" } | { readonly kind: "held"; readonly holder: LockHolder };

export function readLockFile(path: string): LockFileState {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    throw err;
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | null;
    if (value !== null && typeof value === "object" && Number.isInteger(value.pid)) {
      return {
        kind: "held",
        holder: { pid: value.pid as number, startedAt: String(value.startedAt ?? ""), host: String(value.host ?? "") },
      };
    }
  } catch {
    // fall through: a lock file we cannot read is treated as stale
  }
  return { kind: "garbled" };
}

function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host || "unknown host"} (since ${holder.startedAt || "unknown time"})`;
}

/**
 * One journal instance's claim on `<dir>/.lock`. Takeover of a stale lock (dead pid, unreadable file, or our
 * own pid left by an earlier incarnation with the same pid, e.g. pid 1 in a container) is best effort: two
 * processes taking over the same stale lock in the same millisecond can both succeed.
 */
export class DirLock {
  readonly path: string;
  private readonly me: LockHolder;

  constructor(dir: string, startedAt: string) {
    this.path = join(resolve(dir), LOCK_FILE);
    this.me = { pid: process.pid, startedAt, host: hostname() };
  }

  /** Claims the lock (idempotent while held). Throws only on IO errors other than "already exists". */
  acquire(): LockAttempt {
    if (registry().get(this.path) === this) {
      const state = readLockFile(this.path);
      if (state.kind === "held" && this.isMine(state.holder)) return { held: true };
      registry().delete(this.path); // ours vanished (e.g. the dir was removed) or was taken: claim it anew
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        writeFileSync(this.path, `${JSON.stringify(this.me)}\n`, { flag: "wx", mode: 0o600 });
        registry().set(this.path, this);
        return { held: true };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const state = readLockFile(this.path);
      if (state.kind === "missing") continue;
      if (state.kind === "held") {
        const live = this.liveHolder(state.holder);
        if (live !== undefined) return { held: false, holder: state.holder, reason: live };
      }
      try {
        unlinkSync(this.path); // stale or unreadable: take it over on the next attempt
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
    return { held: false, holder: undefined, reason: "journal lock is contended (it reappeared after each takeover)" };
  }

  /** Removes the lock file if it is still ours. Never throws. */
  release(): void {
    if (registry().get(this.path) !== this) return;
    registry().delete(this.path);
    try {
      const state = readLockFile(this.path);
      if (state.kind === "held" && state.holder.pid === this.me.pid && state.holder.startedAt === this.me.startedAt) {
        unlinkSync(this.path);
      }
    } catch {
      // the dir may be gone; nothing left to release
    }
  }

  private isMine(holder: LockHolder): boolean {
    return (
      registry().get(this.path) === this && holder.pid === this.me.pid && holder.startedAt === this.me.startedAt
    );
  }

  /** Why the holder is a live writer other than us, or undefined when its lock is stale. */
  private liveHolder(holder: LockHolder): string | undefined {
    if (holder.pid === process.pid) {
      const other = registry().get(this.path);
      return other !== undefined && other !== this
        ? `journal is already open for writing by another instance in this process (${describeHolder(holder)})`
        : undefined;
    }
    return isPidAlive(holder.pid) ? `journal is locked by ${describeHolder(holder)}` : undefined;
  }
}
