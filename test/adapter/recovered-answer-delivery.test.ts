import { describe, it, expect } from "vitest";
import { OpenClawHost, type GatewayCapabilities } from "../../src/adapter/openclaw-host.js";
import { OpenClawCli } from "../../src/adapter/openclaw-cli.js";
import type { DeliveryRoute } from "../../src/tasks/index.js";

const NOW = Date.parse("2026-12-07T08:00:00Z");
const ROUTE = { channel: "irc", to: "user" };
const userMsg = (runId: string, text: string) => ({ role: "user", content: [{ type: "text", text }], __openclaw: { idempotencyKey: `${runId}:user` } });
const answer = (runId: string, text: string) => ({ role: "assistant", content: [{ type: "text", text }], __openclaw: { runId } });

function host(opts: { transcript: unknown[]; sendFails?: boolean; now?: number; heldText?: string; noSend?: boolean }) {
  const sent: Array<{ route: DeliveryRoute; text: string }> = [];
  const runs: string[] = [];
  const transcript = [...opts.transcript];
  const caps = {
    subagentComplete: async () => ({}),
    llmComplete: async () => ({}),
    agentFor: () => ({ agentId: "main", primary: true }),
    schedule: <T>(fn: () => Promise<T>) => fn(),
    cli: new OpenClawCli(async () => ({ code: 0, stdout: "", stderr: "" })),
    getCron: () => undefined,
    emit: () => undefined,
    configPath: "/nonexistent",
    alertTarget: () => ({}),
    probing: new Set<string>(),
    now: () => opts.now ?? NOW,
    log: () => undefined,
    taskText: () => opts.heldText,
    ...(opts.noSend ? {} : {
      sendText: async (route: DeliveryRoute, text: string) => {
        if (opts.sendFails) throw new Error("IRC connection closed before send");
        sent.push({ route, text });
      },
    }),
    subagent: {
      run: async (p: { idempotencyKey: string; message: string }) => {
        runs.push(p.message);
        transcript.push(answer(p.idempotencyKey, "Paris."));
        return { runId: p.idempotencyKey };
      },
      waitForRun: async () => ({ status: "ok" }),
      getSessionMessages: async () => ({ messages: [...transcript] }),
    },
  } satisfies GatewayCapabilities;
  return { host: new OpenClawHost(caps), sent, runs };
}

const params = (extra: Record<string, unknown> = {}) => ({ taskId: "t1", sessionKey: "agent:main:main", sourceRunId: "run-1", runKey: "selfheal-t1-1", attempt: 1, priorKeys: [], ...extra });

describe("a recovered answer", () => {
  it("is sent to the chat the question came from, once, marked with the question's first words", async () => {
    const { host: h, sent, runs } = host({ transcript: [userMsg("run-1", "what is the capital of France?")] });
    await h.recoverTask("agent:main:main", params({ deliver: ROUTE, deadline: NOW + 60_000 }));
    expect(runs).toEqual(["what is the capital of France?"]);
    expect(sent).toEqual([{ route: ROUTE, text: 'Answer to your earlier message "what is the capital of France?" (it could not be answered when you sent it):\nParis.' }]);
  });

  it("stays in the session only for a turn that came from no chat", async () => {
    const { host: h, sent, runs } = host({ transcript: [userMsg("run-1", "q")] });
    await h.recoverTask("agent:main:main", params());
    expect(runs).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it("already in the transcript (answered before a restart, not yet sent) is sent without asking the model again", async () => {
    const { host: h, sent, runs } = host({ transcript: [answer("selfheal-t1-1", "Berlin.")], heldText: "and the capital of Germany?" });
    await h.recoverTask("agent:main:main", params({ deliver: ROUTE, deadline: NOW + 60_000 }));
    expect(runs).toEqual([]);
    expect(sent.map((s) => s.text)).toEqual(['Answer to your earlier message "and the capital of Germany?" (it could not be answered when you sent it):\nBerlin.']);
  });

  it("is never sent once its question is past the age bound, and the failure says so", async () => {
    const { host: h, sent } = host({ transcript: [answer("selfheal-t1-1", "Berlin.")], heldText: "q" });
    await expect(h.recoverTask("agent:main:main", params({ deliver: ROUTE, deadline: NOW }))).rejects.toThrow(/older than its age bound/);
    expect(sent).toEqual([]);
  });

  it("that could not be sent fails the attempt with the channel's reason, so a later attempt sends it", async () => {
    const { host: h } = host({ transcript: [userMsg("run-1", "q")], sendFails: true });
    await expect(h.recoverTask("agent:main:main", params({ deliver: ROUTE, deadline: NOW + 60_000 }))).rejects.toThrow(/sending it to irc failed: IRC connection closed/);
  });

  it("fails plainly when this OpenClaw offers no outbound send", async () => {
    const { host: h } = host({ transcript: [userMsg("run-1", "q")], noSend: true });
    await expect(h.recoverTask("agent:main:main", params({ deliver: ROUTE, deadline: NOW + 60_000 }))).rejects.toThrow(/no outbound send/);
  });
});
