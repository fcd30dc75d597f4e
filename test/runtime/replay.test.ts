import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { harness } from "../helpers/supervisor-harness.js";
import { replayInto } from "../../src/runtime/replay.js";
import { statusOf } from "../../src/runtime/view.js";
import type { JournalRecord } from "../../src/journal/envelope.js";
import { CATEGORIES } from "../../src/domain/taxonomy.js";
import { MODELS, step } from "../helpers/random-steps.js";

function comparable(status: ReturnType<typeof statusOf>) {
  const { generatedAt: _g, recentActions: _r, ...rest } = status;
  return rest;
}

describe("journal replay", () => {
  it("rebuilds the live state for random event sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), fc.boolean(), async (steps, dryRun) => {
        const live = harness({ dryRun, actions: { disableCron: true, restartGateway: true } });
        live.supervisor.start();
        for (const s of steps) {
          if (s.kind === "wait") await live.advance(s.seconds * 1000);
          else if (s.kind === "call") {
            const model = MODELS[s.model] as string;
            if (s.ok) live.ok(model);
            else live.fail(model, { category: CATEGORIES[s.category] ?? "unknown", ...(s.retryAfterS > 0 ? { retryAfterMs: s.retryAfterS * 1000 } : {}) });
          } else if (s.kind === "channel") live.supervisor.observe({ type: "channel.observed", ts: live.clock.now(), channel: "whatsapp", connected: s.connected });
          else live.supervisor.observe({ type: "cron.run", ts: live.clock.now(), jobId: "daily", ok: s.ok });
          await live.settle();
        }
        await live.settle();
        const now = live.clock.now();
        const records = JSON.parse(JSON.stringify(live.journal.records)) as JournalRecord[];

        const rebuilt = harness({ dryRun, actions: { disableCron: true, restartGateway: true } });
        rebuilt.clock.advanceTo(now);
        replayInto(rebuilt.supervisor, records);
        expect(comparable(statusOf(rebuilt.supervisor, now))).toEqual(comparable(statusOf(live.supervisor, now)));
        expect(rebuilt.supervisor.routedAround().sort()).toEqual(live.supervisor.routedAround().sort());
        expect(rebuilt.host.calls).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("runs no effect while replaying, and re-arms deadlines afterwards", async () => {
    const live = harness();
    live.supervisor.start();
    live.fail("p/primary", { category: "server_overload" });
    await live.settle();
    const records = JSON.parse(JSON.stringify(live.journal.records)) as JournalRecord[];
    const rebuilt = harness();
    replayInto(rebuilt.supervisor, records);
    expect(rebuilt.host.calls).toEqual([]);
    expect(rebuilt.supervisor.stateOf("model", "p/primary")).toBe("cooldown");
    expect(rebuilt.supervisor.route("main", "p/primary")).toBe("q/backup");
    await rebuilt.advance(120_000);
    expect(rebuilt.host.count("probeModel")).toBeGreaterThan(0);
  });
});
