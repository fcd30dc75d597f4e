import { describe, it, expect } from "vitest";
import { deliveryRouteOf, routeFromParams } from "../../src/tasks/index.js";

describe("the chat a session's turn came from", () => {
  it("is read from OpenClaw 2026.9.6's external delivery record, with account and thread", () => {
    const entry = { delivery: { kind: "external", context: { channel: "irc", to: "user", accountId: "default", threadId: 42 }, route: {}, origin: {} } };
    expect(deliveryRouteOf(entry)).toEqual({ channel: "irc", to: "user", accountId: "default", threadId: "42" });
  });

  it("is none for an internal delivery record (Control UI, CLI), even when old projected fields name a chat", () => {
    expect(deliveryRouteOf({ delivery: { kind: "internal" }, lastChannel: "irc", lastTo: "user" })).toBeUndefined();
    expect(deliveryRouteOf({ delivery: { kind: "external", context: { channel: "webchat", to: "x" } } })).toBeUndefined();
  });

  it("falls back to the projected deliveryContext, then to lastChannel/lastTo, when there is no delivery record", () => {
    expect(deliveryRouteOf({ deliveryContext: { channel: "telegram", to: "1001" } })).toEqual({ channel: "telegram", to: "1001" });
    expect(deliveryRouteOf({ lastChannel: "telegram", lastTo: "1001", lastAccountId: "bot2" })).toEqual({ channel: "telegram", to: "1001", accountId: "bot2" });
  });

  it("is none without a peer, without an entry, or for anything that is not an object", () => {
    expect(deliveryRouteOf({ delivery: { kind: "external", context: { channel: "irc" } } })).toBeUndefined();
    expect(deliveryRouteOf(undefined)).toBeUndefined();
    expect(deliveryRouteOf("agent:main:main")).toBeUndefined();
    expect(deliveryRouteOf([{ channel: "irc", to: "user" }])).toBeUndefined();
  });

  it("round-trips through effect params as plain JSON", () => {
    const route = deliveryRouteOf({ delivery: { kind: "external", context: { channel: "irc", to: "user" } } });
    expect(routeFromParams(JSON.parse(JSON.stringify(route)))).toEqual(route);
    expect(routeFromParams(undefined)).toBeUndefined();
    expect(routeFromParams({ channel: "irc" })).toBeUndefined();
  });
});
