// Reads `openclaw channels status --json` into per-channel connected/disconnected observations.

export interface ChannelReading {
  readonly channel: string;
  readonly connected: boolean;
  readonly detail?: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : undefined);

function accountConnected(a: Rec): boolean | undefined {
  if (typeof a.connected === "boolean") return a.connected;
  if (a.status === "connected" || a.status === "ok" || a.status === "running") return true;
  if (a.status === "disconnected" || a.status === "error" || a.status === "stopped") return false;
  if (a.lifecycle === "blocked") return false;
  if (typeof a.running === "boolean") return a.running && !a.lastError;
  return undefined;
}

function accountsOf(v: unknown): Rec[] {
  if (Array.isArray(v)) return v.map(rec).filter((x): x is Rec => x !== undefined);
  const r = rec(v);
  if (!r) return [];
  const nested = Object.values(r).map(rec).filter((x): x is Rec => x !== undefined);
  return accountConnected(r) !== undefined ? [r] : nested;
}

/** One reading per channel the status mentions; a channel is connected when any account is. */
export function readChannelStatus(json: unknown): ChannelReading[] {
  const root = rec(json);
  if (!root || root.status === "starting") return [];
  const channels = rec(root.channels) ?? {};
  const perAccount = rec(root.channelAccounts) ?? {};
  const names = new Set([...Object.keys(channels), ...Object.keys(perAccount)]);
  const out: ChannelReading[] = [];
  for (const name of names) {
    const accounts = [...accountsOf(perAccount[name]), ...accountsOf(channels[name])];
    const states = accounts.map(accountConnected).filter((s): s is boolean => s !== undefined);
    if (states.length === 0) continue;
    const connected = states.some(Boolean);
    const error = accounts.map((a) => a.lastError).find((e) => typeof e === "string") as string | undefined;
    out.push({ channel: name, connected, ...(error && !connected ? { detail: error.slice(0, 200) } : {}) });
  }
  return out;
}
