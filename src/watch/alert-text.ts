// The words an owner reads when the watchdog acts on the gateway. Plain words; only commands that exist.
import type { GatewayHealth } from "./types.js";

export interface AlertFacts {
  readonly health: GatewayHealth;
  readonly seen: string;
  readonly host: string;
}

const WHAT: Record<GatewayHealth, string> = {
  up: "is up",
  down: "is down",
  hung: "is hung (running but not answering)",
  crash_loop: "keeps crashing",
};

/** The restart budget is spent: the watchdog stops restarting. */
export function escalationText(f: AlertFacts & { restarts: number; windowMs: number; stateDir: string }): string {
  return [
    `OpenClaw gateway on ${f.host} ${WHAT[f.health]}, and self-heal watch has stopped restarting it.`,
    `It restarted the gateway ${f.restarts} times in the last ${Math.round(f.windowMs / 60_000)} min and that did not keep it up.`,
    `What it saw: ${f.seen}.`,
    "Please look at it yourself: `openclaw gateway status --deep` and `openclaw logs` show why it fails.",
    `The watchdog restarts it again once the gateway has been seen up. Its log: ${f.stateDir}/watch/.`,
  ].join("\n");
}

/** openclaw.json was invalid: the last known good copy was put back, the gateway restarted. */
export function restoredText(f: AlertFacts & { backup: string; keptAs: string; diff: string; errors: readonly string[]; restarted: boolean }): string {
  return [
    `OpenClaw gateway on ${f.host} ${WHAT[f.health]}, and openclaw.json was invalid (${f.errors.slice(0, 2).join("; ") || "openclaw config validate failed"}).`,
    `self-heal watch put back the last copy that validated (${f.backup}) and ${f.restarted ? "restarted the gateway" : "could not restart the gateway"}.`,
    `The invalid file is kept as ${f.keptAs}. What changed (- invalid, + restored):`,
    f.diff || "(no line differs)",
  ].join("\n");
}

/** openclaw.json is invalid and no backup validates: nothing is restarted. */
export function refusedText(f: AlertFacts & { errors: readonly string[] }): string {
  return [
    `OpenClaw gateway on ${f.host} ${WHAT[f.health]}, and self-heal watch did not restart it: openclaw.json is invalid and no backup of it validates.`,
    `openclaw config validate says: ${f.errors.slice(0, 3).join("; ") || "invalid"}.`,
    "Fix the file (`openclaw config validate` shows what is wrong); the watchdog restarts the gateway once it validates.",
  ].join("\n");
}

/** A restart command failed. */
export function restartFailedText(f: AlertFacts & { command: string; error: string }): string {
  return [
    `OpenClaw gateway on ${f.host} ${WHAT[f.health]}, and self-heal watch could not restart it.`,
    `\`${f.command}\` failed: ${f.error}.`,
    `What it saw: ${f.seen}.`,
  ].join("\n");
}
