// resilience_report({reportType: "recovery"}): the interrupted tasks and what became of them. Exported as
// recoveryReport(...) for the resilience_report tool (src/adapter/tools/**, built separately) to call.
import type { Task, TaskState } from "../../tasks/index.js";

export interface RecoveryReport {
  readonly text: string;
  readonly details: {
    readonly generatedAt: string;
    readonly counts: Readonly<Record<TaskState, number>>;
    readonly tasks: ReadonlyArray<{
      id: string; agentId: string; sessionKey: string; messageRef: string; state: TaskState; category: string;
      attempts: number; maxAttempts: number; createdAt: string; deadline: string; why?: string; lastError?: string;
    }>;
  };
}

const ORDER: readonly TaskState[] = ["pending", "running", "answered", "manual", "given_up", "dropped"];
const LABEL: Record<TaskState, string> = { pending: "waiting", running: "re-running", answered: "answered", manual: "needs you (tools ran)", given_up: "given up", dropped: "dropped (too old)" };

/**
 * The recovery report over `tasks` (e.g. `processState().runtime?.tasks?.list() ?? []`), newest first,
 * at most `limit` listed. No message content: tasks refer to the user's message by run id.
 */
export function recoveryReport(tasks: readonly Task[], now: number, limit = 20): RecoveryReport {
  const counts = Object.fromEntries(ORDER.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const t of tasks) counts[t.state]++;
  const listed = [...tasks].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows = listed.map((t) => ({
    id: t.id, agentId: t.agentId, sessionKey: t.sessionKey, messageRef: `${t.sourceRunId}:user`, state: t.state, category: t.category,
    attempts: t.attempts, maxAttempts: t.maxAttempts, createdAt: iso(t.createdAt), deadline: iso(t.deadline),
    ...(t.endedWhy ? { why: t.endedWhy } : {}), ...(t.lastError ? { lastError: t.lastError } : {}),
  }));
  const summary = ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${LABEL[s]}`).join(", ");
  const lines = [
    tasks.length === 0 ? "Task recovery: no interrupted turns." : `Task recovery: ${tasks.length} interrupted turn(s): ${summary}.`,
    ...rows.map((r) => `- ${r.createdAt} ${r.agentId} ${r.sessionKey}: ${LABEL[r.state]} after ${r.attempts}/${r.maxAttempts} re-run(s) (${r.category}${r.why ? `; ${r.why}` : ""})`),
    ...(tasks.length > listed.length ? [`… and ${tasks.length - listed.length} older`] : []),
  ];
  return { text: lines.join("\n"), details: { generatedAt: iso(now), counts, tasks: rows } };
}
