import { describe, it, expect } from "vitest";
import { agentChainsFromOpenClawConfig, modelsOf } from "../../src/config/topology.js";
import { interpretOpenClawConfig } from "../../src/config/openclaw-config.js";

describe("topology from openclaw.json", () => {
  const oc = {
    agents: {
      defaults: { model: { primary: "google/gemini-3-flash", fallbacks: ["anthropic/claude-opus-4-5", "zhipu/glm-4.7"] } },
      entries: { main: {}, strict: { model: "openai/gpt-4o" }, custom: { model: { primary: "a/x", fallbacks: ["b/y"] } } },
    },
    channels: { whatsapp: { enabled: true }, telegram: { enabled: false } },
    plugins: { entries: { "self-heal": { config: { dryRun: true } } } },
  };

  it("uses each agent's own chain, else the defaults", () => {
    const chains = agentChainsFromOpenClawConfig(oc);
    expect(chains).toEqual([
      { agentId: "main", chain: ["google/gemini-3-flash", "anthropic/claude-opus-4-5", "zhipu/glm-4.7"] },
      { agentId: "strict", chain: ["openai/gpt-4o"] },
      { agentId: "custom", chain: ["a/x", "b/y"] },
    ]);
  });

  it("lets modelOrder replace every chain", () => {
    const chains = agentChainsFromOpenClawConfig(oc, ["x/1", "y/2"]);
    expect(chains.every((c) => c.chain.join() === "x/1,y/2")).toBe(true);
  });

  it("reads the plugin entry and the enabled channels", () => {
    const r = interpretOpenClawConfig(oc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.dryRun).toBe(true);
    expect(r.topology.channels).toEqual(["whatsapp"]);
    expect(modelsOf(r.topology)).toContain("openai/gpt-4o");
  });

  it("names the openclaw.json path of a bad plugin config key", () => {
    const r = interpretOpenClawConfig({ plugins: { entries: { "self-heal": { config: { dryRun: "no" } } } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toContain("plugins.entries.self-heal.config/dryRun");
  });
});
