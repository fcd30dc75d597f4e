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

  it("quotes a Telegram message, not the context blocks OpenClaw 2026.9 puts before it", () => {
    const telegram = [
      "Conversation info: ⟦openclaw:ctx⟧",
      "```json",
      '{"message_id":"42","sender_id":"1001","sender":"Owner","timestamp":"Mon 2026-12-07 10:01 UTC"}',
      "```",
      "",
      "Sender: ⟦openclaw:ctx⟧",
      "```json",
      '{"label":"Owner (1001)","id":"1001","name":"Owner"}',
      "```",
      "",
      "how far is the moon from the earth?",
    ].join("\n");
    expect(quoteOf(telegram)).toBe("how far is the moon from the earth?");
  });

  it("quotes a Telegram reply without the quoted message or its id, and skips chat history and delivery hints", () => {
    const reply = ["Delivery: to send a message, use the `message` tool.", "", "Chat history since last reply: ⟦openclaw:ctx⟧", "Friend: see you at 8", "", "Current message:", '[Replying to: "see you at 8"]', "#57: make it 9 please"].join("\n");
    expect(quoteOf(reply)).toBe("make it 9 please");
  });

  it("quotes a user's own line that starts like a hint", () => {
    expect(quoteOf("Delivery: my parcel never came, what now?")).toBe("Delivery: my parcel never came, what now?");
  });

  it("quotes the text before the channel context OpenClaw appends, and nothing from that context", () => {
    expect(quoteOf("[Mon 2026-12-07 10:01 UTC] is it raining?\n\nContext: ⟦openclaw:ctx⟧\nchannel: #general")).toBe("is it raining?");
    expect(quoteOf("Context: ⟦openclaw:ctx⟧\nchannel: #general")).toBe("");
  });

  it("takes the next line when a line holds only OpenClaw's envelope", () => {
    expect(quoteOf("[Telegram Owner id:1001 2026-12-07 10:01 UTC]\nwhat time is it in Tokyo?")).toBe("what time is it in Tokyo?");
  });

  it("keeps the quote on one line and never breaks its own quotation marks", () => {
    expect(quoteOf('say "hi"   to\tthem')).toBe("say 'hi' to them");
  });

  it("still names the earlier message when its text is unknown", () => {
    expect(recoveredAnswerText("", "42")).toBe("Answer to your earlier message (it could not be answered when you sent it):\n42");
  });
});
