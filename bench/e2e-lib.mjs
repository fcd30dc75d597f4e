// Shared by the real-gateway benches (bench/e2e*.mjs): the plugin built privately and staged as a user installs it,
// the e2e test support (TypeScript) transpiled next to it, and a gateway's journal read back.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, REPO } from "./lib.mjs";

/**
 * Compiles src/ into the bench build (unless BENCH_DIST names one), then stages the plugin package in a temp dir
 * removed at exit. Returns that dir (`work`) and the staged plugin's path.
 */
export function stageBenchPlugin(prefix, say) {
  if (!process.env.BENCH_DIST) {
    say("compiling src/ …");
    const r = spawnSync(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", DIST], { cwd: REPO, encoding: "utf8" });
    if (r.status !== 0) say(`WARNING: tsc reported errors:\n${(r.stdout + r.stderr).split("\n").slice(0, 6).join("\n")}`);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), `self-heal-bench-${prefix}-`));
  process.once("exit", () => rmSync(work, { recursive: true, force: true }));
  const plugin = path.join(work, "plugin");
  mkdirSync(plugin);
  for (const f of ["package.json", "openclaw.plugin.json", "README.md"]) cpSync(path.join(REPO, f), path.join(plugin, f));
  cpSync(DIST, path.join(plugin, "dist"), { recursive: true });
  for (const d of ["src", "machines", "scenarios"]) if (existsSync(path.join(REPO, d))) cpSync(path.join(REPO, d), path.join(plugin, d), { recursive: true });
  symlinkSync(path.join(REPO, "node_modules"), path.join(plugin, "node_modules"), "dir");
  return { work, plugin };
}

/** Transpiles test/e2e/support/<files> into `<work>/support` and returns an importer of the results. */
export async function loadSupport(work, files) {
  const ts = (await import("typescript")).default;
  const support = path.join(work, "support");
  mkdirSync(support, { recursive: true });
  writeFileSync(path.join(work, "package.json"), '{"type":"module"}\n');
  for (const f of files) {
    const src = readFileSync(path.join(REPO, "test/e2e/support", f), "utf8");
    const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: f });
    writeFileSync(path.join(support, f.replace(/\.ts$/, ".js")), out.outputText);
  }
  process.env.OPENCLAW_RUNTIME_DIR ??= path.join(REPO, ".openclaw-runtime");
  return (f) => import(pathToFileURL(path.join(support, f)).href);
}

/** Every record of a gateway's self-heal journal, in seq order (a torn last line is skipped). */
export function journalOf(gw) {
  const dir = path.join(gw.stateDir, "plugins", "self-heal", "journal");
  if (!existsSync(dir)) return [];
  const out = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort()) {
    for (const l of readFileSync(path.join(dir, f), "utf8").split("\n")) {
      try {
        if (l.trim()) out.push(JSON.parse(l));
      } catch {
        // a torn last line
      }
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}
