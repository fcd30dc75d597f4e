// Where a rehearsal writes its journal and status.json: a fresh temp dir, or --state-dir (never a live plugin's state).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const MARKER_FILE = "rehearsal.json";

export interface RehearsalDirs {
  readonly stateDir: string;
  readonly journalDir: string;
  readonly statusFile: string;
  readonly backupDir: string;
  /** Recorded tasks (held or failed user turns), as the gateway keeps them. */
  readonly tasksDir: string;
}

export class StateDirError extends Error {
  override readonly name = "StateDirError";
}

function dirsOf(stateDir: string): RehearsalDirs {
  return { stateDir, journalDir: join(stateDir, "journal"), statusFile: join(stateDir, "status.json"), backupDir: join(stateDir, "backups"), tasksDir: join(stateDir, "tasks") };
}

/**
 * A temp dir when `dir` is undefined. A given dir must be empty, missing, or hold an earlier rehearsal (its
 * `rehearsal.json` marker): that rehearsal's journal, status and backups are replaced. A dir holding anything
 * else — e.g. a live plugin's journal — is refused.
 */
export function prepareStateDir(dir: string | undefined, marker: Record<string, unknown>): RehearsalDirs {
  const stateDir = dir === undefined ? mkdtempSync(join(tmpdir(), "self-heal-rehearsal-")) : resolve(dir);
  const dirs = dirsOf(stateDir);
  if (dir !== undefined && existsSync(stateDir)) {
    const entries = readdirSync(stateDir);
    if (entries.length > 0 && !entries.includes(MARKER_FILE)) {
      throw new StateDirError(`refusing to rehearse into ${stateDir}: it is not empty and holds no ${MARKER_FILE} (is it a live plugin's state dir?)`);
    }
    for (const path of [dirs.journalDir, dirs.statusFile, dirs.backupDir, dirs.tasksDir]) rmSync(path, { recursive: true, force: true });
  }
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(stateDir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
  return dirs;
}
