// The shared store in one process (the rehearsal's simulated gateways without Redis, unit tests). Time comes from
// the injected clock, so TTLs follow a virtual clock too.
import type { Clock } from "../domain/clock.js";
import { readEntry } from "./protocol.js";
import type { SharedStore } from "./store.js";

interface Cell {
  value: string;
  expiresAt: number;
}

/** One "server": several MemoryStore clients made from it see the same keys and channels. */
export class MemoryRedis {
  readonly cells = new Map<string, Cell>();
  readonly channels = new Map<string, Set<(message: string) => void>>();
  constructor(readonly clock: Clock) {}

  get(key: string): string | null {
    const cell = this.cells.get(key);
    if (!cell) return null;
    if (cell.expiresAt <= this.clock.now()) {
      this.cells.delete(key);
      return null;
    }
    return cell.value;
  }

  set(key: string, value: string, ttlMs: number): void {
    this.cells.set(key, { value, expiresAt: this.clock.now() + ttlMs });
  }

  client(label = "memory"): MemoryStore {
    return new MemoryStore(this, label);
  }
}

export class MemoryStore implements SharedStore {
  private readonly mine: Array<[string, (message: string) => void]> = [];
  constructor(private readonly server: MemoryRedis, readonly label: string) {}

  connect(): void {}

  async putEntry(key: string, value: string, until: number, ttlMs: number): Promise<boolean> {
    const current = readEntry(this.server.get(key));
    if (current && current.until >= until) return false;
    this.server.set(key, value, ttlMs);
    return true;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | null>> {
    return keys.map((k) => this.server.get(k));
  }

  async publish(channel: string, message: string): Promise<void> {
    // Delivered asynchronously, like Redis pub/sub.
    for (const handler of this.server.channels.get(channel) ?? []) queueMicrotask(() => handler(message));
  }

  subscribe(channel: string, onMessage: (message: string) => void): void {
    const set = this.server.channels.get(channel) ?? new Set();
    set.add(onMessage);
    this.server.channels.set(channel, set);
    this.mine.push([channel, onMessage]);
  }

  async tryLease(key: string, holder: string, ttlMs: number): Promise<string | undefined> {
    const current = this.server.get(key);
    if (current !== null) return current;
    this.server.set(key, holder, ttlMs);
    return undefined;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    if (this.server.get(key) === holder) this.server.cells.delete(key);
  }

  async putShare(key: string, field: string, value: string, ttlMs: number): Promise<void> {
    const shares = await this.getShares(key);
    shares[field] = value;
    this.server.set(key, JSON.stringify(shares), ttlMs);
  }

  async getShares(key: string): Promise<Record<string, string>> {
    try {
      const doc: unknown = JSON.parse(this.server.get(key) ?? "{}");
      return doc && typeof doc === "object" && !Array.isArray(doc) ? { ...(doc as Record<string, string>) } : {};
    } catch {
      return {};
    }
  }

  onLink(listener: (up: boolean, why: string) => void): void {
    queueMicrotask(() => listener(true, "connected"));
  }

  async close(): Promise<void> {
    for (const [channel, handler] of this.mine) this.server.channels.get(channel)?.delete(handler);
  }
}
