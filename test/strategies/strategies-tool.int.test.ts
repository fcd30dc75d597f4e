import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StrategyStore } from "../../src/strategies/index.js";
import { createStrategiesTool } from "../../src/adapter/tools/strategies-tool.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function tool(senderIsOwner: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "strategies-tool-"));
  dirs.push(dir);
  const file = join(dir, "strategies.json");
  const store = new StrategyStore({ file });
  await store.load();
  return { file, store, t: createStrategiesTool({ store: () => store, senderIsOwner, defaultStrategy: () => "exponential" }) };
}

const names = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { strategies: Array<{ name: string }> }).strategies.map((s) => s.name);

describe("resilience_strategies tool", () => {
  it("lists the strategies with their schedules for anyone", async () => {
    const { t } = await tool(false);
    const r = await t.execute("call-1", { action: "list" });
    expect(r.content[0]?.text).toContain("default-exponential (exponential, 5 retries: 1m, 2m, 4m, 8m, 15m; cap 15m; on rate_limit, server_overload, timeout, network_error;)");
    expect((r.details.strategies as unknown[]).length).toBe(4);
  });

  it("refuses every mutation from a sender who is not the owner and leaves the file alone", async () => {
    const { t, file } = await tool(false);
    for (const action of ["add", "update", "remove", "reset"]) {
      const r = await t.execute("c", { action, strategyName: "rate-limit-fixed", updates: { maxRetries: 1 } });
      expect(r.details).toMatchObject({ ok: false, refused: "not_owner" });
    }
    expect(names(file)).toEqual(["default-exponential", "rate-limit-fixed", "model-backoff", "network-retry"]);
  });

  it("lets the owner add, update, remove and reset, persisting each change", async () => {
    const { t, file, store } = await tool(true);
    const added = await t.execute("c", { action: "add", strategyName: "my-strategy", updates: { type: "custom", maxRetries: 3, intervals: [60000, 300000, 600000], retryOn: ["rate_limit", "server_overload"] } });
    expect(added.details.ok).toBe(true);
    expect(names(file)).toContain("my-strategy");
    await t.execute("c", { action: "update", strategyName: "default-exponential", updates: { maxRetries: 8 } });
    expect(store.list()[0]?.maxRetries).toBe(8);
    await t.execute("c", { action: "remove", strategyName: "my-strategy" });
    expect(names(file)).not.toContain("my-strategy");
    await t.execute("c", { action: "reset" });
    expect(store.list()[0]?.maxRetries).toBe(5);
  });

  it("explains an invalid edit and changes nothing", async () => {
    const { t, store } = await tool(true);
    const r = await t.execute("c", { action: "update", strategyName: "network-retry", updates: { retryOn: [] } });
    expect(r.details.ok).toBe(false);
    expect(r.content[0]?.text).toMatch(/retryOn/);
    expect(store.list()[3]?.retryOn).toEqual(["network_error"]);
    expect((await t.execute("c", { action: "update", updates: {} })).content[0]?.text).toBe("update needs strategyName");
    expect((await t.execute("c", { action: "explode" })).details.ok).toBe(false);
  });
});
