// The crash and multi-process suites run children on the BUILT plugin (dist/), exactly what the gateway loads.
// `npm ci` builds dist/ through `prepare`; locally run `npm run build` after editing src/.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const DIST = join(REPO, "dist");
export const SUPPORT = join(REPO, "test", "reliability", "support");

function newestTs(dir: string): { file: string; mtimeMs: number } {
  let best = { file: "", mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = newestTs(path);
      if (inner.mtimeMs > best.mtimeMs) best = inner;
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      const mtimeMs = statSync(path).mtimeMs;
      if (mtimeMs > best.mtimeMs) best = { file: path, mtimeMs };
    }
  }
  return best;
}

/**
 * Throws a clear error when dist/ is missing. Warns (loudly, once) when a src/ file is newer than dist/: the
 * children would test the last build, not the working tree. CI builds dist/ right before the tests.
 */
export function requireBuiltDist(): { runtime: string } {
  const runtime = join(DIST, "src", "runtime", "create-runtime.js");
  if (!existsSync(runtime)) {
    throw new Error(`dist/ is missing (${relative(REPO, runtime)}): run \`npm run build\` first (npm ci builds it via prepare)`);
  }
  const builtAt = statSync(runtime).mtimeMs;
  for (const root of ["src", "machines"]) {
    const newest = newestTs(join(REPO, root));
    const built = join(DIST, relative(REPO, newest.file)).replace(/\.ts$/, ".js");
    const builtMs = existsSync(built) ? statSync(built).mtimeMs : 0;
    if (newest.mtimeMs > Math.max(builtMs, builtAt) + 1000) {
      console.warn(`[reliability] WARNING dist/ is older than ${relative(REPO, newest.file)}: run \`npm run build\` so the child processes test the current code`);
      break;
    }
  }
  return { runtime };
}
