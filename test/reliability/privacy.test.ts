// Secrets and privacy: user text and provider credentials that pass through the real ingest must never reach
// the journal, status.json, backups, alerts, status surfaces or logs; state files are private to the owner.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createIngest } from "../../src/adapter/ingest/create-ingest.js";
import { statusText } from "../../src/adapter/status-text.js";
import { configOf, startRuntime, useTempDirs, type Kit } from "./support/runtime-kit.js";

const tempDir = useTempDirs("self-heal-privacy-");

/** Something only a user's prompt or a model's reply would contain. */
const MARKER = "ZEBRA-7f3a9c-PRIVATE-PROMPT";
const REPLY_MARKER = "OKAPI-51e0d2-PRIVATE-REPLY";
const SECRETS = {
  openai: "sk-proj-Q8hN2xLk4pV7rT9wY1zA3bC5dE6fG8hJ0kL2mN4p",
  anthropic: "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0EdCbA-9a8b7c6d",
  google: "AIzaSyD4f8Hk2Lm9Np3Qr7St1Uv5Wx0Yz6Ab2Cd",
  jwt: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjo5OTk5OTk5OTk5fQ.s3cr3tS1gnatureV4lueXYZ123",
  queryKey: "k3yQu3ryV4lu3-98765abcdef",
};
const figures = { payloads: 0, filesScanned: 0, bytesScanned: 0, alertsScanned: 0, leaks: 0, filesWithWrongMode: 0 };

afterAll(() => {
  console.log(
    `[reliability] privacy: payloads=${figures.payloads} filesScanned=${figures.filesScanned} bytesScanned=${figures.bytesScanned} ` +
      `alertsScanned=${figures.alertsScanned} leaks=${figures.leaks} filesWithWrongMode=${figures.filesWithWrongMode}`,
  );
});

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(path, ...allFiles(path));
    else out.push(path);
  }
  return out;
}

/** Every forbidden string found in `text`, as "<name>". */
function leaksIn(text: string): string[] {
  const found: string[] = [];
  if (text.includes(MARKER)) found.push("prompt marker");
  if (text.includes(REPLY_MARKER)) found.push("reply marker");
  for (const [name, secret] of Object.entries(SECRETS)) {
    // The whole secret, and its tail (a partly redacted key still leaks its distinctive part).
    if (text.includes(secret) || text.includes(secret.slice(-14))) found.push(name);
  }
  return found;
}

/** Feeds one failed turn per model through the real ingest, each carrying user text and a credential in its error. */
function driveFailures(kit: Kit): void {
  const ingest = createIngest({ supervisor: kit.runtime.supervisor, clock: kit.clock, steering: () => true });
  const errors = [
    `401 Unauthorized: Incorrect API key provided: ${SECRETS.openai}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key ${SECRETS.anthropic}"}} (request had Authorization: Bearer ${SECRETS.jwt})`,
    `403 Forbidden: POST https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?key=${SECRETS.google} API_KEY_INVALID`,
  ];
  const models = [["p", "primary"], ["q", "backup"], ["r", "third"]] as const;
  for (const [i, [provider, model]] of models.entries()) {
    const runId = `run-${i}`;
    const ctx = { agentId: "main", runId, sessionKey: "agent:main:whatsapp:+15550001", trigger: "user", modelProviderId: provider, modelId: model };
    ingest.hook("before_model_resolve", { prompt: `${MARKER} what is on my calendar?` }, ctx);
    ingest.hook("model_call_ended", { runId, provider, model, outcome: "error", durationMs: 800, sessionKey: ctx.sessionKey }, ctx);
    ingest.agentEvent({ runId, stream: "lifecycle", agentId: "main", data: { phase: "finishing", error: errors[i], errorObservation: { failoverReason: "auth" } } });
    ingest.hook(
      "agent_end",
      {
        runId,
        success: false,
        error: errors[i],
        messages: [
          { role: "user", content: `${MARKER} what is on my calendar?` },
          { role: "assistant", content: [{ type: "text", text: `${REPLY_MARKER} partial answer` }], stopReason: "error", errorMessage: errors[i], provider, model },
        ],
      },
      ctx,
    );
    ingest.agentEvent({ runId, stream: "lifecycle", agentId: "main", data: { phase: "error", error: errors[i] } });
    figures.payloads += 5;
  }
  // A failure without a run (settled at once) whose event carries the error text itself.
  ingest.hook("model_call_ended", { provider: "p", model: "primary", outcome: "error", error: `Authorization: Bearer ${SECRETS.jwt}`, errorMessage: `api_key=${SECRETS.queryKey}` }, {});
  ingest.hook("cron_changed", { action: "finished", jobId: "daily", status: "error", error: `fetch https://api.example.com/v1/digest?key=${SECRETS.queryKey} failed: 401 ${SECRETS.openai}` }, {});
  ingest.hook("self_heal.channel_status", { channel: "whatsapp", connected: false, detail: `login failed: token=${SECRETS.queryKey}` }, {});
  ingest.hook("gateway_stop", { reason: `restart requested with ${SECRETS.anthropic}` }, {});
  figures.payloads += 4;
  ingest.flush();
}

