import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { outageAlert, recoveryAlert } from "../../src/runtime/outage-alerts.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("outage alerts", () => {
  it("lists every model of the chain with its state and what it last failed with", () => {
    const alert = outageAlert("main", [
      { model: "p/main", state: "cooldown", category: "server_overload", evidence: "503" },
      { model: "q/backup", state: "disabled", category: "auth_failed" },
    ]);
    const lines = alert.params?.lines as string[];
    expect(alert.params).toMatchObject({ severity: "critical", key: "outage|main", title: "[self-heal] outage: every model of agent main is down" });
    expect(lines).toContain("- p/main: cooldown, server_overload (503)");
    expect(lines).toContain("- q/backup: disabled, auth_failed");
  });

  it("promises probes only where OpenClaw allows them: the primary always, a fallback with the override the README names", () => {
    const text = (outageAlert("main", []).params?.lines as string[]).join(" ");
    expect(text).toMatch(/primary with a probe/);
    expect(text).toMatch(/fallback with a probe only where plugins\.entries\.self-heal\.subagent\.allowModelOverride is true, otherwise with the next real turn/);
    expect(readme).toContain("subagent.allowModelOverride");
    expect(text).not.toMatch(/supervisor|keeps probing/i);
  });

  it("says plainly when the agent answers again", () => {
    expect(recoveryAlert("main").params?.lines).toEqual(['Agent "main" has a working model again.']);
  });
});
