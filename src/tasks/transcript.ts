// Reading OpenClaw session transcripts (subagent.getSessionMessages), pure. Shapes verified on 2026.9.6:
// the user message carries `idempotencyKey: "<runId>:user"`; replies carry `__openclaw.runId`.

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : undefined);

function runIdOf(m: Rec): string | undefined {
  const meta = rec(m.__openclaw);
  return typeof meta?.runId === "string" ? meta.runId : undefined;
}

function textOf(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.map((c) => (rec(c)?.type === "text" && typeof rec(c)?.text === "string" ? (rec(c)?.text as string) : "")).filter((t) => t.length > 0);
  return parts.length > 0 ? parts.join("\n") : undefined;
}

/** A message OpenClaw wrote for run `runId`: tagged with the run, or keyed `<runId>:<part>`. */
function ofRun(m: Rec, runId: string): boolean {
  if (runIdOf(m) === runId) return true;
  const key = typeof m.idempotencyKey === "string" ? m.idempotencyKey : rec(m.__openclaw)?.idempotencyKey;
  return typeof key === "string" && key.startsWith(`${runId}:`) && key !== `${runId}:user`;
}

/**
 * Where the user message of run `runId` is. A turn started through the gateway's `agent` method keys it
 * `<runId>:user`; a channel turn keys it by the channel message (`channel-user:v1:<hash>`), so there it is the
 * last user message before the first message of the run (e.g. its error reply).
 */
function userIndexOf(messages: readonly unknown[], runId: string): number {
  const key = `${runId}:user`;
  let lastUser = -1;
  for (let i = 0; i < messages.length; i++) {
    const m = rec(messages[i]);
    if (!m) continue;
    if (m.role === "user" && (m.idempotencyKey === key || rec(m.__openclaw)?.idempotencyKey === key)) return i;
    if (ofRun(m, runId)) return lastUser;
    if (m.role === "user") lastUser = i;
  }
  return -1;
}

/** The text of the user message of run `runId`, if the transcript still holds it. */
export function userMessageOf(messages: readonly unknown[], runId: string): string | undefined {
  const i = userIndexOf(messages, runId);
  return i < 0 ? undefined : textOf(rec(messages[i])?.content);
}

/** The visible answer run `runId` left in the transcript (an assistant message that is not an error). */
export function answerOf(messages: readonly unknown[], runId: string): string | undefined {
  for (const raw of messages) {
    const m = rec(raw);
    if (!m || m.role !== "assistant" || runIdOf(m) !== runId || m.stopReason === "error" || m.stopReason === "aborted") continue;
    const text = textOf(m.content);
    if (text) return text;
  }
  return undefined;
}

/**
 * Tools run `runId` called (their effects may already have happened: never re-run it): tool calls and
 * results after its user message, up to the next user message, or tagged with its runId.
 */
export function usedTools(messages: readonly unknown[], runId: string): string[] {
  const names = new Set<string>();
  const from = userIndexOf(messages, runId);
  let inside = false;
  for (let i = 0; i < messages.length; i++) {
    const m = rec(messages[i]);
    if (!m) continue;
    if (m.role === "user") inside = i === from;
    if (!inside && runIdOf(m) !== runId) continue;
    if (m.role === "toolResult" && typeof m.toolName === "string") names.add(m.toolName);
    if (Array.isArray(m.content)) {
      for (const c of m.content) {
        const part = rec(c);
        if (part && (part.type === "toolCall" || part.type === "tool_use") && typeof part.name === "string") names.add(part.name);
      }
    }
  }
  return [...names];
}
