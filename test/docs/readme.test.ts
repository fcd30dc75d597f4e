import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { configTable } from "../../scripts/config-table.mjs";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("shows the configuration table exactly as the manifest schema defines it (defaults and ranges)", () => {
    expect(readme).toContain(configTable());
  });

  it("shows the two commands a new user runs", () => {
    expect(readme).toContain("npm install && npx self-heal rehearse");
    expect(readme).toContain("npm install && npm test");
  });
});
