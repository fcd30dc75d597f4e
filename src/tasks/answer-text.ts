// What the user reads when an earlier message is answered late, pure: the answer, marked with the first
// words of the question it answers (a quote works on every channel; IRC has no reply-to).

/** Longest quote of the question, in characters (cut at a word boundary, "..." added). */
export const QUOTE_MAX_CHARS = 60;

/** Lines OpenClaw adds around the user's text (metadata blocks, fences). */
const METADATA_LINE = /^(```|conversation info|sender \(|untrusted)/i;

/**
 * The first words of the user's message. OpenClaw hands the agent the message with its own context blocks
 * appended (untrusted metadata, conversation info): only the first non-empty line is the user's text.
 */
export function quoteOf(question: string): string {
  const line = question.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0 && !METADATA_LINE.test(l)) ?? "";
  // An envelope such as "[IRC owner 2026-12-07 08:01] " before the text is OpenClaw's, not the user's.
  const flat = line.replace(/^\[[^\]]{0,200}\]\s*/, "").replace(/\s+/g, " ").replace(/"/g, "'");
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
