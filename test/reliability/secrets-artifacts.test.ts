// Secrets in provider error texts never reach anything the plugin or its CLI writes or answers: a rehearsal whose
// models and cron job fail with error texts full of credentials (one of every format the redactor supports), then
// every file of the state dir (journal, status.json, snapshot, rollups, tasks), every report (--json, text, HTML),
// status/replay output and every agent tool answer is searched for each secret. File modes are checked on the way.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { OWNER, NOT_OWNER, runReportTool, runStatsTool, runStatusTool, type ToolEnv } from "../../src/adapter/tools/index.js";
import { SECRET_FORMATS, type SecretCase } from "../domain/classifier/secret-formats.js";

const root = mkdtempSync(join(tmpdir(), "self-heal-secrets-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(["node", "self-heal", ...args], { stdin, stdout, stderr });
  return { code, out, err };
}

/** One secret of every supported format (a fixed sample, so a failure is repeatable). */
const CASES: SecretCase[] = Object.values(SECRET_FORMATS).map((arb, i) => fc.sample(arb, { numRuns: 1, seed: 4242 + i })[0] as SecretCase);

function walk(dir: string): Array<{ path: string; dir: boolean; mode: number }> {
  const out: Array<{ path: string; dir: boolean; mode: number }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mode = statSync(path).mode & 0o777;
    out.push({ path, dir: entry.isDirectory(), mode });
    if (entry.isDirectory()) out.push(...walk(path));
  }
  return out;
}

/** Each secret found in `text`, as its format name. */
function leaks(text: string): string[] {
  return CASES.filter((c) => text.includes(c.secret)).map((c) => c.format);
}

