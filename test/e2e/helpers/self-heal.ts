// Shared helpers for the self-heal e2e suites: plugin spec, journal reading, waiting.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Gateway, PluginSpec } from "../support/gateway.js";
import { hasOpenclawRuntime, INSTALL_HINT } from "../support/runtime.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** In CI (or when asked) a missing runtime is a failure, not a skip. */
/**
 * The one rule of every e2e file: the pinned OpenClaw runtime must be installed. Without it the file fails at once
 * with the install hint (locally and under CI alike); an e2e test never skips.
 */
export function runtimeOrFail(suite: string): true {
  if (!hasOpenclawRuntime()) throw new Error(`[${suite}] OpenClaw runtime missing. ${INSTALL_HINT}`);
  return true;
}

let staged: string | undefined;

/**
 * The plugin package as a user installs it: package.json, manifest and built dist/ in a directory of
 * their own, with the runtime dependencies reachable. (The repo itself cannot be loaded in place: it
 * contains the pinned OpenClaw runtime, and OpenClaw captures a plugin's whole package root.)
 */
export function stagedPluginDir(): string {
  if (staged) return staged;
  if (!existsSync(path.join(REPO, "dist", "src", "index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm install does it)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "self-heal-plugin-"));
  for (const f of ["package.json", "openclaw.plugin.json", "README.md"]) cpSync(path.join(REPO, f), path.join(dir, f));
  for (const d of ["dist", "src", "machines", "scenarios", "skill"]) if (existsSync(path.join(REPO, d))) cpSync(path.join(REPO, d), path.join(dir, d), { recursive: true });
  symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  staged = dir;
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function selfHealPlugin(config: Record<string, unknown>, extra: Partial<PluginSpec> = {}): PluginSpec {
  return { id: "self-heal", path: stagedPluginDir(), config, ...extra };
}

export type JournalLine = { seq: number; ts: string; type: string; [k: string]: any };

export function journal(gw: Gateway): JournalLine[] {
  const dir = path.join(gw.stateDir, "plugins", "self-heal", "journal");
  if (!existsSync(dir)) return [];
  const lines: JournalLine[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const l of readFileSync(path.join(dir, f), "utf8").split("\n")) {
      if (!l.trim()) continue;
      try {
        lines.push(JSON.parse(l));
      } catch {
        /* torn line */
      }
    }
  }
  return lines.sort((a, b) => a.seq - b.seq);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function modelState(status: any, id: string): string | undefined {
  return status?.models?.find((m: { id: string }) => m.id === id)?.state;
}
