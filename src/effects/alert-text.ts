// Turns an alert effect into the text an operator reads: what, why, evidence, next attempt, what to do.
import type { Effect } from "../domain/effects.js";
import type { Alert } from "../host/host.js";
import type { AlertSeverity } from "../domain/effects.js";
import { providerOf } from "../domain/events.js";

const ADVICE: Record<string, (model: string) => string> = {
  auth_failed: (m) => `Re-authenticate: \`openclaw models auth login --provider ${providerOf(m)} --force\`, then \`openclaw self-heal clear ${m}\` to use it again at once.`,
  quota_exhausted: (m) => `Top up billing or raise the quota for ${providerOf(m)}, or move ${m} down the fallback chain; then \`openclaw self-heal clear ${m}\`.`,
  context_too_long: () => "Shorten the prompt or start a fresh session (/new).",
  rate_limit: (m) => `Lower the request rate on ${m} or add a fallback from another provider.`,
};

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

export function alertFromEffect(effect: Effect, ts: number): Alert {
  const p = effect.params ?? {};
  const severity = (str(p.severity) as AlertSeverity | undefined) ?? "warning";
  const model = str(p.model);
  const category = str(p.category);
  const lines: string[] = [];
  if (Array.isArray(p.lines)) for (const l of p.lines) if (typeof l === "string") lines.push(l);
  if (lines.length === 0) {
    const what = model ?? effect.target;
    lines.push(`${what}: ${effect.reason}`);
    if (category) lines.push(`category: ${category}`);
    const evidence = str(p.evidence);
    if (evidence) lines.push(`evidence: ${evidence}`);
    const until = typeof p.until === "number" ? p.until : undefined;
    if (until !== undefined) lines.push(`next attempt: ${new Date(until).toISOString()}`);
    if (model && category && ADVICE[category]) lines.push(`what you can do: ${ADVICE[category](model)}`);
  }
  const title = str(p.title) ?? `[self-heal] ${severity}: ${model ?? effect.target} — ${effect.reason}`;
  const key = str(p.key) ?? `${effect.target}|${model ?? ""}|${category ?? effect.reason}|${severity}`;
  return { key, severity, title, lines, ts, details: p };
}
