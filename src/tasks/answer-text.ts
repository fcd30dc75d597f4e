// What the user reads when an earlier message is answered late, pure: the answer, marked with the first
// words of the question it answers (a quote works on every channel; IRC has no reply-to).

/** Longest quote of the question, in characters (cut at a word boundary, "..." added). */
export const QUOTE_MAX_CHARS = 60;

/**
 * OpenClaw 2026.9's provenance mark on every context header it adds to an inbound message
 * (`Conversation info (untrusted metadata): ⟦openclaw:ctx⟧`, `Sender: ⟦openclaw:ctx⟧`, `Context: ⟦openclaw:ctx⟧`).
 */
const CONTEXT_MARK = "⟦openclaw:ctx⟧";
/** Headers of the same blocks without the mark (older OpenClaw): "Conversation info (untrusted metadata):". */
const LEGACY_HEADER = /^(conversation info|sender|thread starter)\b[^:]*\(untrusted[^)]*\):?$/i;
/**
 * A Telegram reply: OpenClaw puts "Current message:", "[Replying to: "…"]" and "#<message id>:" before the text,
 * joined to it by a space ("#42: the user's text").
 */
const CURRENT_MESSAGE = "Current message:";
const MESSAGE_ID = /^#[^\s:]{1,40}:\s*/;
/** The delivery hints OpenClaw puts before the text in some runs ("Delivery: to send a message, use the `message` tool."). */
const DELIVERY_HINT = /^Delivery: .*`message` tool/;
/** An envelope such as "[IRC owner 2026-12-07 08:01]" or "[Mon 2026-12-07 08:01 UTC]" before the text. */
const ENVELOPE = /^\[[^\]]{0,200}\]\s*/;

/** Index of the first line after the block that header line `i` opens (a fenced block, or up to a blank line). */
function blockEnd(lines: readonly string[], i: number): number {
  let j = i + 1;
  if (lines[j]?.trim().startsWith("```")) {
    j += 1;
    while (j < lines.length && lines[j]!.trim() !== "```") j += 1;
    return j + 1;
  }
  while (j < lines.length && lines[j]!.trim() !== "") j += 1;
  return j;
}

/** The user's own first line: OpenClaw's context blocks, delivery hints and envelopes left out. */
function firstUserLine(question: string): string {
  const lines = question.split(/\r?\n/);
  let i = 0;
  let reply = false;
  while (i < lines.length) {
    const line = lines[i]!.trim();
    if (line === CURRENT_MESSAGE) reply = true;
    if (line === "" || line === CURRENT_MESSAGE || DELIVERY_HINT.test(line) || /^```\w*$/.test(line)) {
      i += 1;
      continue;
    }
    // "Context: ⟦openclaw:ctx⟧" ends the user's text: the channel context runs to the end.
    if (line === `Context: ${CONTEXT_MARK}`) return "";
    if (line === "Context:" && lines[i + 1]?.trim() === "<active_memory_plugin>") {
      // The active-memory plugin's block: up to its closing tag.
      const close = lines.findIndex((l, k) => k > i && l.trim() === "</active_memory_plugin>");
      i = close < 0 ? lines.length : close + 1;
      continue;
    }
    if (line.endsWith(CONTEXT_MARK) || LEGACY_HEADER.test(line)) {
      i = blockEnd(lines, i);
      continue;
    }
    const text = (reply ? line.replace(MESSAGE_ID, "") : line).replace(ENVELOPE, "").trim();
    if (text) return text;
    i += 1;
  }
  return "";
}

/**
 * The first words of the user's message, as OpenClaw handed it to the agent: its context blocks (untrusted
 * metadata, sender, conversation info, the channel context), delivery hints and the envelope before the text
 * are OpenClaw's, not the user's, and are left out.
 */
export function quoteOf(question: string): string {
  const flat = firstUserLine(question).replace(/\s+/g, " ").replace(/"/g, "'");
  if (flat.length <= QUOTE_MAX_CHARS) return flat;
  const cut = flat.slice(0, QUOTE_MAX_CHARS + 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > QUOTE_MAX_CHARS / 2 ? cut.slice(0, space) : flat.slice(0, QUOTE_MAX_CHARS)).trimEnd()}...`;
}

/** The recovered answer as sent to the user's chat. */
export function recoveredAnswerText(question: string, answer: string): string {
  const quote = quoteOf(question);
  const mark = quote ? `Answer to your earlier message "${quote}"` : "Answer to your earlier message";
  return `${mark} (it could not be answered when you sent it):\n${answer.trim()}`;
}
