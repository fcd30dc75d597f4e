import { describe, expect, it } from "vitest";
import { readValidateOutput } from "../../src/config/validate-output.js";

describe("readValidateOutput", () => {
  it("is valid only when the JSON says so and the command exited 0", () => {
    expect(readValidateOutput(0, 'warning: x\n{"valid":true}', "", 5)).toEqual({ ok: true, errors: [] });
    expect(readValidateOutput(1, '{"valid":true}', "", 5).ok).toBe(false);
  });

  it("lists the reported issues, at most the number asked for", () => {
    const out = JSON.stringify({ valid: false, issues: ["a", { path: "b" }, "c"] });
    expect(readValidateOutput(1, out, "", 2)).toEqual({ ok: false, errors: ["a", '{"path":"b"}'] });
  });

  it("falls back to the exit code and stderr when the output is not JSON", () => {
    expect(readValidateOutput(0, "all good", "", 5)).toEqual({ ok: true, errors: [] });
    expect(readValidateOutput(2, "", " boom \n", 5)).toEqual({ ok: false, errors: ["openclaw config validate exited 2: boom"] });
  });
});
