// Opt-in liveness check for Telegram (`channels.livenessCheck`): messages waiting at Telegram that completed
// polls did not fetch. A healthy long poll takes an update within a second; so when messages already waited at
// one reading, OpenClaw completed a poll since (its `lastTransportActivityAt` moved past that reading) and they
// still wait, the poll accepts requests but delivers nothing (openclaw#141817): connected but deaf. A quiet chat
// has nothing waiting, so it is never called deaf.
//
// Reads `getWebhookInfo.pending_update_count` with the channel's own bot token from openclaw.json
// (`channels.telegram.botToken` or `tokenFile`; `apiRoot` when set), sent only to that Bot API root.
import { readFileSync } from "node:fs";
import type { ChannelReading } from "./channel-status.js";

export interface BacklogSample {
  /** When the sample was taken, epoch ms. */
  readonly at: number;
  /** `pending_update_count`. */
  readonly pending: number;
}

/** True when messages waited at `prev`, still wait at `cur`, and a poll completed after `prev`. */
export function isDeaf(prev: BacklogSample | undefined, cur: BacklogSample, lastTransportActivityAt: number | undefined): boolean {
  if (!prev || prev.pending <= 0 || cur.pending <= 0 || lastTransportActivityAt === undefined) return false;
  return lastTransportActivityAt > prev.at;
}

export function deafReading(reading: ChannelReading, pending: number): ChannelReading {
  return {
    ...reading,
    connected: false,
    detail: `connected but deaf: ${pending === 1 ? "1 message waits" : `${pending} messages wait`} at Telegram that OpenClaw's completed polls did not fetch`,
  };
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : undefined);

/** The default account's Bot API root and token from an OpenClaw config, when it names one in plain text or a file. */
export function telegramEndpoint(openclawConfig: unknown): { apiRoot: string; token: string } | undefined {
  const tg = rec(rec(rec(openclawConfig)?.channels)?.telegram);
  if (!tg || tg.enabled === false) return undefined;
  const account = rec(rec(tg.accounts)?.default) ?? {};
  const pick = (k: string) => (typeof account[k] === "string" ? (account[k] as string) : typeof tg[k] === "string" ? (tg[k] as string) : undefined);
  let token = pick("botToken");
  const file = pick("tokenFile");
  if (!token && file) {
    try {
      token = readFileSync(file, "utf8").trim();
    } catch {
      return undefined;
    }
  }
  if (!token) return undefined;
  const apiRoot = (pick("apiRoot") ?? "https://api.telegram.org").replace(/\/+$/, "");
  return { apiRoot, token };
}

/** `pending_update_count` from the Bot API, or undefined when it cannot be read (never throws). */
export async function pendingUpdates(endpoint: { apiRoot: string; token: string }, timeoutMs = 10_000): Promise<number | undefined> {
  try {
    const res = await fetch(`${endpoint.apiRoot}/bot${endpoint.token}/getWebhookInfo`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { ok?: boolean; result?: { pending_update_count?: unknown } };
    const n = body?.result?.pending_update_count;
    return body?.ok === true && typeof n === "number" && Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}
