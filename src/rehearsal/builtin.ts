// The built-in scenarios shipped in the package's `scenarios/` folder, found from this module's own location.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_SCENARIO = "all-models-down";

/** The package's scenarios dir: walks up from this file (src/rehearsal or dist/src/rehearsal) to package.json. */
export function scenariosDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "scenarios");
    if (existsSync(join(dir, "package.json")) && existsSync(candidate)) return candidate;
    const up = resolve(dir, "..");
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

export interface BuiltinScenario {
  readonly name: string;
  readonly file: string;
  readonly description: string;
}

export function listBuiltins(dir = scenariosDir()): BuiltinScenario[] {
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      let description = "";
      try {
        const raw = JSON.parse(readFileSync(file, "utf8")) as { description?: unknown };
        if (typeof raw.description === "string") description = raw.description;
      } catch {
        description = "(unreadable)";
      }
      return { name: f.slice(0, -".json".length), file, description };
    });
}

/** The file of a built-in scenario by name, if there is one. */
export function builtinFile(name: string, dir = scenariosDir()): string | undefined {
  return listBuiltins(dir).find((b) => b.name === name)?.file;
}
