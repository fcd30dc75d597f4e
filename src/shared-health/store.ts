// The shared store port: what shared health needs of Redis. Implemented by RedisStore (ioredis) and MemoryStore
// (one process: the rehearsal's simulated gateways, unit tests). Every method may reject; callers never let it escape.

export interface SharedStore {
  /** Where it points, without credentials (for log lines), e.g. "redis 127.0.0.1:6379". */
  readonly label: string;
  /** Starts connecting (and reconnecting, forever) in the background. Never throws. */
  connect(): void;
  /** Writes `value` with a TTL unless the key already holds a readable entry whose `until` is at least `until`. */
  putEntry(key: string, value: string, until: number, ttlMs: number): Promise<boolean>;
  getMany(keys: readonly string[]): Promise<Array<string | null>>;
  publish(channel: string, message: string): Promise<void>;
  /** Messages of `channel` (resubscribed after every reconnect). */
  subscribe(channel: string, onMessage: (message: string) => void): void;
  /** Takes the lease when it is free: undefined. Otherwise the holder's name. */
  tryLease(key: string, holder: string, ttlMs: number): Promise<string | undefined>;
  /** Frees the lease if `holder` still holds it. */
  releaseLease(key: string, holder: string): Promise<void>;
  /** Sets one gateway's field of a shared hash (its quota counts) and expires the hash `ttlMs` from now. */
  putShare(key: string, field: string, value: string, ttlMs: number): Promise<void>;
  /** Every field of a shared hash ({} when missing or not a hash). */
  getShares(key: string): Promise<Record<string, string>>;
  /** Connection changes: up (ready), down (with a plain-words reason). */
  onLink(listener: (up: boolean, why: string) => void): void;
  close(): Promise<void>;
}
