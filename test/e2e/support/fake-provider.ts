// Fault-injecting fake OpenAI-compatible model server for the e2e tests.
// In-process (node:http), listens on 127.0.0.1 only, port 0 by default (read `server.port`).
//
//   const fake = await startFakeProvider();
//   fake.setBehaviour("primary-1", { kind: "503" });          // every request for that model
//   fake.setScript("flaky", [{ kind: "429", retryAfter: 2 }, { kind: "ok" }]);  // one step per request, last repeats
//   ... fake.requests({ model: "primary-1" }) ...
//   await fake.close();
//
// Routes: POST [/<provider>]/v1/chat/completions (SSE when `stream:true`, JSON otherwise),
//         GET  [/<provider>]/v1/models, GET /__health, GET /__log, POST /__reset, POST /__script.
// The optional leading path segment names the provider (the gateway config builder points provider
// `fakea` at `http://127.0.0.1:<port>/fakea/v1`), so the log tells which provider id called.
// A prompt containing `[[fake:<kind>]]` (in the latest real user message) overrides the behaviour once.
// Every hang is bounded (`maxHangMs`, default 120 s) and `close()` destroys open sockets.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { EventEmitter } from "node:events";

export type Behaviour =
  /** `chunkGapMs`: a streamed answer sends its token chunks this far apart (slow but progressing). */
  | { kind: "ok"; text?: string; delayMs?: number; chunkGapMs?: number }
  /** 429; `retryAfter` (seconds, or an HTTP date string) becomes the Retry-After header when set. */
  | { kind: "429"; retryAfter?: number | string; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: "400" | "401" | "402" | "403" | "404" | "500" | "502" | "503" | "529"; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Accepts the request and never sends headers; destroyed after `maxMs` (bounded). */
  | { kind: "hang"; maxMs?: number }
  /** Sends 200 + `chunks` SSE chunks (default 1), then stalls; destroyed after `maxMs` (bounded). */
  | { kind: "stall"; chunks?: number; maxMs?: number }
  /**
   * Keep-alive forever: 200, then every `everyMs` (default 1000) bytes that carry no token — an empty-delta
   * chunk (`style: "empty-delta"`, default) or an SSE comment (`"comment"`) — and never a token or an end;
   * destroyed after `maxMs` (bounded). A stream that keeps an idle watchdog quiet without answering.
   */
  | { kind: "keepalive"; everyMs?: number; style?: "empty-delta" | "comment"; maxMs?: number }
  /** TCP RST before any response byte. */
  | { kind: "reset" }
  /** TCP RST after the first SSE chunk. */
  | { kind: "reset-mid" }
  /** Asks for a tool call; answers `text` once a tool result follows the last user message. */
  | { kind: "tool"; toolName?: string; toolArgs?: Record<string, unknown>; text?: string };

export type BehaviourKind = Behaviour["kind"];

export interface FakeRequest {
  seq: number;
  /** ISO timestamp when the request body was read. */
  t: string;
  /** epoch ms, same instant as `t`. */
  at: number;
  method: string;
  path: string;
  /** Provider id from the path prefix (`/fakea/v1/...`), or null. */
  provider: string | null;
  model: string;
  /** n-th request for this model since the last reset (1-based). */
  n: number;
  kind: BehaviourKind | "unhandled";
  fromDirective: boolean;
  stream: boolean;
  messages: number;
  tools: number;
  hasSystem: boolean;
  maxTokens: number | null;
  /** First 16 chars of the Authorization header. */
  auth: string;
  /** Full text of the last real user message, truncated to 2000 chars. */
  lastUser: string;
  /** The last user message matched the probe marker. */
  isProbe: boolean;
  /** HTTP status sent, or "hang"/"stall"/"reset"/"reset-mid"; null until decided. */
  status: number | string | null;
  /** ms from request start to the response decision (headers or fault). */
  ms: number;
  /** How the exchange ended: "completed" | "client-closed" | "bounded-timeout" | "reset" | "server-closed". */
  outcome?: string;
  /** ms from request start to the end of the exchange. */
  totalMs?: number;
}

export interface FakeProviderOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Upper bound for every hang/stall (ms). Default 120000. */
  maxHangMs?: number;
  /** Marker that flags a request as a health probe (tested on the last user message). */
  probeMarker?: RegExp | string;
  /** Default behaviour for models with no explicit behaviour. Default `{kind:"ok"}`. */
  defaultBehaviour?: Behaviour;
  /** Keep at most this many log records (oldest dropped). Default 5000. */
  maxLog?: number;
}

