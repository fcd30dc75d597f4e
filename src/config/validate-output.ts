// What `openclaw config validate --json` said, read the same way by the plugin (before a restart) and the watchdog.

export interface ValidateVerdict {
  readonly ok: boolean;
  readonly errors: string[];
}

/** The verdict of one finished `openclaw config validate --json` run: valid only when it says so and exits 0. */
export function readValidateOutput(code: number | null, stdout: string, stderr: string, maxErrors: number): ValidateVerdict {
  const out = stdout.trim();
  let parsed: Record<string, unknown> | undefined;
  try {
    const start = out.indexOf("{");
    parsed = start >= 0 ? (JSON.parse(out.slice(start)) as Record<string, unknown>) : undefined;
  } catch {
    parsed = undefined;
  }
  const valid = parsed ? parsed.valid === true || parsed.ok === true : code === 0;
  if (valid && code === 0) return { ok: true, errors: [] };
  const issues = parsed && Array.isArray(parsed.issues) ? parsed.issues : parsed && Array.isArray(parsed.errors) ? parsed.errors : [];
  const errors = issues.map((i) => (typeof i === "string" ? i : JSON.stringify(i))).slice(0, maxErrors);
  return { ok: false, errors: errors.length > 0 ? errors : [`openclaw config validate exited ${code}: ${(stderr || out).trim().slice(0, 300)}`] };
}
