// The single-writer lock: `<dir>/.lock` holds `{pid, startedAt, host}`, created with O_EXCL; stale locks are taken over.
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

export const LOCK_FILE = ".lock";
/** A takeover file older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;

/** Sleeps synchronously (the journal's open and flush are synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

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

const EXIT_HOOKS_KEY = Symbol.for("openclaw-self-heal.journal.exit-hooks");
const TERMINATING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Releases every lock this process holds (on exit, and on a signal that ends the process). Never throws. */
function releaseAll(): void {
  for (const lock of [...registry().values()]) lock.release();
}

/** Once per process: every lock this process still holds is released when it exits. */
function installExitHooks(): void {
  const scope = globalThis as { [EXIT_HOOKS_KEY]?: boolean };
  if (scope[EXIT_HOOKS_KEY]) return;
  scope[EXIT_HOOKS_KEY] = true;
  process.on("exit", releaseAll);
}

/**
 * For command-line programs (the `self-heal` CLI): on SIGINT, SIGTERM or SIGHUP, when nothing else in the process
 * handles the signal, the journal locks are removed and the signal re-raised, so the process still ends the way
 * the signal says and leaves no `.lock` behind. Not installed inside the gateway: OpenClaw handles these signals
 * itself and stops the plugin (which closes the journal); the exit hook covers whatever is left.
 */
export function releaseLocksOnSignals(): void {
  for (const signal of TERMINATING_SIGNALS) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return; // someone else handles it (and exits through "exit")
      releaseAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
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

/** The lock file's text, or undefined when there is none. */
function readLockText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

export function readLockFile(path: string): LockFileState {
  const text = readLockText(path);
  return text === undefined ? { kind: "missing" } : parseLockText(text);
}

function parseLockText(text: string): LockFileState {
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
 * One journal instance's claim on `<dir>/.lock`. The lock appears with its content at once (createExclusive). A
 * stale lock (dead pid, unreadable file, or our own pid left by an earlier incarnation with the same pid, e.g.
 * pid 1 in a container) is taken over under `.lock.takeover`, an O_EXCL mutex held while the lock judged stale
 * is re-read and removed: of several processes starting together, none can delete the fresh lock another one
 * has just written, so exactly one becomes the writer.
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
    let waits = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (this.createExclusive()) {
        registry().set(this.path, this);
        installExitHooks();
        return { held: true };
      }
      const seen = readLockText(this.path);
      if (seen === undefined) continue;
      const state = parseLockText(seen);
      if (state.kind === "held") {
        const live = this.liveHolder(state.holder);
        if (live !== undefined) return { held: false, holder: state.holder, reason: live };
      }
      // Stale or unreadable: remove exactly the lock we judged, then claim it on the next attempt.
      // Another process is taking over right now: wait for it (1 ms at a time, up to about a second).
      if (!this.removeStale(seen) && ++waits <= 1000) attempt--;
    }
    return { held: false, holder: undefined, reason: "journal lock is contended (it reappeared after each takeover)" };
  }

  /**
   * Creates the lock file with its whole content at once (written aside, then hard-linked into place, which
   * fails when a lock exists): a racing process never sees an empty lock, which it would take for a stale one.
   * Falls back to an O_EXCL create where the file system has no hard links. False when a lock exists.
   */
  private createExclusive(): boolean {
    const text = `${JSON.stringify(this.me)}\n`;
    const aside = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(aside, text, { mode: 0o600 });
      try {
        linkSync(aside, this.path);
        return true;
      } finally {
        unlinkSync(aside);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw err;
    }
    try {
      writeFileSync(this.path, text, { flag: "wx", mode: 0o600 });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw err;
    }
  }

  /**
   * Removes the lock file if it still holds `seen`, under the takeover mutex. False (after a 1 ms pause) when
   * another process holds the mutex; it finishes in microseconds, or its mutex is stale after 10 s.
   */
  private removeStale(seen: string): boolean {
    const mutex = `${this.path}.takeover`;
    try {
      writeFileSync(mutex, `${JSON.stringify(this.me)}\n`, { flag: "wx", mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - statSync(mutex).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(mutex);
      } catch {
        // gone already
      }
      pause(1);
      return false;
    }
    try {
      if (readLockText(this.path) === seen) unlinkSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    } finally {
      try {
        unlinkSync(mutex);
      } catch {
        // removed as stale by a waiter: nothing to release
      }
    }
    return true;
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
