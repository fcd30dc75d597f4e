// Runs the `self-heal` program in-process with captured streams, and hands out temp dirs cleaned up after the file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll } from "vitest";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `self-heal <args>`; `input` is written to stdin (string) or driven by the caller (function). */
export async function runCli(args: readonly string[], input?: string | ((stdin: PassThrough, stdout: PassThrough) => void)): Promise<CliRun> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const done = main(["node", "self-heal", ...args], { stdin, stdout, stderr });
  if (typeof input === "string") stdin.end(input);
  else if (input) input(stdin, stdout);
  else stdin.end();
  const code = await done;
  return { code, out, err };
}

/** A temp-dir factory for one test file; everything it made is removed after the file's tests. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
