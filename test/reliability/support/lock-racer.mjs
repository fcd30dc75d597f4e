// Child process of two-gateways.test.ts: opens the journal (dist/) the moment the parent says "go", so that
// several processes race for the same lock as tightly as possible.
//
// argv: <journalDir>
// stdin:  "go" → open the journal;  "exit" → close it and exit 0
// stdout: `L` once loaded; then `M <mode> <holderPid|->`
import { createInterface } from "node:readline";
import { writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "dist");
const { openJournal } = await import(pathToFileURL(join(dist, "src", "journal", "index.js")).href);
const { systemClock } = await import(pathToFileURL(join(dist, "src", "domain", "clock.js")).href);

const [dir] = process.argv.slice(2);
if (!dir) throw new Error("usage: lock-racer <journalDir>");
let journal;
writeSync(1, "L\n");
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "go" && journal === undefined) {
    journal = openJournal({ dir, clock: systemClock() });
    journal.append("racer", { pid: process.pid }, { durable: true });
    const stats = journal.stats();
    writeSync(1, `M ${stats.mode} ${stats.lockHolder?.pid ?? "-"}\n`);
  } else if (line === "exit") {
    journal?.close();
    process.exit(0);
  }
}
