// An operator request on a state dir no gateway holds: checked against the journal's replayed state, then appended
// (fsync'ed) as `operator.requested`; the next gateway start replays it like any other record.
import { join } from "node:path";
import { systemClock } from "../../domain/clock.js";
import { openJournal, LockError } from "../../journal/index.js";
import { TARGETED_VERBS, type OperatorRequested, type OperatorVerb } from "../../domain/operator.js";
import { rebuildFromJournal } from "./replay.js";
import { operatorFields } from "../../runtime/operator-records.js";
import { checkAsk } from "../../runtime/operator-request.js";

export type OfflineResult = { ok: true; text: string; request: OperatorRequested } | { ok: false; error: string; code: number };

function rpcWay(verb: OperatorVerb, arg: string | undefined): string {
  const key = verb === "pause" || verb === "silence" ? "duration" : "target";
  const params = arg === undefined ? "{}" : JSON.stringify({ [key]: arg });
  return `openclaw self-heal ${verb}${arg ? ` ${arg}` : ""} (without --state-dir), or: openclaw gateway call self-heal.${verb} --params '${params}'`;
}

export function runOffline(stateDir: string, verb: OperatorVerb, arg: string | undefined, by: string, now: number): OfflineResult {
  if (verb === "probe") return { ok: false, code: 2, error: `probing needs a running gateway (its auth and runtime): ${rpcWay(verb, arg)}` };
  const rebuilt = rebuildFromJournal(stateDir);
  // The replayed actors say which targets exist; a Supervisor-like lookup over the rebuilt status.
  const ids = new Map<string, string>();
  for (const m of rebuilt?.status.models ?? []) ids.set(`model:${m.id}`, m.state);
  for (const c of rebuilt?.status.channels ?? []) ids.set(`channel:${c.id}`, c.state);
  for (const c of rebuilt?.status.cron ?? []) ids.set(`cron:${c.id}`, c.state);
  if (rebuilt) ids.set("gateway:gateway", rebuilt.status.gateway.state);
  const lookup = { stateOf: (kind: string, id: string) => ids.get(`${kind}:${id}`), actorList: () => [...ids.keys()].map((k) => ({ kind: k.slice(0, k.indexOf(":")), id: k.slice(k.indexOf(":") + 1) })) };
  if (TARGETED_VERBS.has(verb) && !rebuilt) return { ok: false, code: 2, error: `no journal in ${join(stateDir, "journal")} (is --state-dir right?)` };
  const ask = { verb, surface: "offline" as const, by, ...(arg !== undefined ? (verb === "pause" || verb === "silence" ? { duration: arg } : { target: arg }) : {}) };
  const checked = checkAsk(lookup, ask, now);
  if ("error" in checked) return { ok: false, code: 2, error: checked.error };
  let journal;
  try {
    journal = openJournal({ dir: join(stateDir, "journal"), clock: systemClock(), requireWriter: true });
  } catch (error) {
    if (error instanceof LockError) {
      const who = error.holder ? ` (pid ${error.holder.pid})` : "";
      return { ok: false, code: 3, error: `a running gateway${who} holds ${join(stateDir, "journal")}, so the request must go through it: ${rpcWay(verb, arg)}` };
    }
    return { ok: false, code: 1, error: `cannot write ${join(stateDir, "journal")}: ${(error as Error).message}` };
  }
  try {
    const request = checked.request;
    journal.append(request.type, operatorFields(request), { ts: request.ts, durable: true });
    journal.flushSync();
  } finally {
    journal.close();
  }
  const text = `Recorded "${verb}${arg ? ` ${arg}` : ""}" in ${join(stateDir, "journal")}; the gateway applies it when it next starts.`;
  return { ok: true, text, request: checked.request };
}