describe("secrets and privacy", () => {
  it("keeps prompts, replies and API keys out of the journal, status.json, backups, alerts, status text and logs", async () => {
    const stateDir = join(tempDir(), "state");
    const config = configOf({ outage: { consecutiveFailures: 1 }, channels: { disconnectThreshold: 1, startupGraceSeconds: 0 }, alerts: { minIntervalSeconds: 0 } });
    const kit = startRuntime(stateDir, { config });
    driveFailures(kit);
    await kit.advance(5_000);
    // The channel poll reports the same channel down with a credential in its error, through the ingest too; the
    // restart itself fails with a credential in the host's error text.
    const ingest = createIngest({ supervisor: kit.runtime.supervisor, clock: kit.clock });
    kit.host.restartChannel = async () => {
      throw new Error(`channels.start failed: 401 from https://graph.facebook.com/v19.0/me?access_token=${SECRETS.queryKey} (Bearer ${SECRETS.jwt})`);
    };
    for (let i = 0; i < 6; i++) {
      ingest.hook("self_heal.channel_status", { channel: "whatsapp", connected: false, detail: `session expired, token=${SECRETS.queryKey} key ${SECRETS.openai}` }, {});
      figures.payloads++;
      await kit.advance(60_000);
    }
    const statusNow = JSON.stringify(kit.runtime.status());
    const text = statusText(kit.runtime.status());
    kit.runtime.stop();

    // The run really went through the failure paths: classified auth failures, an alert, a backup.
    const journalText = readdirSync(join(stateDir, "journal"))
      .filter((f) => f.endsWith(".jsonl"))
      .map((f) => readFileSync(join(stateDir, "journal", f), "utf8"))
      .join("");
    expect(journalText).toContain('"errorType":"auth_failed"');
    expect(journalText).toContain('"type":"cron.run"');
    expect(kit.host.alerts.length).toBeGreaterThan(0);
    expect(readdirSync(join(stateDir, "backups")).length).toBeGreaterThan(0);
    expect(journalText).toContain('"type":"action.failed","action":"restart_channel"');

    const found: Record<string, string[]> = {};
    for (const file of allFiles(stateDir)) {
      if (statSync(file).isDirectory()) continue;
      const bytes = readFileSync(file);
      figures.filesScanned++;
      figures.bytesScanned += bytes.length;
      const leaks = leaksIn(bytes.toString("latin1")).concat(leaksIn(bytes.toString("utf8")));
      if (leaks.length > 0) found[file.slice(stateDir.length)] = [...new Set(leaks)];
    }
    for (const alert of kit.host.alerts) {
      figures.alertsScanned++;
      const leaks = leaksIn(JSON.stringify(alert));
      if (leaks.length > 0) found[`alert ${alert.key}`] = leaks;
    }
    for (const [name, value] of [["status()", statusNow], ["status text", text], ["logs", JSON.stringify(kit.logs)]] as const) {
      const leaks = leaksIn(value);
      if (leaks.length > 0) found[name] = leaks;
    }
    figures.leaks += Object.keys(found).length;
    expect(found).toEqual({});
  });

  it("creates state files 0600 and state dirs 0700", async () => {
    const stateDir = join(tempDir(), "state");
    const config = configOf({ channels: { disconnectThreshold: 1, startupGraceSeconds: 0 } });
    const kit = startRuntime(stateDir, { config });
    kit.runtime.supervisor.observe({ type: "channel.observed", ts: kit.clock.now(), channel: "whatsapp", connected: false });
    await kit.advance(2_000);
    kit.runtime.journal.flushSync();
    const paths = allFiles(stateDir);
    // The lock exists only while the runtime runs: check it now.
    expect(paths.some((p) => p.endsWith(".lock"))).toBe(true);
    expect(paths.some((p) => p.endsWith("status.json"))).toBe(true);
    expect(paths.some((p) => p.includes("backups") && p.endsWith(".bak"))).toBe(true);
    expect(paths.some((p) => p.endsWith(".jsonl"))).toBe(true);
    const wrong: string[] = [];
    for (const path of [stateDir, ...paths]) {
      const st = statSync(path);
      const want = st.isDirectory() ? 0o700 : 0o600;
      if ((st.mode & 0o777) !== want) wrong.push(`${path.slice(stateDir.length) || "/"}: ${(st.mode & 0o777).toString(8)}`);
    }
    kit.runtime.stop();
    figures.filesWithWrongMode += wrong.length;
    expect(wrong).toEqual([]);
  });
});
