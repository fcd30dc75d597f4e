// The GitHub issue sink runs `gh issue create` (a fake gh on PATH here) only when a cron job was really disabled.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SupervisorBus } from "../../src/runtime/bus.js";
import { watchDisabledCron, type RunArgv } from "../../src/reports/index.js";

const dir = mkdtempSync(join(tmpdir(), "self-heal-gh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const argsFile = join(dir, "gh-args.txt");
writeFileSync(join(dir, "gh"), `#!/bin/sh\nif [ "$FAKE_GH_FAIL" = 1 ]; then echo "HTTP 404: repo not found" >&2; exit 1; fi\nprintf '%s\\n' "$@" > "${argsFile}"\necho "https://github.com/o/r/issues/7"\n`);
chmodSync(join(dir, "gh"), 0o755);

const runWith = (env: Record<string, string>): RunArgv => (argv, { timeoutMs }) =>
  new Promise((resolve) => {
    execFile(argv[0] as string, argv.slice(1), { timeout: timeoutMs, env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ""}`, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

async function scenario(opts: { repo: string; event: "action.executed" | "action.skipped"; action?: string; env?: Record<string, string> }) {
  rmSync(argsFile, { force: true });
  const bus = new SupervisorBus();
  const journal: Array<[string, Record<string, unknown>]> = [];
  const stop = watchDisabledCron(bus, { repo: () => opts.repo, run: runWith(opts.env ?? {}), journal: (t, f) => journal.push([t, f]), now: () => Date.parse("2026-02-12T13:00:00Z") });
  bus.emit(opts.event, { id: 1, effect: { action: (opts.action ?? "disable_cron") as "disable_cron", target: "nightly-digest", reason: "3 failed runs: auth_failed" }, ts: 0 });
  for (let i = 0; i < 100 && journal.length === 0 && opts.event === "action.executed" && opts.repo; i++) await new Promise((r) => setTimeout(r, 20));
  stop();
  return journal;
}

describe("gh issue sink", () => {
  it("opens an issue in the configured repo when a cron job was disabled, and journals its URL", async () => {
    const journal = await scenario({ repo: "o/r", event: "action.executed" });
    const args = readFileSync(argsFile, "utf8");
    expect(args.startsWith("issue\ncreate\n--repo\no/r\n--title\n[self-heal] cron job nightly-digest was disabled after repeated failures\n--body\n")).toBe(true);
    expect(args).toContain("Reason: 3 failed runs: auth_failed");
    expect(journal).toEqual([["alert.github", { target: "nightly-digest", repo: "o/r", ok: true, url: "https://github.com/o/r/issues/7" }]]);
  });

  it("journals a failed gh run instead of throwing", async () => {
    const journal = await scenario({ repo: "o/r", event: "action.executed", env: { FAKE_GH_FAIL: "1" } });
    expect(journal[0]?.[1]).toMatchObject({ ok: false, error: expect.stringContaining("HTTP 404") });
  });

  it("does nothing in a dry run (skipped action), for other actions, or without a repo", async () => {
    expect(await scenario({ repo: "o/r", event: "action.skipped" })).toEqual([]);
    expect(await scenario({ repo: "o/r", event: "action.executed", action: "restart_channel" })).toEqual([]);
    expect(await scenario({ repo: "", event: "action.executed" })).toEqual([]);
    expect(existsSync(argsFile)).toBe(false);
  });
});
