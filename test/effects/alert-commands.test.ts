// Every text an owner reads names only commands that exist: each alert template is produced here and every command
// it names is checked against the self-heal program and OpenClaw's own CLI reference.
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { harness } from "../helpers/supervisor-harness.js";
import { alertFromEffect } from "../../src/effects/alert-text.js";
import { buildProgram } from "../../src/cli/main.js";
import { processIo } from "../../src/cli/io.js";
import { quotaAlert } from "../../src/projections/quota-effects.js";
import { warningAlert } from "../../src/projections/error-rate-watch.js";
import { outageAlert, recoveryAlert } from "../../src/runtime/outage-alerts.js";
import { operate } from "../../src/runtime/operator-request.js";
import { statusText } from "../../src/adapter/status-text.js";
import { statusOf } from "../../src/runtime/view.js";
import { defaultConfig } from "../../src/config/parse-config.js";
import type { Effect } from "../../src/domain/effects.js";

const DOCS = new URL("../../.openclaw-runtime/node_modules/openclaw/docs/cli/", import.meta.url);
const SELF_HEAL = new Set(buildProgram({ io: processIo, exitCode: 0 }).commands.map((c) => c.name()));

/** Commands named in a text: `backticked` ones, and plain "self-heal <verb>" / "openclaw …" phrases. */
function commandsIn(text: string): string[] {
  const out = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  for (const m of text.replace(/`[^`]*`/g, "").matchAll(/\b(?:with|run):\s+((?:openclaw )?self-heal [a-z]+)/gi)) out.push(m[1] as string);
  return out.filter((c) => /^(openclaw|self-heal)\b/.test(c));
}

function exists(command: string): string | undefined {
  const words = command.split(/\s+/);
  if (words[0] === "self-heal") return SELF_HEAL.has(words[1] ?? "") ? undefined : `self-heal has no command "${words[1]}"`;
  if (words[1] === "self-heal") return SELF_HEAL.has(words[2] ?? "") ? undefined : `self-heal has no command "${words[2]}"`;
  const [, top, sub] = words;
  const page = new URL(`${top}.md`, DOCS);
  if (!existsSync(page)) return `OpenClaw has no CLI page for "${top}"`;
  // The command's page, or the pages under its folder (docs/cli/gateway/*.md).
  const dir = new URL(`${top}/`, DOCS);
  const pages = [page, ...(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".md")).map((f) => new URL(f, dir)) : [])];
  if (sub && !sub.startsWith("-") && !pages.some((p) => readFileSync(p, "utf8").includes(`openclaw ${top} ${sub}`))) return `OpenClaw's ${top} reference never shows "openclaw ${top} ${sub}"`;
  return undefined;
}

async function everyAlert(): Promise<Array<{ title: string; lines: string[] }>> {
  const h = harness({ actions: { disableCron: true, restartGateway: true }, channels: { disconnectThreshold: 1, restartBudgetMax: 0 }, cron: { failureThreshold: 1 }, gateway: { restartBudgetMax: 0 }, alerts: { minIntervalSeconds: 0 } });
  h.supervisor.start();
  h.fail("p/primary", { category: "auth_failed", status: 401 });
  h.fail("q/backup", { category: "quota_exhausted", status: 402 });
  h.fail("r/third", { category: "rate_limit", status: 429 });
  h.supervisor.observe({ type: "channel.observed", ts: h.clock.now(), channel: "whatsapp", connected: false });
  h.supervisor.observe({ type: "cron.run", ts: h.clock.now(), jobId: "daily", ok: false });
  h.supervisor.send({ kind: "gateway", id: "gateway" }, { type: "RESTART_REQUESTED", now: h.clock.now(), reason: "test" });
  await h.settle();
  const effects: Effect[] = h.journal.records.filter((r) => r.type === "action.proposed" && r.action === "alert").map((r) => ({ action: "alert", target: String(r.target), reason: String(r.reason), ...(r.params ? { params: r.params as Record<string, unknown> } : {}) }));
  const quota = defaultConfig().quota;
  const budget = { model: "p/primary", requests: 10, window: "day" as const, rollingHours: 5, resetHourUtc: 0 };
  effects.push(
    quotaAlert(budget, "warning", 80, 8, 0, { start: 0, end: 86_400_000 } as never, quota),
    quotaAlert(budget, "critical", 96, 10, 0, { start: 0, end: 86_400_000 } as never, { ...quota, routeNonUrgent: true }),
    warningAlert("p/primary", 0.6, 30, 18, 10, "server_overload"),
    outageAlert("main", [{ model: "p/primary", state: "disabled", category: "auth_failed", evidence: "401" }]),
    recoveryAlert("main"),
  );
  return effects.map((e) => alertFromEffect(e, 0));
}

describe("alert and reply texts", () => {
  it("produce every alert kind, and each names only commands that exist", async () => {
    const alerts = await everyAlert();
    const kinds = alerts.map((a) => a.title);
    for (const expected of [/p\/primary/, /q\/backup/, /channel whatsapp/, /cron|daily/, /gateway/, /outage/, /recovered/, /budget/, /failing 60%/]) expect(kinds.some((t) => expected.test(t)), String(expected)).toBe(true);
    const named: string[] = [];
    for (const a of alerts) for (const c of commandsIn([a.title, ...a.lines].join("\n"))) named.push(c);
    expect(named).toEqual(expect.arrayContaining(["openclaw self-heal clear p/primary", "openclaw self-heal clear channel:whatsapp", "openclaw self-heal clear gateway", "openclaw self-heal clear cron:daily"]));
    expect(named.map((c) => [c, exists(c)]).filter(([, why]) => why !== undefined)).toEqual([]);
  });

  it("the operator's replies and the status text name only commands that exist", () => {
    const h = harness();
    h.supervisor.start();
    const texts: string[] = [];
    for (const ask of [{ verb: "pause" }, { verb: "silence", duration: "1h" }, { verb: "resume" }, { verb: "silence", duration: "off" }, { verb: "clear", target: "p/primary" }, { verb: "nope" }]) {
      const r = operate(h.supervisor, { ...ask, surface: "cli" } as never, h.clock.now());
      texts.push(r.ok ? r.text : r.error);
    }
    operate(h.supervisor, { verb: "pause", surface: "cli" }, h.clock.now());
    operate(h.supervisor, { verb: "silence", surface: "cli" }, h.clock.now());
    texts.push(statusText(statusOf(h.supervisor, h.clock.now())));
    const named = texts.flatMap(commandsIn);
    expect(named).toEqual(expect.arrayContaining(["self-heal resume", "self-heal silence"]));
    expect(named.map((c) => [c, exists(c)]).filter(([, why]) => why !== undefined)).toEqual([]);
  });

  it("the check itself catches a command that does not exist", () => {
    expect(exists("self-heal reboot")).toMatch(/no command "reboot"/);
    expect(exists("openclaw cron enable")).toMatch(/never shows "openclaw cron enable"/);
    expect(exists("openclaw frobnicate x")).toMatch(/no CLI page/);
  });
});
