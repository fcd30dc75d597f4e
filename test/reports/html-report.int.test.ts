// The HTML incident report renders in a real browser (headless Chromium): timeline segments present, no script
// errors, a screenshot is produced. CI (CI=true) must have Chromium (.ci/run installs it); elsewhere it may be absent.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const IN_CI = process.env.CI === "true";
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<number> {
  const sink = new PassThrough();
  sink.resume();
  return main(["node", "self-heal", ...args], { stdin: new PassThrough(), stdout: sink, stderr: sink });
}

function chromiumArgs(profile: string): string[] {
  return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--window-size=1200,900"];
}

describe("the HTML incident report in headless Chromium", () => {
  it.skipIf(!CHROMIUM && !IN_CI)("shows the state timeline and the error chart, with no script errors", { timeout: 120_000 }, async () => {
    if (!CHROMIUM) throw new Error("chromium is not installed (CI=true): .ci/run installs Debian's chromium before npm test");
    const dir = mkdtempSync(join(tmpdir(), "self-heal-html-"));
    made.push(dir);
    expect(await cli("rehearse", "all-models-down", "--state-dir", dir)).toBe(0);
    const html = join(dir, "incident.html");
    expect(await cli("report", "--html", html, "--state-dir", dir)).toBe(0);
    const url = `file://${html}`;

    const png = join(dir, "incident.png");
    const shot = spawnSync(CHROMIUM, [...chromiumArgs(join(dir, "profile-1")), `--screenshot=${png}`, url], { encoding: "utf8", timeout: 90_000 });
    expect(shot.status).toBe(0);
    expect(statSync(png).size).toBeGreaterThan(20_000);
    expect(readFileSync(png).subarray(1, 4).toString("latin1")).toBe("PNG");

    const dump = spawnSync(CHROMIUM, [...chromiumArgs(join(dir, "profile-2")), "--enable-logging=stderr", "--v=0", "--dump-dom", url], { encoding: "utf8", timeout: 90_000 });
    expect(dump.status).toBe(0);
    const dom = dump.stdout;
    // Console messages (a script error would be one) are logged to stderr as CONSOLE(...) lines.
    expect(dump.stderr).not.toMatch(/CONSOLE|Uncaught/);
    expect(dom).toContain('<svg id="timeline"');
    expect(dom).toContain('<svg id="error-rates"');
    expect((dom.match(/class="seg"/g) ?? []).length).toBeGreaterThan(10);
    expect(dom).toMatch(/data-state="cooldown"/);
    expect(dom).toMatch(/data-state="recovered"/);
  });
});
