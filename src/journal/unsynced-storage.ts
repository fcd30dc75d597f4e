// Journal storage that never fsyncs: for rehearsals and benches, where the journal records a simulation.
import type { JournalStorage } from "./storage.js";

export function unsyncedStorage(inner: JournalStorage): JournalStorage {
  return {
    location: inner.location,
    acquire: () => inner.acquire(),
    peekMaxSeq: () => inner.peekMaxSeq(),
    append: (day, data) => inner.append(day, data),
    sync: () => undefined,
    drainRepairs: () => inner.drainRepairs(),
    release: () => inner.release(),
  };
}
