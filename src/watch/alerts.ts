// Alerts that need no gateway: a webhook, and Telegram's Bot API with the bot token already in openclaw.json.
import JSON5 from "json5";

export interface AlertRoutes {
  readonly webhookUrl?: string;
  readonly telegram?: { readonly token: string; readonly chatId: string; readonly apiRoot: string };
}

export interface AlertDelivery {
  readonly via: "webhook" | "telegram";
  readonly ok: boolean;
  readonly error?: string;
}

export const TELEGRAM_API_ROOT = "https://api.telegram.org";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/**
 * Alert routes from openclaw.json's text: the plugin's own `alerts` (webhookUrl; channel "telegram" + target) and
 * `channels.telegram.botToken` / `apiRoot`. Flags win over the file. Unreadable text gives only the flags.
 */
export function alertRoutes(configText: string | undefined, flags: { webhookUrl?: string; telegramChat?: string }, env: NodeJS.ProcessEnv = process.env): AlertRoutes {
  let config: Obj | undefined;
  try {
    config = configText === undefined ? undefined : obj(JSON5.parse(configText));
  } catch {
    config = undefined;
  }
  const pluginAlerts = obj(obj(obj(obj(obj(config?.plugins)?.entries)?.["self-heal"])?.config)?.alerts);
  const telegram = obj(obj(config?.channels)?.telegram);
  const webhookUrl = flags.webhookUrl ?? str(pluginAlerts?.webhookUrl);
  const chatId = flags.telegramChat ?? (str(pluginAlerts?.channel) === "telegram" ? str(pluginAlerts?.target) : undefined);
  const token = str(telegram?.botToken) ?? str(env.TELEGRAM_BOT_TOKEN);
  const apiRoot = (str(telegram?.apiRoot) ?? TELEGRAM_API_ROOT).replace(/\/+$/, "");
  return {
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(token && chatId ? { telegram: { token, chatId, apiRoot } } : {}),
  };
}

export function hasRoute(routes: AlertRoutes): boolean {
  return routes.webhookUrl !== undefined || routes.telegram !== undefined;
}

/** Hides a bot token in an error text. */
function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join("<bot token>") : text;
}

async function post(url: string, body: unknown, timeoutMs: number): Promise<{ ok: boolean; status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text().catch(() => "");
  return { ok: res.ok, status: res.status, text };
}

/** Sends `text` on every route; never throws. `details` go to the webhook as extra JSON fields. */
export async function sendAlert(routes: AlertRoutes, text: string, details: Record<string, unknown>, timeoutMs = 10_000): Promise<AlertDelivery[]> {
  const jobs: Array<Promise<AlertDelivery>> = [];
  if (routes.webhookUrl) {
    const url = routes.webhookUrl;
    jobs.push(
      post(url, { source: "self-heal watch", text, ...details }, timeoutMs).then(
        (r) => (r.ok ? { via: "webhook" as const, ok: true } : { via: "webhook" as const, ok: false, error: `webhook answered ${r.status}` }),
        (e: Error) => ({ via: "webhook" as const, ok: false, error: `webhook failed: ${e.message}` }),
      ),
    );
  }
  if (routes.telegram) {
    const t = routes.telegram;
    // Telegram caps a message at 4096 characters.
    const message = text.length > 4000 ? `${text.slice(0, 3990)}\n…` : text;
    jobs.push(
      post(`${t.apiRoot}/bot${t.token}/sendMessage`, { chat_id: t.chatId, text: message, disable_web_page_preview: true }, timeoutMs).then(
        (r) => {
          if (r.ok && /"ok"\s*:\s*true/.test(r.text)) return { via: "telegram" as const, ok: true };
          const description = /"description"\s*:\s*"([^"]*)"/.exec(r.text)?.[1];
          return { via: "telegram" as const, ok: false, error: redact(`Telegram sendMessage answered ${r.status}${description ? `: ${description}` : ""}`, t.token) };
        },
        (e: Error) => ({ via: "telegram" as const, ok: false, error: redact(`Telegram sendMessage failed: ${e.message}`, t.token) }),
      ),
    );
  }
  return Promise.all(jobs);
}
