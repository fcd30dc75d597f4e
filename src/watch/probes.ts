// The watchdog's checks: TCP port, HTTP readiness (/readyz), a gateway RPC round trip, the plugin's heartbeat.
import { statSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import type { RunShell } from "./shell.js";
import type { WatchCheck } from "./types.js";

/** Host and port of a gateway URL (default port 18789, OpenClaw's default). */
export function hostPort(gatewayUrl: string): { host: string; port: number } {
  const url = new URL(gatewayUrl);
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 18789;
  return { host: url.hostname.replace(/^\[|\]$/g, ""), port };
}

/** Does anything accept a TCP connection on the gateway's port? A refused connection means the port is closed. */
export function checkPort(gatewayUrl: string, timeoutMs: number, now: () => number = Date.now): Promise<WatchCheck> {
  const { host, port } = hostPort(gatewayUrl);
  const t0 = now();
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean, detail: string) => {
      socket.destroy();
      resolve({ name: "port", ok, ms: now() - t0, detail });
    };
    socket.setTimeout(timeoutMs, () => finish(false, `no answer to a connection on ${host}:${port} within ${timeoutMs} ms`));
    socket.once("connect", () => finish(true, `${host}:${port} accepts connections`));
    socket.once("error", (err: NodeJS.ErrnoException) => finish(false, `${host}:${port} refused the connection (${err.code ?? err.message})`));
  });
}

/** GET /readyz within the timeout: 200 is ready; another status was answered; no answer in time is the hung case. */
export async function checkReadyz(gatewayUrl: string, timeoutMs: number, now: () => number = Date.now): Promise<WatchCheck> {
  const t0 = now();
  const url = new URL("/readyz", gatewayUrl).href;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text().catch(() => "");
    const failing = /"failing"\s*:\s*(\[[^\]]*\])/.exec(body)?.[1];
    const detail = res.status === 200 ? "ready" : `answered ${res.status}${failing ? ` (failing: ${failing})` : ""}`;
    return { name: "readyz", ok: res.status === 200, ms: now() - t0, detail, value: res.status };
  } catch (err) {
    const e = err as Error;
    const timeout = e.name === "TimeoutError" || e.name === "AbortError";
    return { name: "readyz", ok: false, ms: now() - t0, detail: timeout ? `no answer from /readyz within ${timeoutMs} ms` : `/readyz failed: ${e.message}` };
  }
}

/** `openclaw gateway call health --json`: a real RPC round trip over the gateway's WebSocket. */
export async function checkRpc(openclaw: string, gatewayUrl: string, run: RunShell, timeoutMs: number, env: NodeJS.ProcessEnv, now: () => number = Date.now): Promise<WatchCheck> {
  const t0 = now();
  const timeoutArg = Math.max(1000, timeoutMs - 500);
  const r = await run(`${openclaw} gateway call health --json --port ${hostPort(gatewayUrl).port} --timeout ${timeoutArg}`, { timeoutMs, env });
  const ms = now() - t0;
  if (r.timedOut) return { name: "rpc", ok: false, ms, detail: `gateway call health did not return within ${timeoutMs} ms` };
  if (r.code !== 0) {
    const why = (r.stderr || r.stdout).trim().split("\n").filter(Boolean).slice(-1)[0] ?? "";
    return { name: "rpc", ok: false, ms, detail: `gateway call health failed (exit ${r.code})${why ? `: ${why.slice(0, 200)}` : ""}` };
  }
  return { name: "rpc", ok: true, ms, detail: "gateway call health answered" };
}

/** The plugin's heartbeat: `<stateDir>/status.json`, rewritten on a timer while the plugin runs. */
export function checkHeartbeat(stateDir: string, maxAgeMs: number, now: number): WatchCheck {
  const file = join(stateDir, "status.json");
  try {
    const age = Math.max(0, now - statSync(file).mtimeMs);
    const ok = maxAgeMs <= 0 || age <= maxAgeMs;
    const detail = `status.json written ${Math.round(age / 1000)} s ago${ok ? "" : ` (older than ${Math.round(maxAgeMs / 1000)} s)`}`;
    return { name: "heartbeat", ok, ms: 0, detail, value: Math.round(age) };
  } catch {
    // No plugin (or not started yet): no heartbeat to judge, which is not a failure of the gateway.
    return { name: "heartbeat", ok: true, ms: 0, detail: "no status.json (the self-heal plugin has not written one)" };
  }
}
