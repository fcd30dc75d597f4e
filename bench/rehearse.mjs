// rehearse.builtin: wall time of the built-in rehearsal (all-models-down), in-process, as `self-heal rehearse` runs it.
// Usage: node bench/rehearse.mjs [runs=5]
import { readFileSync, rmSync } from "node:fs";
import { dist, emit, percentile } from "./lib.mjs";

const runs = Number(process.argv[2] ?? 5);
const t0 = process.hrtime.bigint();
const { DEFAULT_SCENARIO, builtinFile, listBuiltins, parseScenarioText, runRehearsal, summarize } = await dist("src/rehearsal/index.js");
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

async function once(name) {
  const start = process.hrtime.bigint();
  const parsed = parseScenarioText(readFileSync(builtinFile(name), "utf8"));
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const run = await runRehearsal(parsed.scenario, { seed: 1 });
  summarize(run, undefined);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.dirs?.stateDir) rmSync(run.dirs.stateDir, { recursive: true, force: true });
  return ms;
}

const times = [];
for (let i = 0; i < runs; i++) times.push(await once(DEFAULT_SCENARIO));
const first = times[0];
const sorted = [...times].sort((a, b) => a - b);
emit("rehearse.builtin.ms", first + loadMs, "ms", { target: 2000, scenario: DEFAULT_SCENARIO, note: "first run in a fresh process, module load included" });
emit("rehearse.builtin.warm_ms", percentile(sorted, 50), "ms", { runs });
let all = 0;
const builtins = listBuiltins();
for (const b of builtins) all += await once(b.name);
emit("rehearse.all_builtins.ms", all, "ms", { scenarios: builtins.length });
