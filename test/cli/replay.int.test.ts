// `self-heal replay`: rebuilds projections from the journal, counts torn/corrupt lines, exits 2 without a journal.
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDirs } from "../helpers/cli-harness.js";

const tempDir = tempDirs("self-heal-cli-replay-");

const cli = (...args: string[]) => runCli(args);

interface Replay {
  files: string[];
  records: number;
  maxSeq: number;
  tornTail: number;
  corrupt: number;
  replay: { checkpoints: number; observations: number; actions: number };
  status: { health: string; models: Array<{ id: string; state: string }>; recentActions: Array<{ outcome: string }> };
}

describe("self-heal replay", async () => {
  const dir = tempDir();
  await cli("rehearse", "all-models-down", "--state-dir", dir);
  const finalStatus = JSON.parse(readFileSync(join(dir, "status.json"), "utf8")) as Replay["status"];

  it("rebuilds the rehearsal's final model states from the journal alone", async () => {
    const { code, out } = await cli("replay", "--state-dir", dir, "--json");
    expect(code).toBe(0);
    const r = JSON.parse(out) as Replay;
    expect(r.files).toEqual(["2026-02-12.jsonl"]);
    expect(r.records).toBe(r.maxSeq);
    expect(r.tornTail + r.corrupt).toBe(0);
    expect(r.replay.checkpoints).toBeGreaterThan(10);
    expect(r.replay.actions).toBeGreaterThan(10);
    expect(r.status.health).toBe(finalStatus.health);
    expect(r.status.models.map((m) => [m.id, m.state])).toEqual(finalStatus.models.map((m) => [m.id, m.state]));
    expect(r.status.recentActions.every((a) => a.outcome === "dry_run")).toBe(true);
  });

  it("skips and counts a torn last line and a corrupt line, and still exits 0", async () => {
    const file = join(dir, "journal", "2026-02-12.jsonl");
    const before = JSON.parse((await cli("replay", "--state-dir", dir, "--json")).out) as Replay;
    const lines = readFileSync(file, "utf8").split("\n");
    appendFileSync(file, 'this is not json\n{"v":1,"seq":999999,"ts":"2026-02-12T14:31:00.000Z","type":"call","mod');
    const { code, out } = await cli("replay", "--state-dir", dir, "--json");
    expect(code).toBe(0);
    const r = JSON.parse(out) as Replay;
    expect(r.tornTail).toBe(1);
    expect(r.corrupt).toBe(1);
    expect(r.records).toBe(before.records);
    expect(lines.length).toBeGreaterThan(100);
    const text = await cli("replay", "--state-dir", dir);
    expect(text.out).toMatch(/skipped lines: 1 torn, 1 corrupt \(skipped and counted; replay went on\)/);
    expect(text.out).toMatch(/rebuilt status as of 2026-02-12T/);
  });

  it("warns when a record's seq does not rise within its file, and replays it anyway", async () => {
    const own = tempDir();
    await cli("rehearse", "all-models-down", "--state-dir", own);
    const file = join(own, "journal", "2026-02-12.jsonl");
    const clean = await cli("replay", "--state-dir", own);
    expect(clean.out).not.toMatch(/warning/);
    appendFileSync(file, '{"v":1,"seq":2,"ts":"2026-02-12T23:00:00.000Z","type":"gateway.started"}\n');
    const json = JSON.parse((await cli("replay", "--state-dir", own, "--json")).out) as Replay & { nonMonotonic: number };
    expect(json.nonMonotonic).toBe(1);
    const { code, out } = await cli("replay", "--state-dir", own);
    expect(code).toBe(0);
    expect(out).toMatch(/warning: 1 record\(s\) have a seq not above the one before them in the same file \(a damaged or edited journal\); they were replayed in file order/);
  });

  it("exits 2 with a clear error when the dir has no journal", async () => {
    const empty = tempDir();
    const { code, out, err } = await cli("replay", "--state-dir", empty);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(/^self-heal replay: no journal in .*journal/);
  });
});
