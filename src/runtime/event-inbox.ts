// The supervisor's hot path: an observation is journaled (buffered) at once and queued; the queue is processed at
// the next turn of the event loop (or at once when inline). Never throws; what cannot be taken is counted.
import type { DomainEvent } from "../domain/events.js";
import type { JournalPort } from "../effects/journal-port.js";
import { recordFields } from "./records.js";

export interface EventInboxDeps {
  readonly journal: JournalPort;
  readonly process: (event: DomainEvent) => void;
  /** Process events synchronously on observe() (rehearsals, tests). */
  readonly inline: boolean;
  readonly maxInbox: number;
  readonly isStopped: () => boolean;
}

export class EventInbox {
  private queue: DomainEvent[] = [];
  private scheduled = false;
  /** Events lost: inbox full, or an error while journaling or processing. */
  dropped = 0;

  constructor(private readonly deps: EventInboxDeps) {}

  /** O(1), never throws. */
  observe(event: DomainEvent): void {
    try {
      if (this.deps.isStopped()) return;
      this.deps.journal.append(event.type, recordFields(event), { ts: event.ts });
      if (this.deps.inline) {
        this.deps.process(event);
        return;
      }
      if (this.queue.length >= this.deps.maxInbox) {
        this.dropped++;
        return;
      }
      this.queue.push(event);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    } catch {
      this.dropped++;
    }
  }

  /** Processes every queued event now. */
  drain(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const event of batch) {
      try {
        this.deps.process(event);
      } catch {
        this.dropped++;
      }
    }
  }
}
