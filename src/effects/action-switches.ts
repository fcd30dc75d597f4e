// Maps each action to its on/off switch in config.actions.
import type { ActionName } from "../domain/effects.js";
import type { ActionSwitches } from "../config/types.js";

const SWITCH: Record<ActionName, keyof ActionSwitches> = {
  route_around: "routeAround",
  fail_back: "failBack",
  probe_model: "probeModel",
  patch_session: "patchSession",
  restart_channel: "restartChannel",
  restart_gateway: "restartGateway",
  disable_cron: "disableCron",
  disable_plugin: "disablePlugin",
  recover_task: "recoverTask",
  alert: "alert",
};

export function actionEnabled(switches: ActionSwitches, action: ActionName): boolean {
  return switches[SWITCH[action]];
}

export function switchName(action: ActionName): string {
  return `actions.${SWITCH[action]}`;
}
