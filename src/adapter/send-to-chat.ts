// Sends a text to a chat in process, through the channel's own outbound adapter (api.runtime.channel.outbound),
// the way OpenClaw's bundled plugins notify a chat. No CLI spawn, no gateway request (those are for trusted plugins).
import type { OpenClawPluginApi } from "./api.js";
import type { DeliveryRoute } from "../tasks/types.js";

export async function sendToChat(api: OpenClawPluginApi, route: DeliveryRoute, text: string): Promise<void> {
  const adapter = await api.runtime.channel.outbound.loadAdapter(route.channel as never);
  const send = adapter?.sendText;
  if (!send) throw new Error(`channel ${route.channel} has no outbound text send in this gateway`);
  await send({
    cfg: api.config,
    to: route.to,
    text,
    ...(route.accountId ? { accountId: route.accountId } : {}),
    ...(route.threadId ? { threadId: route.threadId } : {}),
  });
}
