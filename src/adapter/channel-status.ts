// Reads `openclaw channels status --json` into one health reading per channel.
//
// Decided from the fields that carry health on OpenClaw 2026.9 (recorded from a real gateway with IRC and
// Telegram in test/adapter/fixtures/channel-status/): `lifecycle` ("ready" when healthy, "recovering" while
// OpenClaw's own reconnect runs), `restartPending`, `lastError`, `running`, `reconnectAttempts` and the
// activity times. `connected` alone is not trusted: it stays true while the IRC server is gone.

/** What a channel's accounts say, best first. */
export type ChannelCondition = "ready" | "recovering" | "restart_pending" | "stopped" | "error" | "unknown";

export interface ChannelReading {
  readonly channel: string;
  /** True when at least one enabled account is ready. */
  readonly connected: boolean;
  readonly condition: ChannelCondition;
  /** Plain words for the journal and the owner, set when not connected. */
  readonly detail?: string;
  /** Latest activity over the channel's accounts, epoch ms (absent when OpenClaw reports none). */
  readonly lastInboundAt?: number;
  readonly lastTransportActivityAt?: number;
  readonly lastConnectedAt?: number;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

const READY = new Set(["ready", "connected", "running", "ok", "healthy"]);
const RECOVERING = new Set(["recovering", "reconnecting", "connecting", "backoff"]);
/** OpenClaw is bringing the account up (at boot or after a restart): its own business, like a pending restart. */
const STARTING = new Set(["starting", "initializing"]);
const STOPPED = new Set(["stopped", "stopping", "disabled", "idle"]);
const ERROR = new Set(["error", "failed", "blocked", "crashed"]);
const RANK: Record<ChannelCondition, number> = { ready: 0, recovering: 1, restart_pending: 2, stopped: 3, error: 4, unknown: 5 };

interface AccountRead {
  readonly condition: ChannelCondition;
  readonly why: string;
}

/** One account's condition, or undefined when it carries no health fields (or is switched off). */
export function accountCondition(a: Rec): AccountRead | undefined {
  if (a.enabled === false || a.configured === false) return undefined;
  const error = typeof a.lastError === "string" && a.lastError.trim() ? a.lastError.trim().slice(0, 200) : undefined;
  // OpenClaw's own channel health monitor restarts an account after errors (restartPending, reconnectAttempts).
  if (a.restartPending === true) return { condition: "restart_pending", why: `OpenClaw is restarting it${error ? ` after: ${error}` : ""}` };
  if (error) return { condition: "error", why: `OpenClaw reports an error: ${error}` };
  const lifecycle = typeof a.lifecycle === "string" ? a.lifecycle.toLowerCase() : undefined;
  const attempts = num(a.reconnectAttempts);
  if (lifecycle !== undefined) {
    if (READY.has(lifecycle)) return a.running === false ? { condition: "stopped", why: "not running" } : { condition: "ready", why: "ready" };
    if (STARTING.has(lifecycle)) return { condition: "restart_pending", why: `OpenClaw is starting it (lifecycle ${lifecycle})` };
    if (RECOVERING.has(lifecycle)) return { condition: "recovering", why: `OpenClaw is reconnecting it (lifecycle ${lifecycle}${attempts ? `, ${attempts} attempts` : ""})` };
    if (STOPPED.has(lifecycle)) return { condition: "stopped", why: `not running (lifecycle ${lifecycle})` };
    if (ERROR.has(lifecycle)) return { condition: "error", why: `lifecycle ${lifecycle}` };
  }
  const status = typeof a.status === "string" ? a.status.toLowerCase() : undefined;
  if (status !== undefined) {
    if (READY.has(status)) return { condition: "ready", why: "ready" };
    if (status === "disconnected" || RECOVERING.has(status)) return { condition: "recovering", why: `status ${status}` };
    if (STOPPED.has(status)) return { condition: "stopped", why: `status ${status}` };
    if (ERROR.has(status)) return { condition: "error", why: `status ${status}` };
  }
  if (a.running === false) return { condition: "stopped", why: "not running" };
  if (typeof a.connected === "boolean") return a.connected ? { condition: "ready", why: "connected" } : { condition: "recovering", why: "not connected" };
  if (a.running === true) return { condition: "ready", why: "running" };
  return lifecycle !== undefined ? { condition: "unknown", why: `lifecycle ${lifecycle}` } : undefined;
}

function accountsOf(v: unknown): Rec[] {
  if (Array.isArray(v)) return v.map(rec).filter((x): x is Rec => x !== undefined);
  const r = rec(v);
  if (!r) return [];
  if (accountCondition(r) !== undefined) return [r];
  return Object.values(r).map(rec).filter((x): x is Rec => x !== undefined);
}

function latest(accounts: Rec[], key: string): number | undefined {
  const times = accounts.map((a) => num(a[key])).filter((t): t is number => t !== undefined);
  return times.length ? Math.max(...times) : undefined;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/**
 * One reading per channel the status mentions. Per-account entries (`channelAccounts`) win over the
 * channel summary (`channels`), which carries no lifecycle. `now` (epoch ms) phrases "last connected … ago";
 * it defaults to the status's own `ts`.
 */
export function readChannelStatus(json: unknown, now?: number): ChannelReading[] {
  const root = rec(json);
  if (!root || root.status === "starting") return [];
  const at = now ?? num(root.ts);
  const channels = rec(root.channels) ?? {};
  const perAccount = rec(root.channelAccounts) ?? {};
  const names = new Set([...Object.keys(channels), ...Object.keys(perAccount)]);
  const out: ChannelReading[] = [];
  for (const name of names) {
    const own = accountsOf(perAccount[name]);
    const accounts = own.length > 0 ? own : accountsOf(channels[name]);
    const reads = accounts.map((a) => ({ a, r: accountCondition(a) })).filter((x): x is { a: Rec; r: AccountRead } => x.r !== undefined);
    if (reads.length === 0) continue;
    const connected = reads.some((x) => x.r.condition === "ready");
    const worst = reads.reduce((w, x) => (RANK[x.r.condition] > RANK[w.r.condition] ? x : w));
    const best = reads.reduce((b, x) => (RANK[x.r.condition] < RANK[b.r.condition] ? x : b));
    const lastConnectedAt = latest(accounts, "lastConnectedAt");
    const lastInboundAt = latest(accounts, "lastInboundAt");
    const lastTransportActivityAt = latest(accounts, "lastTransportActivityAt");
    let detail: string | undefined;
    if (!connected) {
      const label = reads.length > 1 ? `account ${String(worst.a.accountId ?? "?")}: ` : "";
      const since = lastConnectedAt !== undefined && at !== undefined ? `; last connected ${ago(at - lastConnectedAt)} ago` : "";
      detail = `${label}${worst.r.why}${since}`;
    }
    out.push({
      channel: name,
      connected,
      condition: connected ? "ready" : best.r.condition,
      ...(detail ? { detail } : {}),
      ...(lastInboundAt !== undefined ? { lastInboundAt } : {}),
      ...(lastTransportActivityAt !== undefined ? { lastTransportActivityAt } : {}),
      ...(lastConnectedAt !== undefined ? { lastConnectedAt } : {}),
    });
  }
  return out;
}
