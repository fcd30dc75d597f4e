// The chat a session's turn came from, read from OpenClaw's session entry, pure. 2026.9.6 keeps it as
// `delivery: {kind: "external", context: {channel, to, accountId?, threadId?}}`; the projected fields
// `deliveryContext` and `lastChannel`/`lastTo`/`lastAccountId`/`lastThreadId` are read when that is missing.
import type { DeliveryRoute } from "./types.js";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined);

/** Channels that are not a chat a message can be sent to (OpenClaw's own UI and internal routes). */
const NOT_A_CHAT = new Set(["webchat", "internal", "cli", "none"]);

function routeFrom(ctx: Rec | undefined): DeliveryRoute | undefined {
  if (!ctx) return undefined;
  const channel = str(ctx.channel);
  const to = str(ctx.to);
  if (!channel || !to || NOT_A_CHAT.has(channel.toLowerCase())) return undefined;
  const accountId = str(ctx.accountId);
  const threadId = str(ctx.threadId);
  return { channel, to, ...(accountId ? { accountId } : {}), ...(threadId ? { threadId } : {}) };
}

/** The external chat of a session entry, or undefined (no entry, internal route, or no peer known). */
export function deliveryRouteOf(entry: unknown): DeliveryRoute | undefined {
  const e = rec(entry);
  if (!e) return undefined;
  const delivery = rec(e.delivery);
  if (delivery) return delivery.kind === "external" ? routeFrom(rec(delivery.context)) : undefined;
  return routeFrom(rec(e.deliveryContext)) ?? routeFrom({ channel: e.lastChannel, to: e.lastTo, accountId: e.lastAccountId, threadId: e.lastThreadId });
}

/** A route as effect params carry it (plain JSON), or undefined when the params hold none. */
export function routeFromParams(value: unknown): DeliveryRoute | undefined {
  return routeFrom(rec(value));
}
