import { describe, it, expect } from "vitest";
import { quoteOf, recoveredAnswerText, QUOTE_MAX_CHARS } from "../../src/tasks/index.js";

describe("a recovered answer as the user reads it", () => {
  it("is marked as the answer to the earlier message, quoting it, then gives the answer", () => {
    expect(recoveredAnswerText("what is the capital of France?", "Paris.\n")).toBe(
      'Answer to your earlier message "what is the capital of France?" (it could not be answered when you sent it):\nParis.',
    );
  });

  it("quotes only the first words of a long question, cut at a word", () => {
    const q = quoteOf("please summarise the attached quarterly report and list every risk the auditors named in it");
    expect(q.length).toBeLessThanOrEqual(QUOTE_MAX_CHARS + 3);
    expect(q.endsWith("...")).toBe(true);
    expect("please summarise the attached quarterly report and list every risk".startsWith(q.slice(0, -3))).toBe(true);
    expect(q.slice(0, -3).endsWith(" ")).toBe(false);
  });

  it("quotes the user's own words, not OpenClaw's envelope or the metadata blocks it appends", () => {
    expect(quoteOf("[IRC user 2026-12-07 08:01 UTC] and the capital of Germany?\n\nConversation info (untrusted metadata):\n```json\n{}\n```")).toBe("and the capital of Germany?");
  });

  it("keeps the quote on one line and never breaks its own quotation marks", () => {
    expect(quoteOf('say "hi"   to\tthem')).toBe("say 'hi' to them");
  });

  it("still names the earlier message when its text is unknown", () => {
    expect(recoveredAnswerText("", "42")).toBe("Answer to your earlier message (it could not be answered when you sent it):\n42");
  });
});
