#!/usr/bin/env node
// The `self-heal` command.
import { main } from "./main.js";

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`self-heal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
