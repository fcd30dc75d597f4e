// `self-heal classify`: JSON lines in, one classification per line out, in process via main().
import type { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { classifyLine } from "../../src/cli/commands/classify.js";
import { runCli } from "../helpers/cli-harness.js";

interface Run {
  readonly code: number;
  readonly lines: unknown[];
  readonly stderr: string;
}

async function run(input: string | ((stdin: PassThrough, stdout: PassThrough) => void), args: string[] = []): Promise<Run> {
  const { code, out, err } = await runCli(["classify", ...args], input);
  const lines = out.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as unknown);
  return { code, lines, stderr: err };
}

describe("self-heal classify", () => {
  it("classifies the done-when example: 429 with Retry-After 17", async () => {
    const { code, lines } = await run('{"status":429,"headers":{"retry-after":"17"}}\n');
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ category: "rate_limit", retryable: true, retryAfterMs: 17_000 });
  });

  it("answers every line in order, skips blank lines and reports a non-JSON line without stopping", async () => {
    const input = ['"LLM request timed out."', "", "   ", "not json {", 'null', '{"status":401}', ""].join("\n");
    const { code, lines } = await run(input);
    expect(code).toBe(0);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ category: "timeout" });
    expect(lines[1]).toEqual({ error: "line 4: not valid JSON" });
    expect(lines[2]).toMatchObject({ category: "unknown", retryable: false });
    expect(lines[3]).toMatchObject({ category: "auth_failed", retryable: false });
  });

  it("prints only contract keys, in contract order", async () => {
    const { lines } = await run('{"status":503,"message":"Service Unavailable"}\n');
    expect(Object.keys(lines[0] as object)).toEqual(["category", "retryable", "evidence", "status"]);
  });

  it("accepts --json and prints the same JSON lines", async () => {
    const input = '{"status":429,"headers":{"retry-after":"3"}}\r\n"fetch failed"\r\n';
    const plain = await run(input);
    const json = await run(input, ["--json"]);
    expect(json.code).toBe(0);
    expect(json.lines).toEqual(plain.lines);
    expect(json.lines[1]).toMatchObject({ category: "network_error" });
  });

  it("never echoes a secret from a malformed line", async () => {
    const { lines } = await run("{ sk-proj-SECRETSECRETSECRET0123 \n");
    expect(JSON.stringify(lines)).not.toContain("SECRETSECRET");
  });

  it("streams a large input line by line", async () => {
    const n = 5_000;
    const { code, lines } = await run((stdin) => {
      for (let i = 0; i < n; i++) stdin.write(`{"status":${i % 2 === 0 ? 429 : 503}}\n`);
      stdin.end();
    });
    expect(code).toBe(0);
    expect(lines).toHaveLength(n);
    expect(lines[0]).toMatchObject({ category: "rate_limit" });
    expect(lines[n - 1]).toMatchObject({ category: "server_overload" });
  });

  it("exits non-zero on an input I/O failure", async () => {
    const { code, lines, stderr } = await run((stdin, stdout) => {
      stdout.once("data", () => stdin.destroy(new Error("disk gone")));
      stdin.write('{"status":429}\n');
    });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(stderr).toContain("disk gone");
  });
});

describe("classifyLine", () => {
  it("uses the given clock for absolute reset hints", () => {
    const now = Date.parse("2026-07-02T17:00:00Z");
    const line = classifyLine('{"status":429,"headers":{"x-ratelimit-reset":"1783011660"}}', 1, now);
    expect(JSON.parse(line ?? "{}")).toMatchObject({ retryAfterMs: 60_000, resetAt: "2026-07-02T17:01:00.000Z" });
  });
});
