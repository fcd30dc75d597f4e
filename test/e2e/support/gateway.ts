// Boots a real OpenClaw gateway (pinned runtime, Node 24) in a fresh isolated temp root.
//
//   const fake = await startFakeProvider();
//   const gw = await startGateway({
//     fake,
//     agents: [{ id: "a503", primary: "fakea/primary-1", fallbacks: ["fakeb/backup-1"] }],
//     plugins: [{ id: "self-heal", path: REPO_ROOT, config: {} }],
//     fastFailover: true,
//   });
//   const r = await gw.turn("a503", "s1", "hello");
//   await gw.stop();
//
// Isolation: HOME, OPENCLAW_HOME, OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH and the log file all live
// under `root`; only 127.0.0.1 is contacted. All child processes run async (the fake provider runs
// in this process, so nothing here may block the event loop).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { openclawRuntime, type OpenclawRuntime } from "./runtime.js";

export interface AgentSpec {
  id: string;
  /** "provider/model", e.g. "fakea/primary-1". */
  primary: string;
  fallbacks?: string[];
  /** Extra keys merged into agents.entries.<id>. */
  extra?: Record<string, unknown>;
}

export interface ProviderSpec {
  id: string;
  /** Model ids served by this provider; derived from the agents' refs when omitted. */
  models?: string[];
  apiKey?: string;
  /** Per-request timeout (models.providers.<id>.timeoutSeconds). Default 8. */
  timeoutSeconds?: number;
}

export interface PluginSpec {
  /** Plugin id (plugins.entries.<id>). */
  id: string;
  /** Directory (or file) added to plugins.load.paths. Omit for an already-known plugin. */
  path?: string;
  config?: Record<string, unknown>;
  enabled?: boolean;
  /** plugins.entries.<id>.hooks.allowConversationAccess (default true). */
  allowConversationAccess?: boolean;
  /** plugins.entries.<id>.llm (e.g. { allowModelOverride: true, allowedModels: ["*"] }). */
  llm?: Record<string, unknown>;
  /** plugins.entries.<id>.subagent (e.g. { allowModelOverride: true }). */
  subagent?: Record<string, unknown>;
}

export interface FakeLike {
  baseUrl(provider?: string): string;
}

export interface GatewayOptions {
  /** The fake model server; each provider gets baseUrl(fake, providerId). */
  fake: FakeLike;
  agents: AgentSpec[];
  /** Providers; by default derived from the agents' model refs (ids and model lists). */
  providers?: ProviderSpec[];
  plugins?: PluginSpec[];
  /** Per-agent settings.json {"retry":{"provider":{"maxRetries":0}}}: fail over after one attempt. */
  fastFailover?: boolean;
  /** Deep-merged into the generated config last (objects merge, arrays/scalars replace). */
  configPatch?: Record<string, unknown>;
  /** Extra env for the gateway and the CLI. */
  env?: Record<string, string>;
  /** Temp root parent (default $OPENCLAW_E2E_TMP or os.tmpdir()). */
  tmpDir?: string;
  /** Keep the root after stop() (also: OPENCLAW_E2E_KEEP=1). */
  keepRoot?: boolean;
  /** Gateway port; 0/omitted picks a free one. */
  port?: number;
  /** Max wait for /health + /readyz (default 120 s). */
  readyTimeoutMs?: number;
  /** Pass --verbose to `gateway run` (default true). */
  verbose?: boolean;
  /** Start the configured channels (default false: OPENCLAW_SKIP_CHANNELS=1). */
  channels?: boolean;
  /**
   * npm plugin specs installed the way a user does (`openclaw plugins install <spec> --force
   * --accept-capabilities`) into this gateway's state before it starts; npm's cache is shared
   * between gateways of one machine ($OPENCLAW_E2E_NPM_CACHE, default <tmp>/openclaw-e2e-npm-cache).
   */
  installPlugins?: string[];
}

export interface CliResult {
  rc: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  timedOut: boolean;
}

export interface TurnResult {
  rc: number | null;
  /** Parsed `openclaw agent --json` stdout (null if it was not JSON). */
  json: any;
  wallMs: number;
  stdout: string;
  stderr: string;
}

export interface HttpResult {
  status: number;
  /** Parsed JSON when the body is JSON, else the text. */
  body: any;
  headers: Record<string, string>;
}

