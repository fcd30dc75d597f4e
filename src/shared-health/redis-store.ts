// The shared store on Redis, through ioredis: reconnects forever in the background, never queues a command while
// disconnected (it fails at once), and fails any command slower than commandTimeoutMs.
import { Redis } from "ioredis";
import type { SharedRedisConfig } from "../config/types.js";
import type { SharedStore } from "./store.js";
import { reasonOf, redisLabel, redisOptions } from "./redis-options.js";

/** Keeps the later of two entries (scripts run atomically in Redis). An unreadable value is replaced. */
const PUT_ENTRY = `
local cur = redis.pcall('GET', KEYS[1])
if type(cur) == 'string' then
  local ok, doc = pcall(cjson.decode, cur)
  if ok and type(doc) == 'table' and tonumber(doc['until']) and tonumber(doc['until']) >= tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** A key of any other type (another version, another program) is replaced by our hash. */
const PUT_SHARE = `
local t = redis.call('TYPE', KEYS[1])['ok']
if t ~= 'hash' and t ~= 'none' then redis.call('DEL', KEYS[1]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const GET_SHARES = `
if redis.call('TYPE', KEYS[1])['ok'] ~= 'hash' then return {} end
return redis.call('HGETALL', KEYS[1])`;

export class RedisStore implements SharedStore {
  readonly label: string;
  private readonly client: Redis;
  private readonly sub: Redis;
  private readonly listeners: Array<(up: boolean, why: string) => void> = [];
  private readonly channels = new Map<string, (message: string) => void>();
  private closed = false;

  constructor(config: SharedRedisConfig) {
    this.label = redisLabel(config.url);
    const options = redisOptions(config);
    this.client = new Redis(config.url, options);
    // The subscriber may queue its SUBSCRIBE until connected; it sends nothing else.
    this.sub = new Redis(config.url, { ...options, enableOfflineQueue: true, commandTimeout: undefined });
    this.client.on("ready", () => this.tell(true, "connected"));
    this.client.on("error", (error: unknown) => this.tell(false, reasonOf(error)));
    this.client.on("close", () => this.tell(false, "connection closed"));
    this.sub.on("error", () => undefined);
    this.sub.on("ready", () => {
      for (const channel of this.channels.keys()) this.sub.subscribe(channel).catch(() => undefined);
    });
    this.sub.on("message", (channel: string, message: string) => {
      const handler = this.channels.get(channel);
      if (handler) handler(message);
    });
  }

  connect(): void {
    this.client.connect().catch(() => undefined);
    this.sub.connect().catch(() => undefined);
  }

  async putEntry(key: string, value: string, until: number, ttlMs: number): Promise<boolean> {
    const r = await this.client.eval(PUT_ENTRY, 1, key, value, String(until), String(Math.max(1, Math.ceil(ttlMs))));
    return r === 1;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    if (keys.length === 0) return [];
    return this.client.mget(...keys);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(channel, message);
  }

  subscribe(channel: string, onMessage: (message: string) => void): void {
    this.channels.set(channel, onMessage);
    if (this.sub.status === "ready") this.sub.subscribe(channel).catch(() => undefined);
  }

  async tryLease(key: string, holder: string, ttlMs: number): Promise<string | undefined> {
    const set = await this.client.set(key, holder, "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
    if (set === "OK") return undefined;
    const current = await this.client.get(key);
    return current ?? "another gateway";
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    await this.client.eval(RELEASE_LEASE, 1, key, holder);
  }

  async putShare(key: string, field: string, value: string, ttlMs: number): Promise<void> {
    await this.client.eval(PUT_SHARE, 1, key, field, value, String(Math.max(1, Math.ceil(ttlMs))));
  }

  async getShares(key: string): Promise<Record<string, string>> {
    const flat = (await this.client.eval(GET_SHARES, 1, key)) as unknown;
    const out: Record<string, string> = {};
    if (!Array.isArray(flat)) return out;
    for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
    return out;
  }

  onLink(listener: (up: boolean, why: string) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.disconnect();
    this.sub.disconnect();
  }

  private tell(up: boolean, why: string): void {
    if (this.closed) return;
    for (const l of this.listeners) l(up, why);
  }
}
