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
});