export interface Gateway {
  port: number;
  token: string;
  pid: number;
  root: string;
  stateDir: string;
  configPath: string;
  logFile: string;
  env: Record<string, string>;
  config: Record<string, any>;
  runtime: OpenclawRuntime;
  bootMs: { health: number; ready: number };
  /** Wall time of each `installPlugins` install, ms. */
  installMs: Record<string, number>;
  /** One agent turn through `openclaw agent --agent A --session-id S --message M --json`. */
  turn(agent: string, sessionId: string, message: string, opts?: { timeoutMs?: number; args?: string[] }): Promise<TurnResult>;
  /** `openclaw gateway call <method> --params <json> --json`; throws on a non-zero exit. */
  call(method: string, params?: unknown, opts?: { timeoutMs?: number }): Promise<any>;
  /** HTTP request to the gateway; `auth` (default true) adds the bearer token. */
  http(p: string, opts?: { auth?: boolean | string; method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number }): Promise<HttpResult>;
  /** Any `openclaw <args>` with the gateway's env. */
  cli(args: string[], opts?: { timeoutMs?: number; env?: Record<string, string> }): Promise<CliResult>;
  /** Gateway stdout/stderr and the file log, as text. */
  logs(): { stdout: string; file: string };
  /** True while the gateway process is alive. */
  alive(): boolean;
  /** SIGTERM, wait, SIGKILL after 20 s; removes the root unless keepRoot. Idempotent. */
  stop(): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if a test run dies without calling stop(): kill the process groups we started.
  process.on("exit", () => {
    for (const child of live) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  });
}

