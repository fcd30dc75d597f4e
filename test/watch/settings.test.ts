import { describe, expect, it } from "vitest";
import { FlagError, resolveWatch } from "../../src/watch/settings.js";
import { formatLine } from "../../src/watch/logger.js";

describe("self-heal watch options", () => {
  it("defaults the state dir, openclaw.json and gateway URL from OpenClaw's environment", () => {
    const r = resolveWatch({}, { OPENCLAW_STATE_DIR: "/oc", OPENCLAW_GATEWAY_PORT: "19001" });
    expect(r.settings.stateDir).toBe("/oc/plugins/self-heal");
    expect(r.settings.configPath).toBe("/oc/openclaw.json");
    expect(r.settings.gatewayUrl).toBe("http://127.0.0.1:19001");
    expect(r.settings.budgetMax).toBe(3);
    expect(r.settings.dryRun).toBe(false);
    expect(r.intervalMs).toBe(15_000);
    expect(r.settings.confirm).toBe(2);
    expect(resolveWatch({ once: true }, {}).settings.confirm).toBe(1);
  });

  it("takes seconds on the command line and keeps milliseconds inside", () => {
    const r = resolveWatch({ checkTimeout: "4", budgetWindow: "900", interval: "2", rpcTimeout: "0", dryRun: true }, { HOME: "/h" });
    expect(r.settings.checkTimeoutMs).toBe(4000);
    expect(r.settings.budgetWindowMs).toBe(900_000);
    expect(r.settings.rpcTimeoutMs).toBe(0);
    expect(r.intervalMs).toBe(2000);
    expect(r.settings.dryRun).toBe(true);
  });

  it("rejects a bad number or URL with a message naming the flag", () => {
    expect(() => resolveWatch({ budget: "0" }, {})).toThrow(new FlagError('--budget must be a whole number of at least 1 (got "0")'));
    expect(() => resolveWatch({ interval: "soon" }, {})).toThrow('--interval must be a whole number of at least 1 (got "soon")');
    expect(() => resolveWatch({ gatewayUrl: "ws://x" }, {})).toThrow('--gateway-url must be an http:// or https:// URL (got "ws://x")');
    expect(() => resolveWatch({ webhook: "ftp://x" }, {})).toThrow('--webhook must be an http:// or https:// URL (got "ftp://x")');
  });
});

describe("the watchdog's log on a terminal", () => {
  it("turns a pino JSON line into a readable one", () => {
    const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 2, 3, 4, 5, 6), pid: 1, hostname: "h", msg: "restarted the gateway", gateway: "hung", ms: 120 });
    expect(formatLine(line)).toBe("03:04:05.006 WARN  restarted the gateway gateway=hung ms=120\n");
  });

  it("passes a line that is not JSON through unchanged", () => {
    expect(formatLine("plain words")).toBe("plain words\n");
  });
});
