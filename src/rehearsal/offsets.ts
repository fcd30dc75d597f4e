// Scenario times: offsets `+<n><s|m|h|d>` from the scenario's start, and plain durations `<n><s|m|h|d>`.

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const OFFSET = /^\+(\d+(?:\.\d+)?)(s|m|h|d)$/;
const DURATION = /^\+?(\d+(?:\.\d+)?)(s|m|h|d)$/;

/** `+90s` → 90 000; undefined when the text is not an offset. */
export function parseOffset(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = OFFSET.exec(text.trim());
  return m ? Math.round(Number(m[1]) * (UNIT_MS[m[2] as string] as number)) : undefined;
}

/** `1d` (or `+1d`) → 86 400 000; undefined when the text is not a duration. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const m = DURATION.exec(text.trim());
  return m ? Math.round(Number(m[1]) * (UNIT_MS[m[2] as string] as number)) : undefined;
}

/** Virtual time relative to a start, `+1:05:30` (days as `+2d 03:00:00`). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  let rest = Math.abs(Math.round(ms / 1000));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const clock = `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return days > 0 ? `${sign}${days}d ${clock}` : `${sign}${clock}`;
}

/** A short human duration: `850 ms`, `12.4 s`, `3.5 min`, `2.1 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