/** A free 127.0.0.1 port, found with a listen(0) probe. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function isObj(v: unknown): v is Record<string, any> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}
export function deepMerge(base: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

function modelRow(id: string) {
  return {
    id,
    name: id,
    reasoning: false,
    input: ["text"],
    cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    contextWindow: 128000,
    maxTokens: 4096,
  };
}

function splitRef(ref: string): [string, string] {
  const i = ref.indexOf("/");
  if (i <= 0) throw new Error(`model ref must be "provider/model": ${ref}`);
  return [ref.slice(0, i), ref.slice(i + 1)];
}

/** Builds the gateway config (pure; exported for unit tests and for HOST-API probes). */
export function buildGatewayConfig(o: {
  root: string;
  port: number;
  token: string;
  fake: FakeLike;
  agents: AgentSpec[];
  providers?: ProviderSpec[];
  plugins?: PluginSpec[];
  configPatch?: Record<string, unknown>;
}): Record<string, any> {
  if (o.agents.length === 0) throw new Error("at least one agent is required");
  const provModels = new Map<string, Set<string>>();
  for (const a of o.agents) {
    for (const ref of [a.primary, ...(a.fallbacks ?? [])]) {
      const [p, m] = splitRef(ref);
      if (!provModels.has(p)) provModels.set(p, new Set());
      provModels.get(p)!.add(m);
    }
  }
  const providers: Record<string, any> = {};
  const specs: ProviderSpec[] = o.providers ?? [...provModels.keys()].map((id) => ({ id }));
  for (const p of specs) {
    const models = [...new Set([...(p.models ?? []), ...(provModels.get(p.id) ?? [])])];
    providers[p.id] = {
      baseUrl: o.fake.baseUrl(p.id),
      apiKey: p.apiKey ?? `fake-key-${p.id}`,
      api: "openai-completions",
      timeoutSeconds: p.timeoutSeconds ?? 8,
      models: models.map(modelRow),
    };
  }
  const first = o.agents[0]!;
  const entries: Record<string, any> = {};
  if (!o.agents.some((a) => a.id === "main")) entries.main = {};
  for (const a of o.agents) entries[a.id] = { ...(a.extra ?? {}), model: { primary: a.primary, fallbacks: a.fallbacks ?? [] } };

  const pluginEntries: Record<string, any> = {};
  const loadPaths: string[] = [];
  for (const p of o.plugins ?? []) {
    if (p.path) loadPaths.push(path.resolve(p.path));
    pluginEntries[p.id] = {
      enabled: p.enabled ?? true,
      hooks: { allowConversationAccess: p.allowConversationAccess ?? true },
      ...(p.config ? { config: p.config } : {}),
      ...(p.llm ? { llm: p.llm } : {}),
      ...(p.subagent ? { subagent: p.subagent } : {}),
    };
  }

  const cfg: Record<string, any> = {
    gateway: {
      mode: "local",
      port: o.port,
      bind: "loopback",
      auth: { mode: "token", token: o.token },
      http: { endpoints: { chatCompletions: { enabled: true } } },
    },
    update: { checkOnStart: false },
    discovery: { mdns: { mode: "off" } },
    logging: { file: path.join(o.root, "logs", "openclaw.log") },
    session: { maintenance: { mode: "warn" } },
    tools: { toolSearch: false },
    agents: {
      ownership: "explicit",
      defaults: {
        workspace: path.join(o.root, "workspace"),
        model: { primary: first.primary, fallbacks: first.fallbacks ?? [] },
      },
      entries,
    },
    models: { mode: "merge", catalogRefresh: { enabled: false }, providers },
    plugins: { ...(loadPaths.length ? { load: { paths: loadPaths } } : {}), entries: pluginEntries },
  };
  return o.configPatch ? deepMerge(cfg, o.configPatch) : cfg;
}

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    // Do not leak the test runner's or an outer OpenClaw's settings into the gateway.
    if (/^(VITEST|OPENCLAW_|NODE_OPTIONS$|NODE_ENV$|TEST$|npm_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

function parseJsonLoose(text: string): any {
  const t = text.trim();
  if (!t) return null;
  // Whole stdout first; then a JSON document that starts on a later line (after log lines).
  const starts = [0];
  for (let i = t.indexOf("\n{"); i >= 0; i = t.indexOf("\n{", i + 1)) starts.push(i + 1);
  for (const s of starts) {
    try {
      return JSON.parse(t.slice(s));
    } catch {
      /* try the next candidate */
    }
  }
  return null;
}

function runProcess(cmd: string, args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<CliResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    live.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, opts.timeoutMs);
    child.on("close", (rc, signal) => {
      clearTimeout(timer);
      live.delete(child);
      // A CLI may leave helpers in its group; they are ours, end them.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* none left */
      }
      resolve({ rc, signal, stdout, stderr, wallMs: Date.now() - t0, timedOut });
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ rc: null, signal: null, stdout, stderr: stderr + String(err), wallMs: Date.now() - t0, timedOut });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  installExitHook();
  const runtime = openclawRuntime();
  const parent = opts.tmpDir ?? process.env.OPENCLAW_E2E_TMP ?? os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const root = fs.mkdtempSync(path.join(parent, "oc-e2e-"));
  const home = path.join(root, "home");
  const stateDir = path.join(root, "state");
  const configPath = path.join(stateDir, "openclaw.json");
  const logDir = path.join(root, "logs");
  for (const d of [home, stateDir, logDir, path.join(root, "workspace")]) fs.mkdirSync(d, { recursive: true });
  const port = opts.port || (await freePort());
  const token = `e2e-${Math.random().toString(36).slice(2, 12)}`;
  const keepRoot = opts.keepRoot ?? process.env.OPENCLAW_E2E_KEEP === "1";

  const config = buildGatewayConfig({ root, port, token, fake: opts.fake, agents: opts.agents, providers: opts.providers, plugins: opts.plugins, configPatch: opts.configPatch });
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2) + "\n");
  if (opts.fastFailover) {
    const ids = Object.keys(config.agents.entries);
    for (const id of ids) {
      const dir = path.join(stateDir, "agents", id, "agent");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ retry: { provider: { maxRetries: 0 } } }) + "\n");
    }
  }

  const env: Record<string, string> = {
    ...cleanEnv(),
    PATH: `${path.dirname(runtime.node)}${path.delimiter}${process.env.PATH ?? ""}`,
    HOME: home,
    OPENCLAW_HOME: home,
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_CONFIG_PATH: configPath,
    OPENCLAW_GATEWAY_TOKEN: token,
    OPENCLAW_GATEWAY_PORT: String(port),
    OPENCLAW_DISABLE_BONJOUR: "1",
    OPENCLAW_NO_AUTO_UPDATE: "1",
    OPENCLAW_NO_RESPAWN: "1",
    OPENCLAW_SKIP_CHANNELS: opts.channels ? "0" : "1",
    OPENCLAW_EXEC_SHELL_SNAPSHOT: "0",
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    XDG_DATA_HOME: path.join(home, ".local", "share"),
    TMPDIR: path.join(root, "tmp"),
    ...(opts.env ?? {}),
  };
  fs.mkdirSync(env.TMPDIR!, { recursive: true });

  const installMs: Record<string, number> = {};
  for (const spec of opts.installPlugins ?? []) {
    const npmCache = path.join(process.env.OPENCLAW_E2E_NPM_CACHE ?? path.join(os.tmpdir(), "openclaw-e2e-npm-cache"));
    const r = await runProcess(runtime.node, [runtime.openclawMjs, "plugins", "install", spec, "--force", "--accept-capabilities"], {
      env: { ...env, npm_config_cache: npmCache, npm_config_prefer_offline: "true" },
      cwd: root,
      timeoutMs: 300_000,
    });
    installMs[spec] = r.wallMs;
    if (r.rc !== 0) {
      if (!keepRoot) fs.rmSync(root, { recursive: true, force: true });
      throw new Error(`openclaw plugins install ${spec} failed (rc ${r.rc}${r.timedOut ? ", timed out after 300 s" : ""}): ${(r.stderr || r.stdout).slice(-2000)}`);
    }
  }

  const stdoutPath = path.join(logDir, "gateway.stdout.log");
  const out = fs.openSync(stdoutPath, "a");
  const t0 = Date.now();
  const gwArgs = [runtime.openclawMjs, "gateway", "run", "--port", String(port), ...(opts.verbose === false ? [] : ["--verbose"])];
  // detached: the gateway leads its own process group, so stop() can also end its helpers.
  const child = spawn(runtime.node, gwArgs, { env, cwd: root, stdio: ["ignore", out, out], detached: true });
  fs.closeSync(out);
  live.add(child);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolve(exited);
    });
  });
  fs.writeFileSync(path.join(root, "gateway.pid"), `${child.pid}\n`);

  const readText = (p: string) => {
    try {
      return fs.readFileSync(p, "utf8");
    } catch {
      return "";
    }
  };
  const logs = () => ({ stdout: readText(stdoutPath), file: readText(config.logging.file) });

  let stopped: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; ms: number }> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      const s0 = Date.now();
      if (!exited) {
        try {
          process.kill(child.pid!, "SIGTERM");
        } catch {
          /* already gone */
        }
        const killTimer = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            /* gone */
          }
        }, 20_000);
        await exitPromise;
        clearTimeout(killTimer);
      }
      // End helpers left in the gateway's process group (spawn-broker, sqlite workers), if any.
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* none left */
      }
      const res = { exitCode: exited?.code ?? null, signal: exited?.signal ?? null, ms: Date.now() - s0 };
      if (!keepRoot) {
        for (let i = 0; i < 5; i++) {
          try {
            fs.rmSync(root, { recursive: true, force: true });
            break;
          } catch {
            await sleep(200);
          }
        }
      }
      return res;
    })();
    return stopped;
  };

  const httpReq: Gateway["http"] = async (p, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const auth = o.auth ?? true;
    if (auth) headers.authorization = `Bearer ${typeof auth === "string" ? auth : token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await fetch(`http://127.0.0.1:${port}${p}`, { method: o.method ?? (body ? "POST" : "GET"), headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 60_000) });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => (h[k] = v));
    return { status: res.status, body: parsed, headers: h };
  };

  // Wait for /health, then /readyz.
  const deadline = t0 + (opts.readyTimeoutMs ?? 120_000);
  const waitFor = async (p: string) => {
    for (;;) {
      if (exited) break;
      try {
        const r = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(2_000) });
        await r.arrayBuffer();
        if (r.status === 200) return Date.now() - t0;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) break;
      await sleep(250);
    }
    const l = logs();
    await stop();
    const why = exited ? `exited (code ${(exited as any).code}, signal ${(exited as any).signal})` : `not ready within ${opts.readyTimeoutMs ?? 120_000} ms`;
    throw new Error(`gateway ${why} waiting for ${p}. Root: ${root}\n--- gateway stdout (tail) ---\n${l.stdout.slice(-4000)}`);
  };
  const health = await waitFor("/health");
  const ready = await waitFor("/readyz");

  const cli: Gateway["cli"] = (args, o = {}) =>
    runProcess(runtime.node, [runtime.openclawMjs, ...args], { env: { ...env, ...(o.env ?? {}) }, cwd: root, timeoutMs: o.timeoutMs ?? 120_000 });

  return {
    port,
    token,
    pid: child.pid!,
    root,
    stateDir,
    configPath,
    logFile: config.logging.file,
    env,
    config,
    runtime,
    bootMs: { health, ready },
    installMs,
    async turn(agent, sessionId, message, o = {}) {
      const timeoutMs = o.timeoutMs ?? 240_000;
      const r = await cli(
        ["agent", "--agent", agent, "--session-id", sessionId, "--message", message, "--json", "--timeout", String(Math.max(10, Math.floor(timeoutMs / 1000) - 5)), ...(o.args ?? [])],
        { timeoutMs },
      );
      return { rc: r.rc, json: parseJsonLoose(r.stdout), wallMs: r.wallMs, stdout: r.stdout, stderr: r.stderr };
    },
    async call(method, params = {}, o = {}) {
      const r = await cli(["gateway", "call", method, "--params", JSON.stringify(params), "--json"], { timeoutMs: o.timeoutMs ?? 60_000 });
      const json = parseJsonLoose(r.stdout);
      if (r.rc !== 0 || json === null) {
        throw new Error(`openclaw gateway call ${method} failed (rc ${r.rc}${r.timedOut ? ", timed out" : ""}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
      }
      return json;
    },
    http: httpReq,
    cli,
    logs,
    alive: () => !exited,
    stop,
  };
}
