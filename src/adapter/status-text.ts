// Renders the status snapshot as short plain text for chat (/selfheal) and terminals.
import type { StatusSnapshot } from "../runtime/view.js";

export function statusText(s: StatusSnapshot | undefined, problems: readonly string[] = []): string {
  if (!s) return ["self-heal: not running", ...problems.map((p) => `- ${p}`)].join("\n");
  const lines = [`self-heal: ${s.health}${s.dryRun ? " (dry run)" : ""}`];
  const op = s.operator;
  if (op?.paused) lines.push(`maintenance mode until ${op.paused.until.slice(0, 16)}Z (by ${op.paused.by}): observing and journaling, acting on nothing; end it with: self-heal resume`);
  if (op?.silenced) lines.push(`alerts silenced until ${op.silenced.until.slice(0, 16)}Z (by ${op.silenced.by}); end it with: self-heal silence off`);
  for (const m of s.models) {
    const until = m.until ? ` until ${m.until.slice(11, 19)}Z` : "";
    const why = m.lastError && m.state !== "healthy" ? ` (${m.lastError.category})` : "";
    lines.push(`- ${m.id}: ${m.state}${why}${until}${m.routedAround ? ", routed around" : ""}`);
  }
  for (const c of s.channels) lines.push(`- channel ${c.id}: ${c.state}`);
  for (const c of s.cron.filter((j) => j.state !== "ok")) lines.push(`- cron ${c.id}: ${c.state} (${c.consecutiveFailures} failed runs)`);
  if (s.outage.agents.length > 0) lines.push(`outage: ${s.outage.agents.join(", ")}`);
  for (const q of s.quota ?? []) {
    const used = (["requests", "tokens"] as const).filter((k) => q[k].limit !== undefined).map((k) => `${q[k].used}/${q[k].limit} ${k}`);
    lines.push(`- quota ${q.model}: ${Math.floor(q.percent)}% of ${q.window} budget (${used.join(", ")}), resets ${q.resetsAt.slice(0, 16)}Z${q.routedUntil ? ", non-urgent turns routed away" : ""}`);
  }
  const last = s.recentActions.slice(-3);
  if (last.length > 0) lines.push("recent:", ...last.map((a) => `  ${a.at.slice(11, 19)}Z ${a.action} ${a.target}: ${a.outcome}${a.why ? ` (${a.why})` : ""}`));
  for (const p of problems) lines.push(`problem: ${p}`);
  return lines.join("\n");
}
