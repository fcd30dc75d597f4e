import { describe, expect, it } from "vitest";
import { launchdPlist, systemdUnit, systemdUserDir } from "../../src/watch/install.js";

const spec = { argv: ["/usr/bin/node", "/opt/self heal/bin.js", "watch", "--state-dir", "/s"], env: { PATH: "/usr/bin", OPENCLAW_CONFIG_PATH: "/c/openclaw.json" } };

describe("running the watchdog as a service", () => {
  it("writes a systemd user unit that runs `self-heal watch` and restarts it when it dies", () => {
    const unit = systemdUnit(spec);
    expect(unit).toContain('ExecStart="/usr/bin/node" "/opt/self heal/bin.js" "watch" "--state-dir" "/s"');
    expect(unit).toContain('Environment="OPENCLAW_CONFIG_PATH=/c/openclaw.json"');
    expect(unit).toContain("Restart=always");
    expect(unit).toContain("WantedBy=default.target");
  });

  it("escapes what systemd would expand (% and $) and quotes", () => {
    const unit = systemdUnit({ argv: ["/n", '--webhook', 'https://x/?a=%41&b=$HOME"'], env: {} });
    expect(unit).toContain('"https://x/?a=%%41&b=$$HOME\\""');
  });

  it("prints a launchd agent with the same program, environment and keep-alive", () => {
    const plist = launchdPlist(spec, "/s/watch/log");
    expect(plist).toContain("<string>ai.openclaw.self-heal-watch</string>");
    expect(plist).toContain("<string>/opt/self heal/bin.js</string>");
    expect(plist).toContain("<key>OPENCLAW_CONFIG_PATH</key>");
    expect(plist).toContain("<key>KeepAlive</key>\n  <true/>");
  });

  it("puts the unit in XDG_CONFIG_HOME/systemd/user", () => {
    expect(systemdUserDir({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/systemd/user");
    expect(systemdUserDir({ HOME: "/h" })).toBe("/h/.config/systemd/user");
  });
});
