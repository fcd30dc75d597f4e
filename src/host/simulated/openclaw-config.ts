// The simulated openclaw.json and `openclaw config validate`: valid, unparseable, or parseable but rejected.
import type { ConfigCheck } from "../host.js";
import type { AgentChain } from "../../config/topology.js";

export function configText(agents: readonly AgentChain[], channels: readonly string[], valid: boolean, error: "parse" | "schema"): string {
  const primary = agents[0]?.chain;
  const config = {
    gateway: { mode: "local", port: 18789, bind: "loopback" },
    agents: {
      defaults: { model: primary ? { primary: primary[0], fallbacks: primary.slice(1) } : undefined },
      ...(agents.length > 1
        ? { ownership: "explicit", entries: Object.fromEntries(agents.map((a) => [a.agentId, { model: { primary: a.chain[0], fallbacks: a.chain.slice(1) } }])) }
        : {}),
    },
    channels: Object.fromEntries(channels.map((c) => [c, { enabled: true }])),
    plugins: { entries: { "self-heal": { enabled: true, hooks: { allowConversationAccess: true } } } },
  };
  const text = JSON.stringify(config, null, 2);
  if (valid) return text;
  if (error === "parse") return text.replace('"gateway": {', '"gateway": {,,');
  return text.replace('"port": 18789', '"port": "eighteen"');
}

export function validateConfig(valid: boolean, error: "parse" | "schema"): ConfigCheck {
  if (valid) return { ok: true, errors: [] };
  if (error === "parse") return { ok: false, errors: ["openclaw.json: JSON5: invalid character ',' at 3:15"] };
  return { ok: false, errors: ["gateway.port: Expected number, received string"] };
}
