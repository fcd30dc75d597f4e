// Shared health across gateways: publishes this gateway's cooldowns, disables and probe results to the shared
// store, learns the others' (pub/sub, plus a poll at most every second) and hands each learned fact to the
// supervisor as a journaled `peer.health` event. Nothing here runs on a hook's path; no failure escapes.
import type { Clock, TimerHandle } from "../domain/clock.js";
import type { DomainEvent, PeerHealthLearned } from "../domain/events.js";
import type { Category } from "../domain/taxonomy.js";
import type { ProbeOutcome } from "../host/host.js";
import type { StateChange, SupervisorBus } from "../runtime/bus.js";
import { PEER_REASON_PREFIX } from "../../machines/model-peer.js";
import { keysFor, readEntry, readMessage, safeEvidence, PROTOCOL_VERSION, type Keys, type SharedEntry, type SharedProbe } from "./protocol.js";
import type { SharedStore } from "./store.js";
import { LinkTracker, type LinkState } from "./link-state.js";
import { QuotaShare } from "./quota-share.js";
import type { OwnUsage } from "../projections/quota-watch.js";

/** How often entries are re-read besides pub/sub (LiteLLM's router re-checks its cooldowns every second). */
export const POLL_MS = 1000;
/** Commands in flight at most; beyond it new ones are dropped (a slow Redis never piles work up). */
const MAX_PENDING = 64;
/** A learned deadline must beat the local one by this much to be journaled (no journal churn). */
const NEWS_MS = 5000;

/** What shared health reads of the supervisor (the model actors' current state). */
export interface ModelView {
  state: string;
  until?: number;
  reason?: string;
  lastError?: { category: Category; evidence: string; retryAfterMs?: number };
}

export interface SharedHealthOptions {
  readonly store: SharedStore;
  readonly gateway: string;
  readonly keyPrefix: string;
  readonly clock: Clock;
  readonly bus: SupervisorBus;
  readonly observe: (event: DomainEvent) => void;
  readonly model: (id: string) => ModelView | undefined;
  readonly models: () => readonly string[];
  readonly probeTimeoutMs: () => number;
  readonly log: (level: "info" | "warn", message: string) => void;
  readonly pollMs?: number;
  /** This gateway's own count of every configured budget (the quota watch), when budgets are configured. */
  readonly ownQuota?: (now: number) => readonly OwnUsage[];
  /** Journals a record (the learned quota counts, `peer.quota`, go to the quota watch through the journal). */
  readonly record?: (type: string, fields: Record<string, unknown>) => void;
}

export interface SharedHealthStatus {
  readonly state: LinkState;
  readonly gateway: string;
  readonly store: string;
  readonly learned: number;
  readonly published: number;
}

export class SharedHealth {
  readonly keys: Keys;
  private readonly link: LinkTracker;
  private readonly seen = new Map<string, string>();
  private readonly inflight = new Set<Promise<unknown>>();
  private timer: TimerHandle | undefined;
  private polling = false;
  private stopped = false;
  private learned = 0;
  private published = 0;
  private readonly onState = (c: StateChange) => this.onModelState(c);
  private readonly quota: QuotaShare;

  constructor(private readonly opts: SharedHealthOptions) {
    this.keys = keysFor(opts.keyPrefix);
    this.link = new LinkTracker(opts.store.label, opts.gateway, opts.log);
    this.quota = new QuotaShare(this.keys, opts.gateway, (op) => this.run(op), opts.store);
  }

  get gateway(): string {
    return this.opts.gateway;
  }

  status(): SharedHealthStatus {
    return { state: this.link.state, gateway: this.opts.gateway, store: this.opts.store.label, learned: this.learned, published: this.published };
  }

  start(): void {
    const { store, bus } = this.opts;
    bus.on("model.state", this.onState);
    store.onLink((up, why) => {
      if (this.stopped) return;
      if (!up) return this.link.down(why);
      this.markUp();
    });
    store.subscribe(this.keys.channel, (message) => this.onMessage(message));
    store.connect();
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.opts.bus.off("model.state", this.onState);
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    await this.idle();
    await this.opts.store.close().catch(() => undefined);
  }

