import { describe, expect, it } from "vitest";
import { escalationText, refusedText, restartFailedText, restoredText } from "../../src/watch/alert-text.js";

const facts = { health: "crash_loop" as const, seen: "the gateway's port is closed", host: "box" };

describe("the words an owner reads when the watchdog acts", () => {
  it("an escalation says it stopped, how often it restarted, what it saw and which commands show why", () => {
    const text = escalationText({ ...facts, restarts: 3, windowMs: 3_600_000, stateDir: "/s" });
    expect(text).toContain("OpenClaw gateway on box keeps crashing, and self-heal watch has stopped restarting it.");
    expect(text).toContain("It restarted the gateway 3 times in the last 60 min");
    expect(text).toContain("What it saw: the gateway's port is closed.");
    expect(text).toContain("`openclaw gateway status --deep` and `openclaw logs`");
    expect(text).toContain("/s/watch/");
  });

  it("a restore names the backup, where the invalid file went, and carries the diff", () => {
    const text = restoredText({ ...facts, health: "down", backup: "/b/openclaw.json.1.bak", keptAs: "/c/openclaw.json.invalid-1", diff: "- bad\n+ good", errors: ["JSON5: invalid character ','"], restarted: true });
    expect(text).toContain("OpenClaw gateway on box is down, and openclaw.json was invalid (JSON5: invalid character ',').");
    expect(text).toContain("put back the last copy that validated (/b/openclaw.json.1.bak) and restarted the gateway.");
    expect(text).toContain("The invalid file is kept as /c/openclaw.json.invalid-1.");
    expect(text.endsWith("- bad\n+ good")).toBe(true);
  });

  it("a restore whose restart failed says so", () => {
    expect(restoredText({ ...facts, backup: "b", keptAs: "k", diff: "", errors: [], restarted: false })).toContain("and could not restart the gateway");
  });

  it("a refusal says nothing was restarted and how to find what is wrong", () => {
    const text = refusedText({ ...facts, health: "hung", errors: ["gateway.port: expected number"] });
    expect(text).toContain("is hung (running but not answering), and self-heal watch did not restart it: openclaw.json is invalid and no backup of it validates.");
    expect(text).toContain("openclaw config validate says: gateway.port: expected number.");
  });

  it("a failed restart names the command and its error", () => {
    expect(restartFailedText({ ...facts, command: "systemctl --user restart openclaw-gateway.service", error: "exit 5: Unit not found" })).toContain(
      "`systemctl --user restart openclaw-gateway.service` failed: exit 5: Unit not found.",
    );
  });
});
