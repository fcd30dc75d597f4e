import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync, readFileSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { defaultConfig, parseConfig } from "../../src/config/parse-config.js";
import { createRuntime } from "../../src/runtime/create-runtime.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { TOPOLOGY, T0 } from "../helpers/supervisor-harness.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "self-heal-rt-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe("createRuntime", () => {
  it("survives a restart: the journal rebuilds cooldowns and routes, and status.json is written 0600", async () => {
    const stateDir = tempDir();
    const clock = new ManualClock(T0);
    const host = new RecordingHost();
    const first = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host, clock, random: seededRandom(1), inline: true });
    first.supervisor.observe({ type: "call", ts: clock.now(), model: "p/primary", provider: "p", ok: false, classification: { category: "rate_limit", retryable: true, retryAfterMs: 600_000, evidence: "429" } });
    await settle();
    expect(first.supervisor.route("main", "p/primary")).toBe("q/backup");
    first.stop();

    const status = JSON.parse(readFileSync(join(stateDir, "status.json"), "utf8"));
    expect(status.models.find((m: { id: string }) => m.id === "p/primary").state).toBe("cooldown");
    expect(statSync(join(stateDir, "status.json")).mode & 0o777).toBe(0o600);

    clock.advance(60_000);
    // The journal alone rebuilds it: stop() wrote snapshot.json, which is only a cache (see snapshot-*.int.test.ts).
    rmSync(join(stateDir, "journal", "snapshot.json"));
    const second = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(2), inline: true });
    expect(second.replayed?.checkpoints).toBeGreaterThan(0);
    expect(second.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
    expect(second.supervisor.route("main", "p/primary")).toBe("q/backup");
    second.stop();
  });

  it("lets only one runtime act on a state dir; the second observes without executing", async () => {
    const stateDir = tempDir();
    const clock = new ManualClock(T0);
    const first = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(1), inline: true });
    const messages: string[] = [];
    const secondHost = new RecordingHost();
    // Simulate another live process holding the lock: rewrite the lock with our parent's pid.
    const lockFile = join(stateDir, "journal", ".lock");
    expect(existsSync(lockFile)).toBe(true);
    const lock = JSON.parse(readFileSync(lockFile, "utf8"));
    lock.pid = process.ppid;
    const { writeFileSync } = await import("node:fs");
    writeFileSync(lockFile, JSON.stringify(lock));
    const second = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: secondHost, clock, random: seededRandom(1), inline: true, log: (_l, m) => messages.push(m) });
    expect(second.journal.stats().mode).toBe("read-only");
    expect(second.executor.mode()).toBe("dry_run");
    expect(messages.join("\n")).toMatch(/another process holds/);
    second.supervisor.observe({ type: "call", ts: clock.now(), model: "p/primary", provider: "p", ok: false, classification: { category: "server_overload", retryable: true, evidence: "503" } });
    await settle();
    expect(secondHost.calls).toEqual([]);
    second.stop();
    first.stop();
  });

  it("applies a new config to live actors and journals a rejected one", async () => {
    const stateDir = tempDir();
    const clock = new ManualClock(T0);
    const rt = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock, random: seededRandom(1), inline: true });
    const next = parseConfig({ dryRun: true, model: { baseCooldownSeconds: 600, maxCooldownSeconds: 1200, maxProbeGapSeconds: 0 } });
    if (!next.ok) throw new Error("bad test config");
    rt.reconfigure(next.config, { ...TOPOLOGY, agents: [{ agentId: "main", chain: ["p/primary", "s/new"] }] });
    expect(rt.supervisor.stateOf("model", "s/new")).toBe("healthy");
    expect(rt.supervisor.stateOf("model", "r/third")).toBeUndefined();
    rt.supervisor.observe({ type: "call", ts: clock.now(), model: "p/primary", provider: "p", ok: false, classification: { category: "server_overload", retryable: true, evidence: "503" } });
    await settle();
    const until = Date.parse(rt.status().models.find((m) => m.id === "p/primary")?.until ?? "");
    expect(until - clock.now()).toBeGreaterThanOrEqual(600_000);
    rt.rejectConfig(["/model/failureThreshold: must be >= 1"]);
    rt.journal.flushSync();
    const day = new Date(T0).toISOString().slice(0, 10);
    const lines = readFileSync(join(stateDir, "journal", `${day}.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.some((r) => r.type === "config.rejected" && r.errors[0].includes("failureThreshold"))).toBe(true);
    expect(lines.some((r) => r.type === "config.applied")).toBe(true);
    rt.stop();
  });
});
