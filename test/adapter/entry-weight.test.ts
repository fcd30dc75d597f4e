// The gateway evaluates the plugin entry once per plugin registry (full and discovery instances, every replacement),
// each time from its own captured copy. The entry's static import graph must stay light: the supervisor, the
// report/stats code and the third-party dependencies load on first use (service start, tool call, CLI).
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const STATIC_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/g;

/** Static (non-type) imports reachable from a source file: its modules (relative to src/) and bare packages. */
function staticGraph(entry: string): { modules: string[]; packages: string[] } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const text = readFileSync(join(SRC, file), "utf8");
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const spec = m[1]!;
      if (spec.startsWith(".") && spec.endsWith(".js")) walk(join(dirname(file), spec.replace(/\.js$/, ".ts")));
      else if (!spec.startsWith(".") && !spec.startsWith("node:")) packages.add(spec);
    }
  };
  walk(entry);
  return { modules: [...modules].sort(), packages: [...packages].sort() };
}

describe("plugin entry weight", () => {
  it("loads no third-party package but the SDK, and no supervisor, report or CLI code", () => {
    const g = staticGraph("index.ts");
    expect(g.packages).toEqual(["openclaw/plugin-sdk/plugin-entry"]);
    expect(g.modules.filter((m) => /^(runtime|journal|machines|cli|rehearsal|tasks)\/|adapter\/supervisor-start|reports\/(collect|render|gh-issue)|strategies\/store/.test(m))).toEqual([]);
    expect(g.modules.length).toBeLessThan(25);
  });

  it("keeps the supervisor behind the service's dynamic import", () => {
    const service = readFileSync(join(SRC, "adapter/service.ts"), "utf8");
    expect(service).toContain('await import("./supervisor-start.js")');
    expect(staticGraph("adapter/supervisor-start.ts").packages).toEqual(expect.arrayContaining(["xstate", "ajv"]));
  });
});
