// Bounds the simulated work of a scenario before it runs: a rehearsal that would take minutes and fill the disk is
// refused with a clear error (how much it asked for, the limit, and what to shorten) instead of running.
import type { Problems } from "./checks.js";
import type { Scenario } from "./scenario-types.js";

/** User turns (turn and load steps) plus cron runs a rehearsal may simulate: about a minute and 60 MB of journal. */
export const MAX_SIMULATED_TURNS = 100_000;
/** Channel status readings a rehearsal may simulate (each supervised channel is read every channels.pollSeconds). */
export const MAX_CHANNEL_POLLS = 200_000;

export interface SimulatedWork {
  readonly turns: number;
  readonly cronRuns: number;
  readonly channelPolls: number;
}

/** How much the scenario asks the simulator to do (an upper estimate; load arrivals are jittered ±20 %). */
export function simulatedWork(scenario: Pick<Scenario, "startMs" | "untilMs" | "steps" | "openclaw" | "config">): SimulatedWork {
  let turns = 0;
  for (const step of scenario.steps) {
    if (step.kind === "turn") turns += 1;
    else if (step.kind === "load") turns += Math.ceil(((step.load.untilMs - step.atMs) / 60_000) * step.load.turnsPerMinute * 1.25);
  }
  let cronRuns = 0;
  for (const job of scenario.openclaw.cron) {
    if (job.everyMs > 0) cronRuns += Math.max(0, Math.floor((scenario.untilMs - (job.firstRunMs ?? scenario.startMs + job.everyMs)) / job.everyMs) + 1);
  }
  const channels = scenario.config.channels.ids?.length ?? scenario.openclaw.channels.length;
  const channelPolls = channels * Math.ceil((scenario.untilMs - scenario.startMs) / (scenario.config.channels.pollSeconds * 1000));
  return { turns, cronRuns, channelPolls };
}

const count = (n: number) => n.toLocaleString("en-US");

/** Adds a problem when the scenario's simulated work exceeds the bounds. */
export function checkBounds(scenario: Parameters<typeof simulatedWork>[0], problems: Problems): void {
  const work = simulatedWork(scenario);
  const turns = work.turns + work.cronRuns;
  if (turns > MAX_SIMULATED_TURNS) {
    problems.add(
      "steps",
      `this scenario would simulate about ${count(turns)} turns (${count(work.turns)} user turns, ${count(work.cronRuns)} cron runs); a rehearsal simulates at most ${count(MAX_SIMULATED_TURNS)}. Lower load.turnsPerMinute, shorten load.until or "until", or split it into several rehearsals`,
    );
  }
  if (work.channelPolls > MAX_CHANNEL_POLLS) {
    problems.add(
      "openclaw.channels",
      `this scenario would read channel status about ${count(work.channelPolls)} times; a rehearsal simulates at most ${count(MAX_CHANNEL_POLLS)}. Supervise fewer channels, raise config.channels.pollSeconds, or shorten "until"`,
    );
  }
}
