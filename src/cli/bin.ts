#!/usr/bin/env node
// The `self-heal` command.
import { main } from "./main.js";
import { releaseLocksOnSignals } from "../journal/lock.js";

// Ctrl-C or a kill in the middle of a rehearsal must not leave the journal's .lock behind.
releaseLocksOnSignals();

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`self-heal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
