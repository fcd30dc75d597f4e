import { describe, it, expect } from "vitest";
import { harness } from "../helpers/supervisor-harness.js";
import { DEFAULT_STRATEGIES, cooldownOverride, type Strategy } from "../../src/strategies/index.js";

const named: Strategy = { name: "primary-slow", type: "exponential", maxRetries: 3, intervals: [120_000, 600_000], retryOn: ["server_overload"], cooldownMs: 120_000, models: ["p/primary"] };

function untilOf(h: ReturnType<typeof harness>, model: string): number {
  return Number(h.supervisor.actor("model", model)?.context.until ?? NaN);
}

describe("strategy cooldowns", () => {
  it("apply only to models a strategy names and only with cooldownMs", () => {
    expect(DEFAULT_STRATEGIES.map((s) => cooldownOverride(DEFAULT_STRATEGIES, `x/${s.name}`))).toEqual([undefined, undefined, undefined, undefined]);
    expect(cooldownOverride([named], "p/primary")).toEqual({ strategy: "primary-slow", baseCooldownMs: 120_000, maxCooldownMs: 600_000 });
    expect(cooldownOverride([named], "q/backup")).toBeUndefined();
  });

  it("set the cooldown of the named model and leave the others on the config defaults", async () => {
    const h = harness({ model: { jitterRatio: 0 } });
    h.supervisor.start();
    h.supervisor.setStrategies([...DEFAULT_STRATEGIES, named]);
    const t0 = h.clock.now();
    h.fail("p/primary", { category: "server_overload" });
    h.fail("q/backup", { category: "server_overload" });
    await h.settle();
    expect(untilOf(h, "p/primary") - t0).toBe(120_000);
    // The other model keeps the config defaults: a 30 s cooldown, probed again within model.maxProbeGapSeconds (15 s).
    expect(untilOf(h, "q/backup") - t0).toBe(15_000);
  });
});
