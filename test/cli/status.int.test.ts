// `self-heal status`: status.json when fresh, else the state rebuilt from the journal; exit 2 when there is neither.
import { readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDirs } from "../helpers/cli-harness.js";

const tempDir = tempDirs("self-heal-cli-status-");

const cli = (...args: string[]) => runCli(args);

type Status = { source: string; health: string; models: Array<{ id: string; state: string }>; channels: Array<{ id: string; state: string }> };

describe("self-heal status", async () => {
  const dir = tempDir();
  const rehearsal = await cli("rehearse", "config-broken-during-incident", "--state-dir", dir);
  const written = JSON.parse(readFileSync(join(dir, "status.json"), "utf8")) as Status;

  it("prints status.json while it is fresh", async () => {
    expect(rehearsal.code).toBe(0);
    const { code, out } = await cli("status", "--state-dir", dir, "--json");
    expect(code).toBe(0);
    const s = JSON.parse(out) as Status;
    expect(s.source).toBe("status.json");
    expect(s.models).toEqual(written.models);
    const text = await cli("status", "--state-dir", dir);
    expect(text.out).toMatch(/^self-heal: \w+ \(dry run\)/);
    expect(text.out).toMatch(/\(status\.json, written \d+ s ago\)/);
  });

  it("rebuilds the same actor states from the journal when status.json is stale", async () => {
    const old = (Date.now() - 3_600_000) / 1000;
    utimesSync(join(dir, "status.json"), old, old);
    const { code, out } = await cli("status", "--state-dir", dir, "--json");
    expect(code).toBe(0);
    const s = JSON.parse(out) as Status;
    expect(s.source).toBe("journal");
    expect(s.health).toBe(written.health);
    expect(s.models.map((m) => [m.id, m.state])).toEqual(written.models.map((m) => [m.id, m.state]));
    expect(s.channels.map((c) => [c.id, c.state])).toEqual(written.channels.map((c) => [c.id, c.state]));
    expect((await cli("status", "--state-dir", dir)).out).toMatch(/rebuilt from the journal \(\d+ records, as of 2026-03-20T/);
  });

  it("exits 2 with a clear message when the dir has neither status.json nor a journal", async () => {
    const { code, err } = await cli("status", "--state-dir", tempDir());
    expect(code).toBe(2);
    expect(err).toMatch(/no status\.json and no journal in /);
  });
});
