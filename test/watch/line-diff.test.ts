import { describe, expect, it } from "vitest";
import { lineDiff } from "../../src/watch/line-diff.js";

describe("the openclaw.json diff in an alert", () => {
  it("is empty for equal texts", () => {
    expect(lineDiff("a\nb\n", "a\nb\n")).toBe("");
  });

  it("shows a changed line as - old / + new with context around it", () => {
    const before = ["{", '  "a": 1,', '  "b": 2,,', '  "c": 3', "}"].join("\n");
    const after = ["{", '  "a": 1,', '  "b": 2,', '  "c": 3', "}"].join("\n");
    expect(lineDiff(before, after, { context: 1 })).toBe(['    "a": 1,', '-   "b": 2,,', '+   "b": 2,', '    "c": 3'].join("\n"));
  });

  it("marks skipped unchanged stretches with …", () => {
    const before = ["x", "1", "2", "3", "4", "5", "6", "y"].join("\n");
    const after = ["X", "1", "2", "3", "4", "5", "6", "Y"].join("\n");
    expect(lineDiff(before, after, { context: 1 }).split("\n")).toEqual(["- x", "+ X", "  1", "…", "  6", "- y", "+ Y"]);
  });

  it("shows added and removed lines", () => {
    expect(lineDiff("a\nc", "a\nb\nc", { context: 0 })).toBe("+ b");
    expect(lineDiff("a\nb\nc", "a\nc", { context: 0 })).toBe("- b");
  });

  it("caps a long diff and says how much was left out", () => {
    const before = Array.from({ length: 100 }, (_, i) => `old ${i}`).join("\n");
    const after = Array.from({ length: 100 }, (_, i) => `new ${i}`).join("\n");
    const lines = lineDiff(before, after, { maxLines: 10 }).split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe("… (190 more diff lines)");
  });

  it("does not align files that are too long, and says so", () => {
    expect(lineDiff("a\nb\nc", "a\nb", { maxInputLines: 2 })).toBe("(files too long to compare line by line: 3 and 2 lines)");
  });
});
