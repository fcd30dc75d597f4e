// The slice of the journal the runtime and executor write through (src/journal implements it).

export interface JournalPort {
  /** Appends a record; returns its seq. `durable` records are on disk before this returns. */
  append(type: string, fields: Record<string, unknown>, opts?: { ts?: number; durable?: boolean }): number;
  /** True when the record with this seq is on disk (fsync'ed). Absent: every append is durable. */
  isDurable?(seq: number): boolean;
}

/** An in-memory journal for tests and for rehearsals that keep no files. */
export class MemoryJournal implements JournalPort {
  readonly records: Array<{ v: 1; seq: number; ts: string; type: string } & Record<string, unknown>> = [];
  private seq = 0;
  constructor(private readonly now: () => number = () => 0) {}
  append(type: string, fields: Record<string, unknown>, opts?: { ts?: number; durable?: boolean }): number {
    const seq = ++this.seq;
    this.records.push({ ...fields, v: 1, seq, ts: new Date(opts?.ts ?? this.now()).toISOString(), type });
    return seq;
  }
}
