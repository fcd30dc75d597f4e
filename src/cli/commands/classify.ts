// `self-heal classify [--json]`: one error-like JSON value per stdin line → one classification JSON object per stdout line.
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import { classify } from "../../domain/classifier/index.js";
import type { CliIo } from "../io.js";
import type { CommandContext } from "../main.js";

/**
 * The output line for one input line, or undefined for a blank line (which produces no output).
 * A line that is not JSON yields `{"error": "..."}`; the message never echoes the input (it may hold secrets).
 */
export function classifyLine(line: string, lineNumber: number, now: number): string | undefined {
  const trimmed = line.trim();
  if (trimmed === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed) as unknown;
  } catch {
    return JSON.stringify({ error: `line ${lineNumber}: not valid JSON` });
  }
  const c = classify(value, { now });
  // Fixed key order: category, retryable, retryAfterMs?, resetAt?, evidence, status?.
  return JSON.stringify({
    category: c.category,
    retryable: c.retryable,
    retryAfterMs: c.retryAfterMs,
    resetAt: c.resetAt,
    evidence: c.evidence,
    status: c.status,
  });
}

/** Writes and, when the stream's buffer is full, waits for it to drain (or fail). */
function write(out: Writable, chunk: string): Promise<void> | undefined {
  if (out.write(chunk)) return undefined;
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      out.off("drain", onDrain);
      out.off("close", onDrain);
      out.off("error", onError);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    out.once("drain", onDrain);
    out.once("close", onDrain);
    out.once("error", onError);
  });
}

/**
 * Streams stdin line by line (large inputs are never held in memory). Returns the exit code:
 * 0 when every line was read and answered (bad lines included), 1 on an I/O failure.
 */
export async function runClassify(io: CliIo, clock: () => number = Date.now): Promise<number> {
  let ioError: unknown;
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  const onInputError = (error: unknown): void => {
    ioError ??= error;
    rl.close();
  };
  const onOutputError = (error: unknown): void => {
    ioError ??= error;
    rl.close();
  };
  io.stdin.on("error", onInputError);
  io.stdout.on("error", onOutputError);
  let lineNumber = 0;
  try {
    for await (const line of rl) {
      lineNumber++;
      const out = classifyLine(line, lineNumber, clock());
      if (out !== undefined) await write(io.stdout, `${out}\n`);
      if (ioError) break;
    }
  } catch (error) {
    ioError ??= error;
  } finally {
    io.stdin.off("error", onInputError);
    io.stdout.off("error", onOutputError);
    rl.close();
  }
  if (ioError) {
    const message = ioError instanceof Error ? ioError.message : String(ioError);
    io.stderr.write(`self-heal classify: I/O error: ${message}\n`);
    return 1;
  }
  return 0;
}

export function registerClassify(program: Command, ctx: CommandContext): void {
  program
    .command("classify")
    .description(
      "Classify provider errors: reads one JSON value per line on stdin, prints one JSON object per line " +
        '({"category","retryable","retryAfterMs"?,"resetAt"?,"evidence","status"?}); exits non-zero only on I/O failure',
    )
    .option("--json", "print JSON lines (the output is JSON lines either way)")
    .action(async () => {
      ctx.exitCode = await runClassify(ctx.io);
    });
}
