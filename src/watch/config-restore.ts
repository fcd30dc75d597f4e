// openclaw.json before a restart: validate it; when invalid, put back the newest backup that validates (with a diff).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pruneBackups } from "../effects/config-guard.js";
import { lineDiff } from "./line-diff.js";
import type { RunShell } from "./shell.js";
import { readValidateOutput } from "../config/validate-output.js";

export interface ConfigValidity {
  readonly ok: boolean;
  /** Plain-words reasons when not ok. */
  readonly errors: readonly string[];
}

/** `openclaw config validate --json` against `configPath` (OPENCLAW_CONFIG_PATH points it at that file). */
export async function validateConfig(openclaw: string, configPath: string, run: RunShell, env: NodeJS.ProcessEnv): Promise<ConfigValidity> {
  const r = await run(`${openclaw} config validate --json`, { timeoutMs: 60_000, env: { ...env, OPENCLAW_CONFIG_PATH: configPath } });
  if (r.timedOut) return { ok: false, errors: ["openclaw config validate did not finish within 60 s"] };
  return readValidateOutput(r.code, r.stdout, r.stderr, 5);
}

export function backupsDir(stateDir: string): string {
  return join(stateDir, "backups");
}

/** Backup files, newest first (names carry an ISO time, so they sort by time). */
export function listBackups(stateDir: string): string[] {
  try {
    return readdirSync(backupsDir(stateDir))
      .filter((f) => f.startsWith("openclaw.json.") && f.endsWith(".bak"))
      .sort()
      .reverse()
      .map((f) => join(backupsDir(stateDir), f));
  } catch {
    return [];
  }
}

function stampOf(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, "-");
}

/** Saves `text` as a backup in the plugin's naming (`openclaw.json.<time>.bak`), unless it equals the newest one. */
export function backupIfChanged(stateDir: string, text: string, now: number, keep: number): string | undefined {
  const newest = listBackups(stateDir)[0];
  if (newest !== undefined && readText(newest) === text) return undefined;
  mkdirSync(backupsDir(stateDir), { recursive: true, mode: 0o700 });
  const file = join(backupsDir(stateDir), `openclaw.json.${stampOf(now)}.bak`);
  writeFileSync(file, text, { mode: 0o600 });
  pruneBackups(backupsDir(stateDir), keep);
  return file;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export interface RestorePlan {
  /** The backup that validates. */
  readonly backup: string;
  /** Diff from the invalid file (`-`) to the backup (`+`). */
  readonly diff: string;
  readonly badText: string;
  readonly goodText: string;
}

/** The newest backup (of the last `tries`) that differs from the invalid file and validates. */
export async function findLastKnownGood(
  stateDir: string,
  configPath: string,
  validate: (path: string) => Promise<ConfigValidity>,
  tries = 3,
): Promise<RestorePlan | undefined> {
  const badText = readText(configPath) ?? "";
  let tried = 0;
  for (const backup of listBackups(stateDir)) {
    const goodText = readText(backup);
    if (goodText === undefined || goodText === badText) continue;
    if (tried++ >= tries) break;
    if ((await validate(backup)).ok) return { backup, diff: lineDiff(badText, goodText), badText, goodText };
  }
  return undefined;
}

/** Keeps the invalid file beside openclaw.json (`openclaw.json.invalid-<time>`), then puts the backup in place atomically. */
export function restoreBackup(configPath: string, plan: RestorePlan, now: number): string {
  const kept = `${configPath}.invalid-${stampOf(now)}`;
  writeFileSync(kept, plan.badText, { mode: 0o600 });
  const tmp = `${configPath}.${process.pid}.restore.tmp`;
  copyFileSync(plan.backup, tmp);
  renameSync(tmp, configPath);
  return kept;
}