/** Default probe marker; the plugin's real marker is decided later (setProbeMarker). */
export const DEFAULT_PROBE_MARKER = /self-heal[-_: ]probe/i;

export interface FakeProvider {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** OpenAI base URL for a provider id, e.g. baseUrl("fakea") → http://127.0.0.1:<port>/fakea/v1 */
  baseUrl(provider?: string): string;
  setBehaviour(model: string, behaviour: Behaviour): void;
  /** Each request for `model` consumes one step; the last step repeats unless `loop`. */
  setScript(model: string, steps: Behaviour[], opts?: { loop?: boolean }): void;
  clearBehaviour(model?: string): void;
  setProbeMarker(marker: RegExp | string): void;
  /** Request log (chat completions + unhandled), oldest first. */
  requests(filter?: { model?: string; provider?: string; isProbe?: boolean; since?: number }): FakeRequest[];
  /** Clears log, counters and behaviours. */
  reset(): void;
  /** Resolves with the first (existing or future) request matching `pred`; rejects after `timeoutMs`. */
  waitForRequest(pred: (r: FakeRequest) => boolean, timeoutMs?: number): Promise<FakeRequest>;
  readonly events: EventEmitter; // "request" (FakeRequest) when decided, "end" (FakeRequest) when finished
  close(): Promise<void>;
}

interface ChatMessage {
  role?: string;
  content?: unknown;
}
interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: ChatMessage[];
  tools?: unknown[];
  max_tokens?: number;
  max_completion_tokens?: number;
  stream_options?: { include_usage?: boolean };
}

function msgText(m: ChatMessage): string {
  if (typeof m.content === "string") return m.content;
  if (Array.isArray(m.content)) return m.content.map((p: { text?: string }) => (typeof p?.text === "string" ? p.text : "")).join(" ");
  return "";
}

// OpenClaw appends internal-context user messages (<<<...OPENCLAW_INTERNAL_CONTEXT>>>); skip them.
function lastUserText(body: ChatBody): string {
  const msgs = Array.isArray(body.messages) ? body.messages : [];
  let fallback = "";
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i]!;
    if (m.role !== "user") continue;
    const t = msgText(m);
    if (!fallback) fallback = t;
    if (!t.includes("OPENCLAW_INTERNAL_CONTEXT")) return t;
  }
  return fallback;
}

function lastIsToolResult(body: ChatBody): boolean {
  const msgs = Array.isArray(body.messages) ? body.messages : [];
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i]!;
    if (m.role === "tool") return true;
    if (m.role === "user" && !msgText(m).includes("OPENCLAW_INTERNAL_CONTEXT")) return false;
  }
  return false;
}

function errorBody(status: number): unknown {
  switch (status) {
    case 429:
      return { error: { message: "Rate limit reached for requests (fake). Please try again later.", type: "rate_limit_error", code: "rate_limit_exceeded" } };
    case 503:
      return { error: { message: "The server is overloaded or not ready yet (fake 503).", type: "server_error", code: "service_unavailable" } };
    case 529:
      return { error: { message: "Overloaded (fake 529).", type: "overloaded_error", code: "overloaded" } };
    case 500:
      return { error: { message: "Internal server error (fake 500).", type: "server_error", code: "internal_error" } };
    case 502:
      return { error: { message: "Bad gateway (fake 502).", type: "server_error", code: "bad_gateway" } };
    case 401:
      return { error: { message: "Incorrect API key provided (fake 401).", type: "invalid_request_error", code: "invalid_api_key" } };
    case 402:
      return { error: { message: "Insufficient credits: your credit balance is too low (fake 402).", type: "insufficient_quota", code: "insufficient_quota" } };
    case 403:
      return { error: { message: "Permission denied (fake 403).", type: "permission_error", code: "forbidden" } };
    case 404:
      return { error: { message: "The model does not exist (fake 404 model not found).", type: "invalid_request_error", code: "model_not_found" } };
    case 400:
      return { error: { message: "Bad request (fake 400).", type: "invalid_request_error", code: "invalid_request" } };
    default:
      return { error: { message: `fake error ${status}`, type: "server_error" } };
  }
}

const KINDS = new Set<string>(["ok", "429", "400", "401", "402", "403", "404", "500", "502", "503", "529", "hang", "stall", "keepalive", "reset", "reset-mid", "tool"]);

