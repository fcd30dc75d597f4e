import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StrategyStore, defaultDocument } from "../../src/strategies/index.js";

const dirs: string[] = [];
const stores: StrategyStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "strategies-"));
  dirs.push(dir);
  const file = join(dir, "strategies.json");
  const records: Array<{ type: string; fields: Record<string, unknown> }> = [];
  const store = new StrategyStore({ file, record: (type, fields) => records.push({ type, fields }), debounceMs: 20 });
  stores.push(store);
  return { file, store, records };
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe("strategies.json store", () => {
  it("writes the defaults on first load", async () => {
    const { file, store, records } = setup();
    await store.load();
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(defaultDocument());
    expect(records[0]).toMatchObject({ type: "strategies.loaded", fields: { source: "defaults" } });
  });

  it("persists a tool edit and reloads it in a new store", async () => {
    const { file, store } = setup();
    await store.load();
    const r = await store.edit({ action: "update", name: "rate-limit-fixed", fields: { maxRetries: 9 } });
    expect(r.ok).toBe(true);
    const again = new StrategyStore({ file });
    stores.push(again);
    await again.load();
    expect(again.list().find((s) => s.name === "rate-limit-fixed")?.maxRetries).toBe(9);
  });

  it("hot-reloads a valid file edit and tells listeners", async () => {
    const { file, store, records } = setup();
    await store.load();
    store.startWatching();
    await store.ready();
    const seen: string[][] = [];
    store.onChange((list) => seen.push(list.map((s) => s.name)));
    const doc = defaultDocument();
    writeFileSync(file, JSON.stringify({ ...doc, strategies: doc.strategies.slice(0, 2) }));
    await waitFor(() => seen.length > 0);
    expect(store.list().map((s) => s.name)).toEqual(["default-exponential", "rate-limit-fixed"]);
    expect(records.some((r) => r.type === "strategies.applied" && r.fields.source === "file")).toBe(true);
  });

  it("rejects an invalid file edit, journals strategies.rejected and keeps the previous set", async () => {
    const { file, store, records } = setup();
    await store.load();
    store.startWatching();
    await store.ready();
    writeFileSync(file, JSON.stringify({ version: 1, strategies: [{ name: "x", type: "weird", maxRetries: -1, intervals: [], retryOn: [] }] }));
    await waitFor(() => records.some((r) => r.type === "strategies.rejected"));
    writeFileSync(file, "{ not json");
    await waitFor(() => records.filter((r) => r.type === "strategies.rejected").length >= 2);
    expect(store.list()).toEqual(defaultDocument().strategies);
  });

  it("keeps the defaults when the file is invalid at start, without overwriting it", async () => {
    const { file, store, records } = setup();
    writeFileSync(file, '[{"name": 1}]');
    await store.load();
    expect(store.list()).toEqual(defaultDocument().strategies);
    expect(readFileSync(file, "utf8")).toBe('[{"name": 1}]');
    expect(records[0]?.type).toBe("strategies.rejected");
  });

  it("accepts a bare array as @openclaw/resilience writes it (its own strategy example verbatim) and rewrites it in the current format after a backup", async () => {
    const { file, store, records } = setup();
    const example = readFileSync(new URL("../fixtures/seeds/resilience-strategy.json", import.meta.url), "utf8");
    const bare = `[${example}]`;
    writeFileSync(file, bare);
    await store.load();
    expect(store.list()).toEqual([JSON.parse(example)]);
    const rewritten = JSON.parse(readFileSync(file, "utf8"));
    expect(rewritten).toEqual({ version: 1, strategies: [JSON.parse(example)] });
    const upgraded = records.find((r) => r.type === "strategies.upgraded");
    expect(upgraded).toBeDefined();
    expect(readFileSync(String(upgraded?.fields.backup), "utf8")).toBe(bare);
  });
});
