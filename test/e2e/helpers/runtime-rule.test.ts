// The one rule of the e2e files: without the pinned OpenClaw runtime they fail with the install hint, never skip.
import { afterEach, describe, expect, it } from "vitest";
import { runtimeOrFail } from "./self-heal.js";

const saved = process.env.OPENCLAW_RUNTIME_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.OPENCLAW_RUNTIME_DIR;
  else process.env.OPENCLAW_RUNTIME_DIR = saved;
});

describe("e2e runtime rule", () => {
  it("fails with the install hint when the runtime is missing, with or without CI", () => {
    process.env.OPENCLAW_RUNTIME_DIR = "/nonexistent/openclaw-runtime";
    for (const ci of [undefined, "true"]) {
      const before = process.env.CI;
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
      try {
        expect(() => runtimeOrFail("e2e example")).toThrow(/^\[e2e example\] OpenClaw runtime missing\. Install it with `node scripts\/install-openclaw-runtime\.mjs`/);
      } finally {
        if (before === undefined) delete process.env.CI;
        else process.env.CI = before;
      }
    }
  });
});
