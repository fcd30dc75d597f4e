import { describe, it, expect, afterEach } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigGuard } from "../../src/effects/config-guard.js";
import { RecordingHost } from "../helpers/fake-host.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("ConfigGuard", () => {
  it("backs up a valid openclaw.json byte for byte and keeps only the newest N", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-guard-"));
    const host = new RecordingHost();
    const guard = new ConfigGuard(host, join(dir, "backups"), () => 3);
    for (let i = 0; i < 5; i++) {
      host.configText = `{ "gateway": { "port": ${18000 + i} } }`;
      const r = await guard.check(Date.parse("2026-02-12T13:00:00Z") + i * 1000);
      expect(r.ok).toBe(true);
      expect(readFileSync(r.backup as string, "utf8")).toBe(host.configText);
    }
    const kept = readdirSync(join(dir, "backups")).sort();
    expect(kept).toHaveLength(3);
    expect(readFileSync(join(dir, "backups", kept[2] as string), "utf8")).toContain("18004");
  });

  it("refuses unparseable JSON5 and validator errors, and writes no backup for them", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-guard-"));
    const host = new RecordingHost();
    const guard = new ConfigGuard(host, join(dir, "backups"), () => 3);
    host.configText = "{ broken";
    expect((await guard.check(0)).errors[0]).toMatch(/not valid JSON5/);
    host.configText = "{ ok: true }";
    host.configCheck = { ok: false, errors: ['<root>: Unrecognized key: "nonsenseKey"'] };
    expect((await guard.check(0)).errors).toEqual(['<root>: Unrecognized key: "nonsenseKey"']);
    host.configText = undefined;
    expect((await guard.check(0)).ok).toBe(false);
    expect(existsSync(join(dir, "backups"))).toBe(false);
  });

  it("validates without writing a backup when asked not to (dry run)", async () => {
    dir = mkdtempSync(join(tmpdir(), "self-heal-guard-"));
    const guard = new ConfigGuard(new RecordingHost(), join(dir, "backups"), () => 3);
    const r = await guard.check(0, false);
    expect(r.ok).toBe(true);
    expect(r.backup).toBeUndefined();
    expect(existsSync(join(dir, "backups"))).toBe(false);
  });
});
