// A typed stand-in for OpenClaw's plugin api, for wiring tests only (the real host API is proven e2e).
import type { OpenClawPluginApi } from "../../src/adapter/api.js";

export interface FakeApi {
  api: OpenClawPluginApi;
  hooks: Map<string, (event: unknown, ctx: unknown) => unknown>;
  services: Array<{ id: string; start: (ctx: unknown) => Promise<void> | void; stop?: (ctx: unknown) => Promise<void> | void }>;
  methods: Map<string, { handler: (opts: { respond: (ok: boolean, payload?: unknown) => void; params: unknown }) => void; scope?: string }>;
  routes: Array<{ path: string; auth: string; handler: (req: unknown, res: FakeResponse) => unknown }>;
  commands: Array<{ name: string; handler: (ctx: unknown) => unknown }>;
  agentListeners: Array<(evt: unknown) => void>;
  commandsRun: string[][];
  llmCalls: unknown[];
}

export class FakeResponse {
  statusCode = 0;
  headers: Record<string, string> = {};
  body = "";
  setHeader(k: string, v: string) {
    this.headers[k.toLowerCase()] = v;
  }
  end(b?: string) {
    this.body = b ?? "";
  }
}

export function createFakeApi(opts: { pluginConfig?: Record<string, unknown>; mode?: string; config?: Record<string, unknown> } = {}): FakeApi {
  const fake: Omit<FakeApi, "api"> = { hooks: new Map(), services: [], methods: new Map(), routes: [], commands: [], agentListeners: [], commandsRun: [], llmCalls: [] };
  const api = {
    id: "self-heal",
    name: "Self-Heal",
    registrationMode: opts.mode ?? "full",
    pluginConfig: opts.pluginConfig ?? {},
    config: opts.config ?? {},
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
    on: (name: string, handler: (e: unknown, c: unknown) => unknown) => fake.hooks.set(name, handler),
    registerService: (s: FakeApi["services"][number]) => fake.services.push(s),
    registerGatewayMethod: (name: string, handler: never, o?: { scope?: string }) => fake.methods.set(name, { handler, ...(o?.scope ? { scope: o.scope } : {}) }),
    registerHttpRoute: (r: FakeApi["routes"][number]) => fake.routes.push(r),
    registerCommand: (c: FakeApi["commands"][number]) => fake.commands.push(c),
    registerCli: () => undefined,
    runtime: {
      events: { onAgentEvent: (l: (evt: unknown) => void) => (fake.agentListeners.push(l), () => undefined) },
      system: {
        runCommandWithTimeout: async (argv: string[]) => {
          fake.commandsRun.push(argv);
          return { code: 0, stdout: "{}", stderr: "" };
        },
      },
      llm: { complete: async (p: unknown) => (fake.llmCalls.push(p), { text: "OK" }) },
    },
  };
  return { ...fake, api: api as unknown as OpenClawPluginApi };
}
