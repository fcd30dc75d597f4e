import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { systemClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import { defaultConfig } from "../../src/config/parse-config.js";
import { createRuntime } from "../../src/runtime/create-runtime.js";
import { RecordingHost } from "../helpers/fake-host.js";
import { TOPOLOGY } from "../helpers/supervisor-harness.js";
import { runCli, tempDirs } from "../helpers/cli-harness.js";
import { gatewayCaller } from "../../src/cli/commands/operator.js";

const tmp = tempDirs("self-heal-opcli-");
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function disabledPrimary(stateDir: string) {
  const rt = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock: systemClock(), random: seededRandom(1), inline: true });
  rt.supervisor.observe({ type: "call", ts: Date.now(), model: "p/primary", provider: "p", ok: false, classification: { category: "auth_failed", retryable: false, evidence: "HTTP 401" } });
  return rt;
}

describe("self-heal <verb> on the command line", () => {
  it("offline, records the request in a stopped gateway's journal; the next start replays it to a cleared model", async () => {
    const stateDir = tmp();
    const first = disabledPrimary(stateDir);
    await settle();
    expect(first.supervisor.route("main", "p/primary")).toBe("q/backup");
    first.stop();
    const r = await runCli(["clear", "p/primary", "--state-dir", stateDir, "--by", "ops"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Recorded "clear p\/primary" in .*journal; the gateway applies it when it next starts\.\n$/);
    const day = new Date().toISOString().slice(0, 10);
    const lines = readFileSync(join(stateDir, "journal", `${day}.jsonl`), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: "operator.requested", verb: "clear", target: "p/primary", by: "ops", surface: "offline" });
    const second = createRuntime({ stateDir, config: defaultConfig(), topology: TOPOLOGY, host: new RecordingHost(), clock: systemClock(), random: seededRandom(1), inline: true });
    expect(second.supervisor.stateOf("model", "p/primary")).toBe("healthy");
    expect(second.supervisor.route("main", "p/primary")).toBeUndefined();
    second.stop();
  });

  it("offline refuses unknown targets, probes, and bad durations in plain words, writing nothing", async () => {
    const stateDir = tmp();
    const rt = disabledPrimary(stateDir);
    await settle();
    rt.stop();
    const before = readFileSync(join(stateDir, "journal", `${new Date().toISOString().slice(0, 10)}.jsonl`), "utf8");
    const unknown = await runCli(["clear", "x/y", "--state-dir", stateDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^self-heal clear: Nothing supervised is called "x\/y"\. Known targets: .*p\/primary/);
    const probe = await runCli(["probe", "p/primary", "--state-dir", stateDir]);
    expect(probe.err).toContain("probing needs a running gateway");
    expect(probe.err).toContain("openclaw gateway call self-heal.probe --params '{\"target\":\"p/primary\"}'");
    const pause = await runCli(["pause", "forever", "--state-dir", stateDir]);
    expect(pause.err).toContain('"forever" is not a duration');
    expect(readFileSync(join(stateDir, "journal", `${new Date().toISOString().slice(0, 10)}.jsonl`), "utf8")).toBe(before);
  });

  it("without --state-dir, goes through the gateway's self-heal.<verb> RPC and prints its answer or its error", async () => {
    const calls: string[][] = [];
    const original = gatewayCaller.run;
    try {
      gatewayCaller.run = async (argv) => {
        calls.push([...argv]);
        return argv[2] === "self-heal.pause"
          ? { code: 0, stdout: JSON.stringify({ ok: true, text: "Maintenance mode until X: …" }), stderr: "" }
          : { code: 1, stdout: "", stderr: "Error: gateway connect failed: connect ECONNREFUSED 127.0.0.1:18789" };
      };
      const ok = await runCli(["pause", "2h", "--by", "me"]);
      expect(ok.code).toBe(0);
      expect(ok.out).toBe("Maintenance mode until X: …\n");
      expect(calls[0]).toEqual(["gateway", "call", "self-heal.pause", "--params", JSON.stringify({ surface: "cli", duration: "2h", by: "me" }), "--json"]);
      const down = await runCli(["clear", "p/primary"]);
      expect(down.code).toBe(1);
      expect(down.err).toContain("self-heal clear: Error: gateway connect failed");
      expect(down.err).toContain("No running gateway answered. To act on a stopped gateway's state dir: self-heal clear p/primary --state-dir <dir>");
    } finally {
      gatewayCaller.run = original;
    }
  });
});
