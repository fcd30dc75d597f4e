// Builds a real supervisor (machines, executor, bus) on a ManualClock and an in-memory journal.
import { ManualClock } from "../../src/domain/clock.js";
import { seededRandom } from "../../src/domain/random.js";
import type { DomainEvent } from "../../src/domain/events.js";
import type { Classification } from "../../src/domain/taxonomy.js";
import { parseConfig } from "../../src/config/parse-config.js";
import type { SelfHealConfig } from "../../src/config/types.js";
import type { Topology } from "../../src/config/topology.js";
import { Executor, type ExecutorMode } from "../../src/effects/executor.js";
import { MemoryJournal } from "../../src/effects/journal-port.js";
import { SupervisorBus } from "../../src/runtime/bus.js";
import { Supervisor } from "../../src/runtime/supervisor.js";
import { RecordingHost } from "./fake-host.js";
import { advanceVirtual, settlePromises } from "./virtual-time.js";

export const T0 = Date.parse("2026-02-12T13:00:00Z");

export interface Harness {
  clock: ManualClock;
  host: RecordingHost;
  journal: MemoryJournal;
  bus: SupervisorBus;
  executor: Executor;
  supervisor: Supervisor;
  config: SelfHealConfig;
  /** Advances virtual time by `ms`, letting executor promises settle after every timer. */
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
  fail(model: string, classification: Partial<Classification> & Pick<Classification, "category">): void;
  ok(model: string): void;
  types(): string[];
}

export const TOPOLOGY: Topology = {
  agents: [{ agentId: "main", chain: ["p/primary", "q/backup", "r/third"] }],
  channels: ["whatsapp"],
  cron: [{ id: "daily" }],
};

export function harness(rawConfig: Record<string, unknown> = {}, opts: { topology?: Topology; mode?: ExecutorMode } = {}): Harness {
  const parsed = parseConfig(rawConfig);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const config = parsed.config;
  const clock = new ManualClock(T0);
  const host = new RecordingHost();
  const journal = new MemoryJournal(() => clock.now());
  const bus = new SupervisorBus();
  const executor = new Executor({ host, journal, clock, bus, config: () => supervisor.config, hold: (effect, now) => supervisor.operatorHold(effect, now), ...(opts.mode ? { mode: () => opts.mode as ExecutorMode } : {}) });
  const supervisor: Supervisor = new Supervisor({ config, topology: opts.topology ?? TOPOLOGY, clock, random: seededRandom(7), journal, executor, bus, inline: true });
  const settle = () => settlePromises();
  return {
    clock, host, journal, bus, executor, supervisor, config, settle,
    advance: (ms) => advanceVirtual(clock, ms, settle),
    fail(model, c) {
      const event: DomainEvent = { type: "call", ts: clock.now(), model, provider: model.split("/")[0] ?? model, ok: false, classification: { retryable: true, evidence: "test", ...c } };
      supervisor.observe(event);
    },
    ok(model) {
      supervisor.observe({ type: "call", ts: clock.now(), model, provider: model.split("/")[0] ?? model, ok: true });
    },
    types: () => journal.records.map((r) => r.type),
  };
}
