// The Redis store, loaded on first connect: a gateway that does not share health never loads ioredis.
import type { SharedRedisConfig } from "../config/types.js";
import type { SharedStore } from "./store.js";
import { redisLabel } from "./redis-options.js";

const NOT_YET = () => Promise.reject(new Error("not connected"));

export class LazyRedisStore implements SharedStore {
  readonly label: string;
  private inner: SharedStore | undefined;
  private closed = false;
  private readonly links: Array<(up: boolean, why: string) => void> = [];
  private readonly subs: Array<[string, (message: string) => void]> = [];

  constructor(private readonly config: SharedRedisConfig) {
    this.label = redisLabel(config.url);
  }

  connect(): void {
    import("./redis-store.js").then(
      ({ RedisStore }) => {
        if (this.closed) return;
        let inner: SharedStore;
        try {
          inner = new RedisStore(this.config); // reads tls.caFile: may fail
        } catch (error) {
          for (const l of this.links) l(false, `cannot set up the connection: ${(error as Error).message}`);
          return;
        }
        for (const l of this.links) inner.onLink(l);
        for (const [channel, handler] of this.subs) inner.subscribe(channel, handler);
        this.inner = inner;
        inner.connect();
      },
      (error: unknown) => {
        for (const l of this.links) l(false, `Redis client not loaded: ${(error as Error).message}`);
      },
    );
  }

  putEntry(key: string, value: string, until: number, ttlMs: number): Promise<boolean> {
    return this.inner ? this.inner.putEntry(key, value, until, ttlMs) : NOT_YET();
  }
  getMany(keys: readonly string[]): Promise<Array<string | null>> {
    return this.inner ? this.inner.getMany(keys) : NOT_YET();
  }
  publish(channel: string, message: string): Promise<void> {
    return this.inner ? this.inner.publish(channel, message) : NOT_YET();
  }
  subscribe(channel: string, onMessage: (message: string) => void): void {
    if (this.inner) this.inner.subscribe(channel, onMessage);
    else this.subs.push([channel, onMessage]);
  }
  tryLease(key: string, holder: string, ttlMs: number): Promise<string | undefined> {
    return this.inner ? this.inner.tryLease(key, holder, ttlMs) : NOT_YET();
  }
  releaseLease(key: string, holder: string): Promise<void> {
    return this.inner ? this.inner.releaseLease(key, holder) : NOT_YET();
  }
  putShare(key: string, field: string, value: string, ttlMs: number): Promise<void> {
    return this.inner ? this.inner.putShare(key, field, value, ttlMs) : NOT_YET();
  }
  getShares(key: string): Promise<Record<string, string>> {
    return this.inner ? this.inner.getShares(key) : NOT_YET();
  }
  onLink(listener: (up: boolean, why: string) => void): void {
    if (this.inner) this.inner.onLink(listener);
    else this.links.push(listener);
  }
  async close(): Promise<void> {
    this.closed = true;
    await this.inner?.close();
  }
}