export async function startFakeProvider(opts: FakeProviderOptions = {}): Promise<FakeProvider> {
  const maxHangMs = opts.maxHangMs ?? 120_000;
  const maxLog = opts.maxLog ?? 5000;
  const defaultBehaviour: Behaviour = opts.defaultBehaviour ?? { kind: "ok" };
  let probeMarker: RegExp | string = opts.probeMarker ?? DEFAULT_PROBE_MARKER;
  const events = new EventEmitter();
  events.setMaxListeners(100);

  let log: FakeRequest[] = [];
  let seq = 0;
  let counters = new Map<string, number>();
  let scripts = new Map<string, { steps: Behaviour[]; loop: boolean }>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const isProbeText = (text: string) => (typeof probeMarker === "string" ? text.includes(probeMarker) : probeMarker.test(text));

  const pickStep = (model: string): { step: Behaviour; n: number } => {
    const n = (counters.get(model) ?? 0) + 1;
    counters.set(model, n);
    const s = scripts.get(model);
    if (s && s.steps.length) {
      const idx = s.loop ? (n - 1) % s.steps.length : Math.min(n - 1, s.steps.length - 1);
      return { step: s.steps[idx]!, n };
    }
    return { step: defaultBehaviour, n };
  };

  const push = (rec: FakeRequest) => {
    log.push(rec);
    if (log.length > maxLog) log.shift();
  };

  const boundedTimer = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  const sendJson = (res: http.ServerResponse, status: number, obj: unknown, headers: Record<string, string> = {}) => {
    const body = JSON.stringify(obj);
    res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };

  const sseChunk = (res: http.ServerResponse, id: string, created: number, model: string, delta: unknown, finish: string | null, extra: object = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);

  const sendOk = (res: http.ServerResponse, body: ChatBody, model: string, text: string, toolCall?: { id: string; name: string; args: unknown }) => {
    const created = Math.floor(Date.now() / 1000);
    const id = `chatcmpl-fake-${Date.now()}-${seq}`;
    const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
    if (!body.stream) {
      const message = toolCall
        ? { role: "assistant", content: null, tool_calls: [{ id: toolCall.id, type: "function", function: { name: toolCall.name, arguments: JSON.stringify(toolCall.args) } }] }
        : { role: "assistant", content: text };
      sendJson(res, 200, { id, object: "chat.completion", created, model, choices: [{ index: 0, message, finish_reason: toolCall ? "tool_calls" : "stop" }], usage });
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    if (toolCall) {
      sseChunk(res, id, created, model, { role: "assistant", content: null, tool_calls: [{ index: 0, id: toolCall.id, type: "function", function: { name: toolCall.name, arguments: "" } }] }, null);
      sseChunk(res, id, created, model, { tool_calls: [{ index: 0, function: { arguments: JSON.stringify(toolCall.args) } }] }, null);
      sseChunk(res, id, created, model, {}, "tool_calls");
    } else {
      sseChunk(res, id, created, model, { role: "assistant", content: "" }, null);
      for (const part of text.match(/[\s\S]{1,16}/g) ?? [""]) sseChunk(res, id, created, model, { content: part }, null);
      sseChunk(res, id, created, model, {}, "stop");
    }
    if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage })}\n\n`);
    res.write("data: [DONE]\n\n");
    res.end();
  };

  /** A streamed answer whose chunks come `gapMs` apart: the role chunk at once, then one chunk per word. */
  const sendOkSlowly = async (res: http.ServerResponse, model: string, text: string, gapMs: number) => {
    const created = Math.floor(Date.now() / 1000);
    const id = `chatcmpl-fake-slow-${Date.now()}-${seq}`;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    sseChunk(res, id, created, model, { role: "assistant", content: "" }, null);
    for (const part of text.match(/\S+\s*/g) ?? [text]) {
      await new Promise((r) => boundedTimer(gapMs, () => r(undefined)));
      if (res.destroyed) return;
      sseChunk(res, id, created, model, { content: part }, null);
    }
    sseChunk(res, id, created, model, {}, "stop");
    res.write("data: [DONE]\n\n");
    res.end();
  };

  const handleChat = async (req: http.IncomingMessage, res: http.ServerResponse, raw: string, t0: number, provider: string | null, pathName: string) => {
    let body: ChatBody;
    try {
      body = JSON.parse(raw || "{}") as ChatBody;
    } catch {
      sendJson(res, 400, { error: { message: "bad json", type: "invalid_request_error" } });
      return;
    }
    const model = String(body.model ?? "");
    let { step, n } = pickStep(model);
    const userText = lastUserText(body);
    let fromDirective = false;
    const directive = /\[\[fake:([a-z0-9-]+)\]\]/.exec(userText);
    if (directive && KINDS.has(directive[1]!) && !lastIsToolResult(body)) {
      step = { kind: directive[1] } as Behaviour;
      fromDirective = true;
    }
    const msgs = Array.isArray(body.messages) ? body.messages : [];
    const rec: FakeRequest = {
      seq: ++seq,
      t: new Date(t0).toISOString(),
      at: t0,
      method: req.method ?? "POST",
      path: pathName,
      provider,
      model,
      n,
      kind: step.kind,
      fromDirective,
      stream: !!body.stream,
      messages: msgs.length,
      tools: Array.isArray(body.tools) ? body.tools.length : 0,
      hasSystem: msgs.some((m) => m.role === "system" || m.role === "developer"),
      maxTokens: body.max_completion_tokens ?? body.max_tokens ?? null,
      auth: String(req.headers.authorization ?? "").slice(0, 16),
      lastUser: userText.slice(0, 2000),
      isProbe: isProbeText(userText),
      status: null,
      ms: 0,
    };
    push(rec);
    const decide = (status: number | string) => {
      rec.status = status;
      rec.ms = Date.now() - t0;
      events.emit("request", rec);
    };
    let ended = false;
    const end = (outcome: string) => {
      if (ended) return;
      ended = true;
      rec.outcome = outcome;
      rec.totalMs = Date.now() - t0;
      events.emit("end", rec);
    };
    res.on("close", () => end(res.writableFinished ? "completed" : closing ? "server-closed" : "client-closed"));

    if ("delayMs" in step && step.delayMs) await new Promise((r) => boundedTimer(Math.min(step.delayMs as number, maxHangMs), () => r(undefined)));
    switch (step.kind) {
      case "429": {
        const headers: Record<string, string> = { ...(step.headers ?? {}) };
        if (step.retryAfter != null) headers["retry-after"] = String(step.retryAfter);
        decide(429);
        sendJson(res, 429, step.body ?? errorBody(429), headers);
        return;
      }
      case "400": case "401": case "402": case "403": case "404": case "500": case "502": case "503": case "529": {
        const status = Number(step.kind);
        decide(status);
        sendJson(res, status, step.body ?? errorBody(status), step.headers ?? {});
        return;
      }
      case "hang": {
        decide("hang");
        boundedTimer(Math.min(step.maxMs ?? maxHangMs, maxHangMs), () => {
          end("bounded-timeout");
          res.destroy();
        });
        return;
      }
      case "stall": {
        decide("stall");
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const created = Math.floor(Date.now() / 1000);
        const chunks = Math.max(1, step.chunks ?? 1);
        for (let i = 0; i < chunks; i++) sseChunk(res, `chatcmpl-fake-stall-${rec.seq}`, created, model, i === 0 ? { role: "assistant", content: "partial " } : { content: "more " }, null);
        boundedTimer(Math.min(step.maxMs ?? maxHangMs, maxHangMs), () => {
          end("bounded-timeout");
          res.destroy();
        });
        return;
      }
      case "keepalive": {
        decide("keepalive");
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const created = Math.floor(Date.now() / 1000);
        const beat = () => {
          if (res.destroyed || res.writableEnded) return;
          if (step.style === "comment") res.write(": keep-alive\n\n");
          else sseChunk(res, `chatcmpl-fake-keepalive-${rec.seq}`, created, model, {}, null);
        };
        beat();
        const every = setInterval(beat, Math.max(50, step.everyMs ?? 1000));
        res.once("close", () => clearInterval(every));
        boundedTimer(Math.min(step.maxMs ?? maxHangMs, maxHangMs), () => {
          clearInterval(every);
          end("bounded-timeout");
          res.destroy();
        });
        return;
      }
      case "reset": {
        decide("reset");
        end("reset");
        req.socket.resetAndDestroy();
        return;
      }
      case "reset-mid": {
        decide("reset-mid");
        res.writeHead(200, { "content-type": "text/event-stream" });
        sseChunk(res, `chatcmpl-fake-rst-${rec.seq}`, Math.floor(Date.now() / 1000), model, { role: "assistant", content: "partial " }, null);
        boundedTimer(50, () => {
          end("reset");
          req.socket.resetAndDestroy();
        });
        return;
      }
      case "tool": {
        if (!lastIsToolResult(body)) {
          decide(200);
          sendOk(res, body, model, "", { id: `call_fake_${rec.seq}`, name: step.toolName ?? "probe_echo", args: step.toolArgs ?? { input: "hello-from-fake-model" } });
          return;
        }
        decide(200);
        sendOk(res, body, model, step.text ?? `tool done (${model})`);
        return;
      }
      case "ok":
      default: {
        decide(200);
        const text = (step.kind === "ok" && step.text) || `FAKE-OK model=${model} n=${n} echo=${userText.slice(-40).replace(/\s+/g, " ")}`;
        if (step.kind === "ok" && step.chunkGapMs && body.stream) await sendOkSlowly(res, model, text, step.chunkGapMs);
        else sendOk(res, body, model, text);
        return;
      }
    }
  };

  const server = http.createServer((req, res) => {
    const t0 = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => res.destroy());
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const p = url.pathname;
      try {
        if (req.method === "GET" && p === "/__health") return sendJson(res, 200, { ok: true, port: api.port });
        if (req.method === "GET" && p === "/__log") return sendJson(res, 200, log);
        if (req.method === "POST" && p === "/__reset") {
          api.reset();
          return sendJson(res, 200, { ok: true });
        }
        if (req.method === "POST" && p === "/__script") {
          const b = JSON.parse(raw || "{}") as { model: string; steps?: Behaviour[]; loop?: boolean };
          api.setScript(b.model, b.steps ?? [], { loop: !!b.loop });
          return sendJson(res, 200, { ok: true, model: b.model });
        }
        const m = /^(?:\/([A-Za-z0-9_.-]+))?\/v1\/(chat\/completions|models)\/?$/.exec(p);
        if (m && req.method === "POST" && m[2] === "chat/completions") {
          void handleChat(req, res, raw, t0, m[1] ?? null, p);
          return;
        }
        if (m && req.method === "GET" && m[2] === "models") {
          const ids = [...new Set([...scripts.keys()])];
          return sendJson(res, 200, { object: "list", data: ids.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })) });
        }
        push({
          seq: ++seq, t: new Date(t0).toISOString(), at: t0, method: req.method ?? "", path: p, provider: null, model: "", n: 0,
          kind: "unhandled", fromDirective: false, stream: false, messages: 0, tools: 0, hasSystem: false, maxTokens: null,
          auth: String(req.headers.authorization ?? "").slice(0, 16), lastUser: "", isProbe: false, status: 404, ms: Date.now() - t0,
        });
        return sendJson(res, 404, { error: { message: `not found: ${req.method} ${p}`, type: "not_found" } });
      } catch (err) {
        return sendJson(res, 500, { error: { message: String(err) } });
      }
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const api: FakeProvider = {
    port,
    origin: `http://127.0.0.1:${port}`,
    events,
    baseUrl: (provider?: string) => `http://127.0.0.1:${port}${provider ? `/${provider}` : ""}/v1`,
    setBehaviour(model, behaviour) {
      scripts.set(model, { steps: [behaviour], loop: false });
    },
    setScript(model, steps, o) {
      scripts.set(model, { steps: [...steps], loop: !!o?.loop });
      counters.set(model, 0);
    },
    clearBehaviour(model) {
      if (model === undefined) scripts = new Map();
      else scripts.delete(model);
    },
    setProbeMarker(marker) {
      probeMarker = marker;
    },
    requests(filter) {
      return log.filter(
        (r) =>
          (filter?.model === undefined || r.model === filter.model) &&
          (filter?.provider === undefined || r.provider === filter.provider) &&
          (filter?.isProbe === undefined || r.isProbe === filter.isProbe) &&
          (filter?.since === undefined || r.at >= filter.since),
      );
    },
    reset() {
      log = [];
      counters = new Map();
      scripts = new Map();
    },
    waitForRequest(pred, timeoutMs = 30_000) {
      const hit = log.find((r) => r.status !== null && pred(r));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const onReq = (r: FakeRequest) => {
          if (!pred(r)) return;
          clearTimeout(t);
          events.off("request", onReq);
          resolve(r);
        };
        const t = setTimeout(() => {
          events.off("request", onReq);
          reject(new Error(`fake provider: no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on("request", onReq);
      });
    },
    async close() {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
