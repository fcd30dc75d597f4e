// Who may see and change what: the one owner check every agent tool and the /selfheal command use. OpenClaw hands each tool factory a context with
// `senderIsOwner`, the trusted owner bit of the inbound turn (set by the runtime, never by tool arguments). Anything
// that carries error text, session keys or prompts is for the owner only; other senders get aggregate numbers.

/** The caller of one tool call, as far as access is concerned. */
export interface ToolCaller {
  /** The sender of the turn is the gateway's owner (OpenClaw's `senderIsOwner === true`). */
  readonly owner: boolean;
}

export const OWNER: ToolCaller = Object.freeze({ owner: true });
export const NOT_OWNER: ToolCaller = Object.freeze({ owner: false });

/**
 * True only when OpenClaw's tool context says the sender is the owner (`ctx.senderIsOwner === true`). A missing
 * context, a missing field or any other value is not the owner: the safe default.
 */
export function isOwnerContext(ctx: unknown): boolean {
  return typeof ctx === "object" && ctx !== null && (ctx as { senderIsOwner?: unknown }).senderIsOwner === true;
}

/** The caller described by a tool context (see {@link isOwnerContext}). */
export function callerOf(ctx: unknown): ToolCaller {
  return isOwnerContext(ctx) ? OWNER : NOT_OWNER;
}

/** The sentence a non-owner reads where owner-only detail was left out. */
export function ownerOnlyNote(lang: "en" | "zh"): string {
  return lang === "zh"
    ? "详细信息(模型错误原文、会话、操作记录)只显示给网关的所有者。"
    : "Details (error texts, sessions, actions) are shown to the gateway's owner only.";
}

/** What OpenClaw tells a tool factory or a command handler about the sender of the current turn. */
export interface SenderContext {
  readonly senderIsOwner?: boolean;
  readonly senderId?: string;
  readonly requesterSenderId?: string;
}

export type OwnerCheck = { readonly ok: true; readonly by: string } | { readonly ok: false; readonly refusal: string };

/**
 * For anything that changes what the supervisor does: `ok` only for the owner (see {@link isOwnerContext}), so a turn
 * started by anyone else cannot borrow the owner's rights; `by` names them for the journal.
 */
export function ownerOnly(ctx: SenderContext | undefined, what: string): OwnerCheck {
  if (!isOwnerContext(ctx)) {
    return { ok: false, refusal: `Only the owner may ${what}; this request came from another sender, so nothing was changed.` };
  }
  const id = ctx?.senderId ?? ctx?.requesterSenderId;
  return { ok: true, by: typeof id === "string" && id.length > 0 ? `owner:${id.slice(0, 80)}` : "owner" };
}
