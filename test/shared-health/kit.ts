// Two (or more) real runtimes (journal on disk, real clock) sharing health through one store (a real Redis).
import { mkdtempSync, rmSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Topology } from "../../src/config/topology.js";
import { systemClock } from "../../src/domain/clock.js";
import type { Classification } from "../../src/domain/taxonomy.js";
import { createRuntime, type Runtime } from "../../src/runtime/create-runtime.js";
import { RecordingHost } from "../helpers/fake-host.js";

export const TOPOLOGY: Topology = {
  agents: [{ agentId: "main", chain: ["p/primary", "q/backup", "r/third"] }],
  channels: [],
  cron: [],
};

export interface Gateway {
  readonly name: string;
  readonly runtime: Runtime;
  readonly host: RecordingHost;
  readonly logs: string[];
  readonly stateDir: string;
  fail(model: string, classification: Partial<Classification> & Pick<Classification, "category">): void;
  records(type: string): Array<Record<string, unknown>>;
  stop(): void;
}

export function startGateway(name: string, redis: Record<string, unknown> | undefined, rawConfig: Record<string, unknown> = {}): Gateway {
  const parsed = parseConfig({ ...rawConfig, ...(redis ? { sharedHealth: { redis: { gatewayName: name, ...redis } } } : {}) });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const stateDir = mkdtempSync(join(tmpdir(), `self-heal-shared-${name}-`));
  const host = new RecordingHost();
  const logs: string[] = [];
  const clock = systemClock();
  const runtime = createRuntime({ stateDir, config: parsed.config, topology: TOPOLOGY, host, clock, random: Math.random, log: (level, m) => logs.push(`${level}: ${m}`) });
  const journalDir = join(stateDir, "journal");
  return {
    name, runtime, host, logs, stateDir,
    fail(model, classification) {
      runtime.supervisor.observe({
        type: "call", ts: clock.now(), model, provider: model.split("/")[0] ?? model, ok: false,
        classification: { retryable: true, evidence: "HTTP 429", ...classification },
      });
    },
    records(type) {
      runtime.journal.flushSync();
      const out: Array<Record<string, unknown>> = [];
      for (const f of readdirSync(journalDir).filter((n) => n.endsWith(".jsonl")).sort()) {
        for (const line of readFileSync(join(journalDir, f), "utf8").split("\n")) {
          if (!line.trim()) continue;
          try {
            const r = JSON.parse(line) as Record<string, unknown>;
            if (r.type === type) out.push(r);
          } catch {
            // torn line
          }
        }
      }
      return out;
    },
    stop() {
      runtime.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 20 ms until it holds or `ms` pass; returns the elapsed ms (throws on timeout). */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<number> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}

export function linesMatching(logs: readonly string[], pattern: RegExp): string[] {
  return logs.filter((l) => pattern.test(l));
}
