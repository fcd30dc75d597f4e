#!/usr/bin/env node
// npm `prepare` (runs on `npm install` / `npm ci` in a checkout): installs the pinned OpenClaw runtime
// (its SDK types build the adapter; its gateway runs the e2e tests), then compiles TypeScript to dist/.
// Set SELF_HEAL_SKIP_RUNTIME=1 to skip the runtime download when it is already installed elsewhere
// (point OPENCLAW_RUNTIME_DIR at it).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write(`[prepare] ${[cmd, ...args].join(" ")} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
};

if (process.env.SELF_HEAL_SKIP_RUNTIME !== "1") run(process.execPath, [path.join(repo, "scripts", "install-openclaw-runtime.mjs")]);
run(process.execPath, [path.join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
