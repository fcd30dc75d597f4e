// Cron in the simulated gateway: each job runs every `every` in virtual time and reports through cron_changed.
import type { TimerHandle } from "../../domain/clock.js";
import type { World, CronWorld } from "./world.js";
import type { TurnRecord } from "./turn-engine.js";
import { between, sleep, type SimContext } from "./sim-context.js";
import { cronChanged, gatewayCtx, splitModel } from "./payloads.js";

export interface CronRunRecord {
  readonly jobId: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly ok: boolean;
  readonly error?: string | undefined;
  readonly model?: string | undefined;
}

const DEFAULT_ERROR = "Error: cron job exited with code 1";

export class CronScheduler {
  readonly runs: CronRunRecord[] = [];
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly sim: SimContext,
    private readonly world: World,
    /** Runs the job's agent turn (trigger "cron") through the same chain as user turns. */
    private readonly runTurn: (jobId: string, prompt: string) => Promise<TurnRecord>,
    private readonly note: (event: { actor: string; text: string }) => void,
  ) {}

  start(): void {
    for (const job of this.world.cron.values()) this.schedule(job, job.firstRunMs);
  }

  stop(): void {
    for (const timer of this.timers.values()) this.sim.clock.clearTimer(timer);
    this.timers.clear();
  }

  /** `openclaw cron disable <id>`: the job runs no more. */
  disable(jobId: string): void {
    const job = this.world.cron.get(jobId);
    if (job) job.disabled = true;
    const timer = this.timers.get(jobId);
    if (timer) this.sim.clock.clearTimer(timer);
    this.timers.delete(jobId);
  }

  private schedule(job: CronWorld, atMs: number): void {
    if (job.disabled) return;
    this.timers.set(job.id, this.sim.clock.setTimer(atMs, () => {
      this.timers.delete(job.id);
      if (job.disabled) return;
      this.schedule(job, atMs + job.everyMs);
      void this.run(job, atMs + job.everyMs);
    }));
  }

  private async run(job: CronWorld, nextRunAtMs: number): Promise<void> {
    const { clock } = this.sim;
    const startedAt = clock.now();
    this.sim.sink.hook("cron_changed", cronChanged({ action: "started", jobId: job.id, runAtMs: startedAt }), gatewayCtx());
    let ok: boolean;
    let error: string | undefined;
    let turn: TurnRecord | undefined;
    if (job.fails) {
      await sleep(clock, between(this.sim.rng, 1_500, 4_000));
      ok = false;
      error = job.error ?? DEFAULT_ERROR;
    } else {
      turn = await this.runTurn(job.id, `[cron:${job.id} ${job.name ?? job.id}] scheduled run`);
      ok = turn.ok;
      error = turn.error;
    }
    const endedAt = clock.now();
    const answered = turn?.model ? splitModel(turn.model) : undefined;
    this.sim.sink.hook(
      "cron_changed",
      cronChanged({
        action: "finished", jobId: job.id, status: ok ? "ok" : "error", ...(error && !ok ? { error } : {}),
        durationMs: endedAt - startedAt, runAtMs: startedAt, nextRunAtMs, delivered: false,
        ...(answered ? { provider: answered.provider, model: answered.model } : {}),
        ...(turn ? { runId: turn.runId, sessionKey: `agent:${turn.agentId}:explicit:${turn.session}` } : {}),
      }),
      gatewayCtx(),
    );
    this.runs.push({ jobId: job.id, startedAt, endedAt, ok, ...(error && !ok ? { error } : {}), ...(turn?.model ? { model: turn.model } : {}) });
    this.note({ actor: `cron ${job.id}`, text: ok ? "run ok" : `run failed: ${(error ?? "").slice(0, 120)}` });
  }
}
