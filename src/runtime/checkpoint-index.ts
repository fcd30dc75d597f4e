// Where each model's last checkpoint sits in the journal: a cheap pre-pass for a replay from scratch (no snapshot),
// which then skips observations a later checkpoint supersedes. Reads raw bytes and parses only checkpoint lines.
import { closeSync, openSync, readSync } from "node:fs";
import { dayFilePath, listDays } from "../journal/day-files.js";
import { parseRecord } from "../journal/upcast.js";

const NEEDLE = Buffer.from('"type":"model.state"');
const CHUNK_BYTES = 1 << 20;

/** Model id → highest seq of a `model.state` checkpoint of that model in the journal in `dir`. Never throws. */
export function lastModelCheckpoints(dir: string): Map<string, number> {
  const last = new Map<string, number>();
  for (const day of listDays(dir)) {
    let fd: number;
    try {
      fd = openSync(dayFilePath(dir, day), "r");
    } catch {
      continue;
    }
    try {
      scanFile(fd, last);
    } catch {
      // unreadable: its observations are simply replayed
    } finally {
      closeSync(fd);
    }
  }
  return last;
}

function scanFile(fd: number, last: Map<string, number>): void {
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let filled = 0;
  let position = 0;
  for (;;) {
    if (filled === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, filled, buffer.length - filled, position);
    position += read;
    const end = read === 0 ? filled : buffer.lastIndexOf(10, filled + read - 1) + 1;
    filled += read;
    if (end > 0) {
      let at = buffer.indexOf(NEEDLE, 0);
      while (at >= 0 && at < end) {
        const start = buffer.lastIndexOf(10, at) + 1;
        let stop = buffer.indexOf(10, at);
        if (stop < 0 || stop > end) stop = end;
        const record = parseRecord(buffer.toString("utf8", start, stop));
        const actor = record?.actor;
        if (record && record.type === "model.state" && typeof actor === "string" && record.seq > (last.get(actor) ?? -1)) last.set(actor, record.seq);
        at = buffer.indexOf(NEEDLE, stop);
      }
      buffer.copy(buffer, 0, end, filled);
      filled -= end;
    }
    if (read === 0) return;
  }
}
