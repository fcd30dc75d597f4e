// The journal lock is released when the process is interrupted: a real `self-heal rehearse` child (the built CLI)
// gets SIGINT or SIGTERM mid-run, ends by that signal, and leaves no `.lock` behind for the next run to judge.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DIST, requireBuiltDist } from "./support/dist.js";

const root = mkdtempSync(join(tmpdir(), "self-heal-lock-signals-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A rehearsal long enough (~90,000 turns) to be interrupted in the middle. */
const SCENARIO = {
  name: "long", start: "2026-04-01T00:00:00Z", until: "+2h",
  openclaw: { models: { primary: "a/one", fallbacks: ["b/two"] } },
  steps: [{ at: "+0s", load: { turnsPerMinute: 600, sessions: 50, until: "+2h" } }, { at: "+1m", world: { model: "a/one", fails: "server_overload" } }],
};

async function interrupted(signal: "SIGINT" | "SIGTERM"): Promise<{ signal: NodeJS.Signals | null; code: number | null; lockWhileRunning: boolean; lockAfter: boolean; journal: boolean }> {
  requireBuiltDist();
  const dir = mkdtempSync(join(root, `${signal}-`));
  const file = join(dir, "long.json");
  writeFileSync(file, JSON.stringify(SCENARIO));
  const state = join(dir, "state");
  const lock = join(state, "journal", ".lock");
  const child = spawn(process.execPath, [join(DIST, "src", "cli", "bin.js"), "rehearse", file, "--state-dir", state], { stdio: "ignore" });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, sig) => resolve({ code, signal: sig })));
  let lockWhileRunning = false;
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    if (existsSync(lock)) {
      lockWhileRunning = true;
      break;
    }
    await sleep(50);
  }
  await sleep(300); // well inside the run
  child.kill(signal);
  const end = await exited;
  return { ...end, lockWhileRunning, lockAfter: existsSync(lock), journal: existsSync(join(state, "journal")) };
}

describe("journal lock on SIGINT/SIGTERM", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`a rehearsal interrupted by ${signal} ends by that signal and removes its .lock`, async () => {
      const r = await interrupted(signal);
      expect(r.lockWhileRunning).toBe(true);
      expect(r.signal).toBe(signal);
      expect(r.journal).toBe(true);
      expect(r.lockAfter).toBe(false);
    });
  }
});
