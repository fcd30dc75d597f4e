// Quota counters across gateways: each gateway writes its own count of every configured budget into one hash per
// budget and window (`<prefix>v1:quota:<budget>:<windowStart>`, field = gateway, value = "requests,tokens"), and
// journals the others' sum as `peer.quota` whenever it changes; the quota watch adds it to its own count.
import type { OwnUsage } from "../projections/quota-watch.js";
import type { Keys } from "./protocol.js";
import type { SharedStore } from "./store.js";

const VALUE = /^(\d{1,15}),(\d{1,18})$/;
/** Hashes outlive their window by this much (late readers still see the last counts). */
const GRACE_MS = 3_600_000;

export interface PeerQuota {
  readonly model: string;
  readonly windowStart: number;
  readonly requests: number;
  readonly tokens: number;
  readonly gateways: number;
}

export class QuotaShare {
  private readonly pushed = new Map<string, string>();
  private readonly told = new Map<string, string>();

  constructor(
    private readonly keys: Keys,
    private readonly gateway: string,
    private readonly run: <T>(op: () => Promise<T>) => Promise<T | undefined>,
    private readonly store: SharedStore,
  ) {}

  /** One round: push changed own counts, read every budget's hash, report the others' sums that changed. */
  async sync(own: readonly OwnUsage[], now: number, onPeers: (p: PeerQuota) => void, onUnreadable: (n: number) => void): Promise<void> {
    let unreadable = 0;
    for (const u of own) {
      const key = this.keys.quota(u.model, u.windowStart);
      const value = `${Math.floor(u.requests)},${Math.floor(u.tokens)}`;
      if (this.pushed.get(key) !== value) {
        const ok = await this.run(async () => {
          await this.store.putShare(key, this.gateway, value, Math.max(1, u.windowEnd - now) + GRACE_MS);
          return true;
        });
        if (!ok) return;
        this.pushed.set(key, value);
      }
      const shares = await this.run(() => this.store.getShares(key));
      if (!shares) return;
      let requests = 0;
      let tokens = 0;
      let gateways = 0;
      for (const [field, v] of Object.entries(shares)) {
        if (field === this.gateway) continue;
        const m = VALUE.exec(v);
        if (!m) {
          unreadable++;
          continue;
        }
        requests += Number(m[1]);
        tokens += Number(m[2]);
        gateways++;
      }
      const mark = `${u.windowStart}|${requests}|${tokens}`;
      if (this.told.get(u.model) === mark) continue;
      this.told.set(u.model, mark);
      onPeers({ model: u.model, windowStart: u.windowStart, requests, tokens, gateways });
    }
    if (this.pushed.size > 1000) this.pushed.clear();
    onUnreadable(unreadable);
  }
}
