// In-process helpers: temp dirs, a runtime on a ManualClock with a log collector, and a way to advance time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { parseConfig } from "../../../src/config/parse-config.js";
import type { SelfHealConfig } from "../../../src/config/types.js";
import type { Topology } from "../../../src/config/topology.js";
import { ManualClock } from "../../../src/domain/clock.js";
import { seededRandom } from "../../../src/domain/random.js";
import type { Host } from "../../../src/host/host.js";
import { createRuntime, type Runtime } from "../../../src/runtime/create-runtime.js";
import { RecordingHost } from "../../helpers/fake-host.js";
import { T0, TOPOLOGY } from "../../helpers/supervisor-harness.js";
import { advanceVirtual } from "../../helpers/virtual-time.js";

export { T0, TOPOLOGY };

/** A fresh temp dir per call, all removed after each test. */
export function useTempDirs(prefix = "self-heal-rel-"): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

export function configOf(raw: Record<string, unknown> = {}): SelfHealConfig {
  const parsed = parseConfig(raw);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

export interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
}

export interface Kit {
  readonly runtime: Runtime;
  readonly clock: ManualClock;
  readonly host: RecordingHost;
  readonly logs: LogLine[];
  /** Lets queued promises (executor) and setImmediate drains run. */
  settle(): Promise<void>;
  /** Advances virtual time by `ms`, running due timers in order and settling after each. */
  advance(ms: number): Promise<void>;
}

export const settle = async (): Promise<void> => {
  for (let i = 0; i < 6; i++) await new Promise((resolve) => setImmediate(resolve));
};

export function startRuntime(
  stateDir: string,
  opts: { config?: SelfHealConfig; topology?: Topology; clock?: ManualClock; host?: RecordingHost; hostOverride?: Host; inline?: boolean } = {},
): Kit {
  const clock = opts.clock ?? new ManualClock(T0);
  const host = opts.host ?? new RecordingHost();
  const logs: LogLine[] = [];
  const runtime = createRuntime({
    stateDir,
    config: opts.config ?? configOf(),
    topology: opts.topology ?? TOPOLOGY,
    host: opts.hostOverride ?? host,
    clock,
    random: seededRandom(3),
    inline: opts.inline ?? true,
    log: (level, message) => logs.push({ level, message }),
  });
  return {
    runtime,
    clock,
    host,
    logs,
    settle,
    advance: (ms: number) => advanceVirtual(clock, ms, settle),
  };
}
