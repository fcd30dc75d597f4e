// A Journal that also hands every record it accepted to an observer (the live rollups), after the append.
import type { Clock } from "../domain/clock.js";
import type { Journal } from "../journal/index.js";
import type { RollupRecord } from "./rollup-fold.js";

export function teeJournal(journal: Journal, clock: Clock, observe: (record: RollupRecord) => void): Journal {
  return {
    get dir() {
      return journal.dir;
    },
    append(type, fields = {}, options) {
      const seq = journal.append(type, fields, options);
      if (seq > 0) observe({ type, ts: options?.ts ?? clock.now(), seq, fields });
      return seq;
    },
    appendMany(entries, options) {
      const seqs = journal.appendMany(entries, options);
      entries.forEach((e, i) => {
        const seq = seqs[i] ?? 0;
        if (seq > 0) observe({ type: e.type, ts: e.ts ?? clock.now(), seq, fields: e.fields ?? {} });
      });
      return seqs;
    },
    flush: () => journal.flush(),
    flushSync: () => journal.flushSync(),
    close: () => journal.close(),
    stats: () => journal.stats(),
  };
}
