// `npm run bench:e2e`, scenario "gateway hung → answering again": a real gateway (with the plugin) is SIGSTOPped and we
// time how long until it answers /readyz and an agent turn again, under two supervisors: a plain systemd-style
// restart-on-exit supervisor (Restart=always; it never fires, because a stopped process does not exit) and
// `self-heal watch` (restarting through the same launcher with --restart-command). Bound: BENCH_E2E_HUNG_BOUND_S (180).
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO } from "./lib.mjs";

const BOUND_MS = Number(process.env.BENCH_E2E_HUNG_BOUND_S ?? 180) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function readyz(port) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

/** Transpiles the test launcher next to the transpiled support files (`support/`), returns its module. */
async function launcherModule(ts, support) {
  const src = readFileSync(path.join(REPO, "test/e2e/helpers/gateway-launcher.ts"), "utf8").replace('"../support/gateway.js"', '"./gateway.js"');
  const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, fileName: "gateway-launcher.ts" });
  const file = path.join(support, "gateway-launcher.js");
  writeFileSync(file, out.outputText);
  return import(pathToFileURL(file).href);
}

async function one({ mode, startGateway, startFakeProvider, startLauncher, plugin, say }) {
  const fake = await startFakeProvider();
  const gw = await startGateway({ fake, agents: [{ id: "w1", primary: "fakea/ok-1" }], plugins: [{ id: "self-heal", path: plugin, config: {} }], fastFailover: true, readyTimeoutMs: 300_000 });
  const launcher = await startLauncher(gw, { restartOnExit: mode === "restart_on_exit" });
  let watchdog;
  try {
    while (!(await readyz(gw.port))) await sleep(500);
    if (mode === "watchdog") {
      const args = [path.join(plugin, "dist/src/cli/bin.js"), "watch", "--state-dir", path.join(gw.stateDir, "plugins", "self-heal"), "--gateway-url", `http://127.0.0.1:${gw.port}`,
        "--config", gw.configPath, "--openclaw", `${JSON.stringify(gw.runtime.node)} ${JSON.stringify(gw.runtime.openclawMjs)}`, "--restart-command", launcher.restartCommand,
        "--interval", "2", "--check-timeout", "4", "--startup-grace", "240", "--rpc-timeout", "0", "--log-level", "warn"];
      watchdog = spawn(process.execPath, args, { env: gw.env, stdio: "ignore" });
      await sleep(3000); // its first check sees the gateway up
    }
    const t0 = Date.now();
    launcher.signal("SIGSTOP");
    let readyMs = null;
    while (Date.now() - t0 < BOUND_MS) {
      if (await readyz(gw.port)) {
        readyMs = Date.now() - t0;
        break;
      }
      await sleep(500);
    }
    let turnMs = null;
    if (readyMs !== null) {
      const r = await gw.turn("w1", "after", "hello", { timeoutMs: 120_000 });
      if (r.rc === 0) turnMs = Date.now() - t0;
    }
    say(`gateway hung (${mode}): /readyz ${readyMs ?? `not within ${BOUND_MS / 1000} s`}${readyMs === null ? "" : " ms"}, turn answered ${turnMs ?? "never"}${turnMs === null ? "" : " ms"} after SIGSTOP; restarts ${launcher.starts() - (mode === "restart_on_exit" ? 1 : 0)}`);
    return { readyMs, turnMs, restarts: launcher.starts() - (mode === "restart_on_exit" ? 1 : 0) };
  } finally {
    watchdog?.kill("SIGTERM");
    launcher.signal("SIGCONT");
    await launcher.stop();
    await gw.stop();
    await fake.close();
  }
}

/** Runs both supervisors; returns figure lines {bench, value, unit} (value null: not answering within the bound). */
export async function gatewayHungBench({ ts, support, plugin, say, startGateway, startFakeProvider }) {
  const { startLauncher } = await launcherModule(ts, support);
  const lines = [];
  for (const mode of ["restart_on_exit", "watchdog"]) {
    const r = await one({ mode, startGateway, startFakeProvider, startLauncher, plugin, say });
    lines.push({ bench: `e2e.gateway_hung.readyz_ms.${mode}`, value: r.readyMs, unit: "ms", bound_ms: BOUND_MS });
    lines.push({ bench: `e2e.gateway_hung.turn_answered_ms.${mode}`, value: r.turnMs, unit: "ms", bound_ms: BOUND_MS });
    lines.push({ bench: `e2e.gateway_hung.restarts.${mode}`, value: r.restarts, unit: "restarts" });
  }
  return lines;
}
