// Before any restart: openclaw.json must parse (JSON5) and pass OpenClaw's own validation; then it is backed up.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import type { Host, ConfigCheck } from "../host/host.js";

export interface GuardResult extends ConfigCheck {
  readonly backup?: string;
}

export class ConfigGuard {
  constructor(
    private readonly host: Host,
    private readonly backupDir: string | undefined,
    private readonly keep: () => number,
  ) {}

  /** Validates openclaw.json and, when valid and `backup` is set, writes a timestamped backup (keeping the newest N). */
  async check(now: number, backup = true): Promise<GuardResult> {
    let text: string | undefined;
    try {
      text = await this.host.readOpenClawConfig();
    } catch (error) {
      return { ok: false, errors: [`cannot read openclaw.json: ${(error as Error).message}`] };
    }
    if (text === undefined) return { ok: false, errors: ["cannot read openclaw.json"] };
    try {
      JSON5.parse(text);
    } catch (error) {
      return { ok: false, errors: [`openclaw.json is not valid JSON5: ${(error as Error).message}`] };
    }
    let check: ConfigCheck;
    try {
      check = await this.host.validateOpenClawConfig();
    } catch (error) {
      return { ok: false, errors: [`openclaw config validation failed to run: ${(error as Error).message}`] };
    }
    if (!check.ok) return { ok: false, errors: check.errors.length > 0 ? check.errors : ["openclaw.json is invalid"] };
    const file = backup ? this.backup(text, now) : undefined;
    return file === undefined ? { ok: true, errors: [] } : { ok: true, errors: [], backup: file };
  }

  private backup(text: string, now: number): string | undefined {
    if (!this.backupDir) return undefined;
    try {
      mkdirSync(this.backupDir, { recursive: true, mode: 0o700 });
      const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
      const file = join(this.backupDir, `openclaw.json.${stamp}.bak`);
      writeFileSync(file, text, { mode: 0o600 });
      pruneBackups(this.backupDir, this.keep());
      return file;
    } catch {
      return undefined;
    }
  }
}

/** Keeps the newest `keep` backups (names sort by time). */
export function pruneBackups(dir: string, keep: number): string[] {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith("openclaw.json.") && f.endsWith(".bak"))
    .sort();
  const removed = files.slice(0, Math.max(0, files.length - keep));
  for (const f of removed) rmSync(join(dir, f), { force: true });
  return removed;
}