describe("secrets in error texts, through a whole rehearsal", () => {
  const dir = join(root, "rehearsal");
  const stateDir = join(dir, "state");
  const models = ["acme/primary", "bolt/backup", "core/third"];
  const categories = ["auth_failed", "server_overload", "rate_limit", "server_error"];
  // Three secrets per failure, each failure on another model with another category, all the formats in turn.
  const steps: unknown[] = [{ at: "+0s", load: { turnsPerMinute: 3, sessions: 3, until: "+3h" } }];
  for (let i = 0; i * 3 < CASES.length; i++) {
    const texts = CASES.slice(i * 3, i * 3 + 3).map((c) => c.text);
    const model = models[i % 2] as string;
    steps.push({ at: `+${2 + i * 12}m`, world: { model, fails: categories[i % categories.length], error: `request failed: ${texts.join(" | ")}` } });
    steps.push({ at: `+${9 + i * 12}m`, world: { model, fails: null } });
  }
  steps.push({ at: "+30m", world: { cron: "digest", fails: true, error: `digest upload failed: ${CASES.slice(0, 4).map((c) => c.text).join(" ")}` } });
  const scenario = {
    name: "secrets-everywhere", start: "2026-05-04T08:00:00Z", until: "+3h",
    openclaw: { models: { primary: models[0], fallbacks: models.slice(1) }, cron: [{ id: "digest", every: "1h", firstRunAt: "+31m" }] },
    steps,
  };

  it("writes no secret of any format into any file or output, and keeps files 0600 and dirs 0700", async () => {
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "scenario.json");
    writeFileSync(file, JSON.stringify(scenario));
    // The scenario file itself holds the secrets; everything else must not.
    expect(leaks(readFileSync(file, "utf8"))).toHaveLength(CASES.length);

    const outputs: Record<string, string> = {};
    const run = async (name: string, ...args: string[]) => {
      const r = await cli(...args);
      expect(r.code, `${name}: ${r.err}`).toBe(0);
      outputs[name] = r.out + r.err;
      return r;
    };
    await run("rehearse --json", "rehearse", file, "--state-dir", stateDir, "--json");
    await run("rehearse (text)", "rehearse", file, "--state-dir", join(dir, "state-text"));
    await run("status --json", "status", "--state-dir", stateDir, "--json");
    await run("status", "status", "--state-dir", stateDir);
    await run("replay --json", "replay", "--state-dir", stateDir, "--json");
    for (const type of ["daily", "model", "recovery", "full"]) {
      await run(`report ${type} --json`, "report", type, "--state-dir", stateDir, "--json", ...(type === "model" ? ["--model", "primary"] : []));
      await run(`report ${type}`, "report", type, "--state-dir", stateDir, ...(type === "model" ? ["--model", "primary"] : []));
    }
    const html = join(dir, "incident.html");
    await run("report --html", "report", "full", "--state-dir", stateDir, "--html", html);

    // The run really failed with those texts: classified failures, a disabled model, a failed cron run.
    const journalText = readdirSync(join(stateDir, "journal")).filter((f) => f.endsWith(".jsonl")).map((f) => readFileSync(join(stateDir, "journal", f), "utf8")).join("");
    expect(journalText).toContain('"errorType":"auth_failed"');
    expect(journalText).toMatch(/"errorMessage":"[^"]*request failed: [^"]*\[REDACTED\]/);
    expect(journalText).toContain('"type":"cron.run"');
    expect(journalText).toMatch(/\[REDACTED\]/);

    // Agent tools over the same state dir, as the owner and as anyone else.
    const env: ToolEnv = { stateDir: () => stateDir, runtime: () => undefined, problems: () => [], now: () => Date.parse("2026-05-04T11:00:00Z") };
    for (const caller of [OWNER, NOT_OWNER]) {
      const who = caller.owner ? "owner" : "other";
      for (const reportType of ["daily", "recovery", "full", "model"]) {
        outputs[`resilience_report ${reportType} (${who})`] = JSON.stringify(runReportTool(env, { reportType, ...(reportType === "model" ? { target: "primary" } : {}) }, caller));
      }
      outputs[`resilience_stats (${who})`] = JSON.stringify(runStatsTool(env, { query: "today" }, caller)) + JSON.stringify(runStatsTool(env, { query: "acme/primary" }, caller));
      outputs[`self_heal_status (${who})`] = JSON.stringify(runStatusTool(env, {}, caller));
    }

    const found: Record<string, string[]> = {};
    const wrongModes: string[] = [];
    let files = 0;
    for (const base of [stateDir, join(dir, "state-text")]) {
      for (const entry of walk(base)) {
        const want = entry.dir ? 0o700 : 0o600;
        if (entry.mode !== want) wrongModes.push(`${entry.path.slice(dir.length)} ${entry.mode.toString(8)}`);
        if (entry.dir) continue;
        files++;
        const bytes = readFileSync(entry.path);
        const hits = [...new Set([...leaks(bytes.toString("utf8")), ...leaks(bytes.toString("latin1"))])];
        if (hits.length > 0) {
          // Name the formats and show where the first one sits, so a failure points at the field that leaked.
          const text = bytes.toString("utf8");
          const at = text.indexOf((CASES.find((c) => c.format === hits[0]) as SecretCase).secret);
          found[entry.path.slice(dir.length)] = [...hits, text.slice(Math.max(0, at - 200), at + 40)];
        }
      }
    }
    const htmlText = readFileSync(html, "utf8");
    expect(htmlText.length).toBeGreaterThan(1000);
    if (leaks(htmlText).length > 0) found["incident.html"] = leaks(htmlText);
    if ((statSync(html).mode & 0o777) !== 0o600) wrongModes.push(`incident.html ${(statSync(html).mode & 0o777).toString(8)}`);
    for (const [name, text] of Object.entries(outputs)) {
      const hits = leaks(text);
      if (hits.length > 0) {
        const at = text.indexOf((CASES.find((c) => c.format === hits[0]) as SecretCase).secret);
        found[name] = [...hits, text.slice(Math.max(0, at - 200), at + 40)];
      }
    }
    console.log(`[reliability] secrets: formats=${CASES.length} files=${files} outputs=${Object.keys(outputs).length + 1} leaks=${Object.keys(found).length} wrongModes=${wrongModes.length}`);
    expect(found).toEqual({});
    expect(wrongModes).toEqual([]);
    expect(files).toBeGreaterThanOrEqual(5);
  });
});