  /** Settles once every command sent so far has answered or failed. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /**
   * The probe lease of `model`: undefined when this gateway may probe (it took the lease, or sharing is off or
   * failing), else the name of the gateway probing it now (this one then waits for that probe's result).
   */
  async acquireProbe(model: string): Promise<string | undefined> {
    if (this.link.state !== "sharing") return undefined;
    const holder = await this.run(() => this.opts.store.tryLease(this.keys.lease(model), this.opts.gateway, this.opts.probeTimeoutMs() + 5000));
    return holder === undefined || holder === this.opts.gateway ? undefined : holder;
  }

  /** After this gateway's probe: the others learn its result; the lease is freed. */
  probeDone(model: string, outcome: ProbeOutcome | undefined): void {
    if (this.stopped) return;
    if (outcome) {
      const c = outcome.classification;
      const message: SharedProbe = {
        v: PROTOCOL_VERSION, kind: "probe", model, ok: outcome.ok, gateway: this.opts.gateway, at: this.opts.clock.now(),
        ...(c && !outcome.ok ? { category: c.category, evidence: safeEvidence(c.evidence), ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}) } : {}),
      };
      void this.run(() => this.opts.store.publish(this.keys.channel, JSON.stringify(message)));
    }
    void this.run(() => this.opts.store.releaseLease(this.keys.lease(model), this.opts.gateway));
  }

  /** Reads every supervised model's entry now (also run every POLL_MS). */
  poll(): void {
    if (this.polling || this.stopped) return;
    const models = this.opts.models();
    if (models.length === 0) return;
    this.polling = true;
    void this.pollOnce(models).finally(() => (this.polling = false));
  }

  private async pollOnce(models: readonly string[]): Promise<void> {
    const values = await this.run(() => this.opts.store.getMany(models.map((m) => this.keys.health(m))));
    if (!values) return;
    let unreadable = 0;
    for (const value of values) {
      if (value === null) continue;
      const entry = readEntry(value);
      if (entry) this.learnEntry(entry);
      else unreadable++;
    }
    const own = this.opts.ownQuota?.(this.opts.clock.now()) ?? [];
    if (own.length > 0 && this.opts.record && !this.stopped) {
      const record = this.opts.record;
      await this.quota.sync(own, this.opts.clock.now(), (p) => {
        if (!this.stopped) record("peer.quota", { model: p.model, windowStart: p.windowStart, requests: p.requests, tokens: p.tokens, gateways: p.gateways });
      }, (n) => (unreadable += n));
    }
    this.link.sawUnreadable(unreadable);
  }

  // ---- publishing --------------------------------------------------------------------------

  private onModelState(c: StateChange): void {
    if (this.stopped || c.kind !== "model" || (c.to !== "cooldown" && c.to !== "disabled") || c.until === undefined) return;
    if (c.reason.startsWith(PEER_REASON_PREFIX)) return; // learned from another gateway: not ours to tell
    this.publishEntry(c.id, c.to, c.until);
  }

  private publishEntry(model: string, state: "cooldown" | "disabled", until: number): void {
    const now = this.opts.clock.now();
    if (until <= now) return;
    const last = this.opts.model(model)?.lastError;
    const entry: SharedEntry = {
      v: PROTOCOL_VERSION, model, state, category: last?.category ?? "unknown", evidence: safeEvidence(last?.evidence ?? ""), until,
      ...(last?.retryAfterMs !== undefined ? { retryAfterMs: last.retryAfterMs } : {}), gateway: this.opts.gateway, at: now,
    };
    const text = JSON.stringify(entry);
    const { store } = this.opts;
    void this.run(async () => {
      // TTL = the cooldown: the key disappears when the model may be tried again.
      const written = await store.putEntry(this.keys.health(model), text, until, until - now);
      if (written) await store.publish(this.keys.channel, JSON.stringify({ kind: "entry", ...entry }));
      this.published++;
    });
  }

  /** This gateway's own current cooldowns and disables (not the learned ones), told again after a reconnect. */
  private republish(): void {
    const now = this.opts.clock.now();
    for (const model of this.opts.models()) {
      const view = this.opts.model(model);
      if (!view || (view.state !== "cooldown" && view.state !== "disabled") || view.until === undefined || view.until <= now) continue;
      if (view.reason?.startsWith(PEER_REASON_PREFIX)) continue;
      this.publishEntry(model, view.state, view.until);
    }
  }

  // ---- learning ----------------------------------------------------------------------------

  private onMessage(text: string): void {
    if (this.stopped) return;
    const message = readMessage(text);
    if (!message) return this.link.sawUnreadable(1);
    if (message.kind === "entry") this.learnEntry(message);
    else this.learnProbe(message);
  }

  private learnEntry(entry: SharedEntry): void {
    if (entry.gateway === this.opts.gateway) return;
    const now = this.opts.clock.now();
    if (entry.until <= now) return;
    const local = this.opts.model(entry.model);
    if (!local) return; // not a model this gateway supervises
    const cooled = local.state === "cooldown" || local.state === "disabled";
    if (cooled && (local.until ?? 0) + NEWS_MS >= entry.until) return; // nothing new
    const mark = `${entry.gateway}|${entry.state}|${entry.until}`;
    if (this.seen.get(entry.model) === mark) return;
    this.seen.set(entry.model, mark);
    this.tell({
      type: "peer.health", ts: now, model: entry.model, gateway: entry.gateway, kind: entry.state, category: entry.category,
      evidence: entry.evidence, until: entry.until, ...(entry.retryAfterMs !== undefined ? { retryAfterMs: entry.retryAfterMs } : {}),
    });
  }

  private learnProbe(probe: SharedProbe): void {
    if (probe.gateway === this.opts.gateway) return;
    const local = this.opts.model(probe.model);
    // A probe result only matters to a model this gateway is itself waiting on.
    if (!local || local.state === "healthy" || local.state === "recovered") return;
    this.tell({
      type: "peer.health", ts: this.opts.clock.now(), model: probe.model, gateway: probe.gateway, kind: "probe", ok: probe.ok,
      ...(probe.category ? { category: probe.category } : {}), ...(probe.evidence ? { evidence: probe.evidence } : {}),
      ...(probe.retryAfterMs !== undefined ? { retryAfterMs: probe.retryAfterMs } : {}),
    });
  }

  private tell(event: PeerHealthLearned): void {
    this.learned++;
    try {
      this.opts.observe(event);
    } catch {
      // the supervisor never throws from observe(); belt and braces
    }
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** Sharing (again): tell the others what this gateway knows, and catch up with what they know. */
  private markUp(): void {
    if (!this.link.up()) return;
    this.republish();
    this.poll();
  }

  private arm(): void {
    if (this.stopped) return;
    const every = this.opts.pollMs ?? POLL_MS;
    this.timer = this.opts.clock.setTimer(this.opts.clock.now() + every, () => {
      this.poll();
      this.arm();
    });
  }

  /** Runs one store command: a success means Redis works, a failure means this gateway goes on alone. */
  private run<T>(op: () => Promise<T>): Promise<T | undefined> {
    if (this.stopped || this.inflight.size >= MAX_PENDING) return Promise.resolve(undefined);
    let p: Promise<T | undefined>;
    try {
      p = op().then(
        (value) => {
          if (!this.stopped) this.markUp();
          return value;
        },
        (error: unknown) => {
          if (!this.stopped) this.link.down(describe(error));
          return undefined;
        },
      );
    } catch (error) {
      this.link.down(describe(error));
      return Promise.resolve(undefined);
    }
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/timed? ?out/i.test(message)) return "a command timed out";
  if (/Stream isn't writeable|enableOfflineQueue|Connection is closed/i.test(message)) return "not connected";
  return message.replace(/\s+/g, " ").slice(0, 120);
}
