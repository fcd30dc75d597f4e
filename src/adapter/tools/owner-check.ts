// The one owner check every mutating surface shares (agent tools, the /selfheal command): only the gateway's owner
// may change what the supervisor does, and a turn started by anyone else cannot borrow the owner's rights.

/** What OpenClaw tells a tool factory or a command handler about the sender of the current turn. */
export interface SenderContext {
  readonly senderIsOwner?: boolean;
  readonly senderId?: string;
  readonly requesterSenderId?: string;
}

export type OwnerCheck = { readonly ok: true; readonly by: string } | { readonly ok: false; readonly refusal: string };

/** `ok` only when OpenClaw says the sender of this turn is the owner; `by` names them for the journal. */
export function ownerOnly(ctx: SenderContext | undefined, what: string): OwnerCheck {
  if (ctx?.senderIsOwner !== true) {
    return { ok: false, refusal: `Only the owner may ${what}; this request came from another sender, so nothing was changed.` };
  }
  const id = ctx.senderId ?? ctx.requesterSenderId;
  return { ok: true, by: typeof id === "string" && id.length > 0 ? `owner:${id.slice(0, 80)}` : "owner" };
}
