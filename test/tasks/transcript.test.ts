import { describe, it, expect } from "vitest";
import { answerOf, usedTools, userMessageOf } from "../../src/tasks/index.js";

// Shapes copied from subagent.getSessionMessages on openclaw 2026.9.6 (test/e2e/task-recovery.e2e.test.ts).
const failed = [
  { role: "user", content: "what is the capital of France?", idempotencyKey: "run-1:user", __openclaw: { idempotencyKey: "run-1:user", seq: 1 } },
  { role: "assistant", content: [], stopReason: "error", errorMessage: "503 …", idempotencyKey: "run-1:terminal-error", __openclaw: { runId: "run-1", seq: 2 } },
];
const answered = [
  ...failed,
  { role: "user", content: "what is the capital of France?", idempotencyKey: "selfheal-t1-1:user", __openclaw: { idempotencyKey: "selfheal-t1-1:user", seq: 3 } },
  { role: "assistant", content: [{ type: "text", text: "PARIS" }], stopReason: "stop", __openclaw: { runId: "selfheal-t1-1", seq: 4 } },
];

describe("session transcripts", () => {
  it("find the user message of a run by its idempotency key", () => {
    expect(userMessageOf(failed, "run-1")).toBe("what is the capital of France?");
    expect(userMessageOf(failed, "run-2")).toBeUndefined();
  });

  it("see an answer of a re-run key, but not an error reply", () => {
    expect(answerOf(failed, "run-1")).toBeUndefined();
    expect(answerOf(answered, "selfheal-t1-1")).toBe("PARIS");
    expect(answerOf(answered, "selfheal-t1-2")).toBeUndefined();
  });

  it("report tools the failed turn called, and none for a plain turn", () => {
    expect(usedTools(failed, "run-1")).toEqual([]);
    const withTools = [
      failed[0],
      { role: "assistant", content: [{ type: "toolCall", name: "send_email", arguments: {} }], stopReason: "toolUse" },
      { role: "toolResult", toolName: "send_email", content: [] },
      failed[1],
      { role: "user", content: "next", idempotencyKey: "run-9:user" },
      { role: "toolResult", toolName: "other", content: [] },
    ];
    expect(usedTools(withTools, "run-1")).toEqual(["send_email"]);
  });

  // A channel turn (IRC, openclaw 2026.9.6, test/e2e/recovered-answer.e2e.test.ts): the user message is keyed by the
  // channel message, and the failed run's first message is its error reply.
  const channel = [
    { role: "user", content: "hello", idempotencyKey: "channel-user:v1:aa", __openclaw: { senderId: "user!~user@127.0.0.1" } },
    { role: "assistant", content: [{ type: "text", text: "hi" }], stopReason: "stop", __openclaw: { runId: "run-0" } },
    { role: "user", content: "what is the capital of France?", idempotencyKey: "channel-user:v1:bb", __openclaw: { senderId: "user!~user@127.0.0.1" } },
    { role: "assistant", content: [], stopReason: "error", idempotencyKey: "run-1:terminal-error", __openclaw: { runId: "run-1" } },
    { role: "assistant", content: [{ type: "text", text: "The model provider returned a temporary internal error." }], stopReason: "stop" },
    { role: "user", content: "and of Germany?", idempotencyKey: "channel-user:v1:cc" },
  ];

  it("find a channel turn's user message as the last user message before the run's first message", () => {
    expect(userMessageOf(channel, "run-1")).toBe("what is the capital of France?");
    expect(userMessageOf(channel, "run-0")).toBe("hello");
    expect(userMessageOf(channel, "run-7")).toBeUndefined();
  });

  it("report tools a channel turn called between its user message and its error, not those of other turns", () => {
    const withTools = [
      ...channel.slice(0, 3),
      { role: "assistant", content: [{ type: "toolCall", name: "send_email", arguments: {} }], stopReason: "toolUse", __openclaw: { runId: "run-1" } },
      { role: "toolResult", toolName: "send_email", content: [] },
      ...channel.slice(3),
      { role: "toolResult", toolName: "other", content: [] },
    ];
    expect(usedTools(withTools, "run-1")).toEqual(["send_email"]);
    expect(usedTools(channel, "run-1")).toEqual([]);
  });
});
