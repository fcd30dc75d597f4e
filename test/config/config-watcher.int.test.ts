import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigWatcher } from "../../src/config/config-watcher.js";
import type { LoadedOpenClawConfig } from "../../src/config/openclaw-config.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function waitFor(pred: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => (pred() ? resolve() : Date.now() - start > ms ? reject(new Error("timeout")) : setTimeout(tick, 20));
    tick();
  });
}

describe("ConfigWatcher", () => {
  it("reports a valid edit once (debounced) and an invalid edit as errors", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-watch-"));
    const file = join(dir, "openclaw.json");
    writeFileSync(file, "{}");
    const seen: LoadedOpenClawConfig[] = [];
    const w = new ConfigWatcher({ path: file, debounceMs: 100, onChange: (l) => seen.push(l) });
    w.start();
    await w.ready();
    writeFileSync(file, '{ plugins: { entries: { "self-heal": { config: { dryRun: true } } } } }');
    writeFileSync(file, '{ plugins: { entries: { "self-heal": { config: { dryRun: true, statsRetentionDays: 7 } } } } }');
    await waitFor(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.ok && seen[0].config.statsRetentionDays).toBe(7);
    writeFileSync(file, "{ broken");
    await waitFor(() => seen.length >= 2);
    expect(seen[1]?.ok).toBe(false);
    if (seen[1] && !seen[1].ok) expect(seen[1].errors[0]).toMatch(/not valid JSON5/);
    await w.stop();
  });
});
