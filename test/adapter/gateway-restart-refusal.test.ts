import { describe, expect, it } from "vitest";
import { gatewayRestartRefusal } from "../../src/adapter/openclaw-host.js";

describe("a gateway restart signal is sent only when OpenClaw will act on it", () => {
  it("refuses without the gateway run loop's signal handler (the signal would end the process)", () => {
    expect(gatewayRestartRefusal(0, true)).toMatch(/no gateway restart handler.*openclaw gateway restart/);
  });
  it("refuses when commands.restart is false (OpenClaw ignores the signal)", () => {
    expect(gatewayRestartRefusal(1, false)).toMatch(/commands\.restart is false/);
  });
  it("allows it when the handler listens and restarts are allowed", () => {
    expect(gatewayRestartRefusal(1, true)).toBeUndefined();
  });
});
