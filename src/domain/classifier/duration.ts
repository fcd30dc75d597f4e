// Parses the duration and timestamp spellings providers use in retry hints ("2m59.56s", "37s", HTTP dates, ISO).

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const NUMBER = "\\d+(?:\\.\\d+)?";
// Longer unit spellings come first so "ms" never reads as minutes; "(?![a-z])" stops "m" matching "months".
const UNITS =
  "milliseconds?|millis|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|毫秒|秒钟|秒|分钟|分|小时|天";
const TERM = `(${NUMBER})\\s*(${UNITS})(?![a-z])`;
const TERM_NC = `${NUMBER}\\s*(?:${UNITS})(?![a-z])`;

/** A run of terms such as "6m0s", "2 hours 5 minutes", "1 hour and 30 minutes" (no capture groups). */
export const DURATION_SOURCE = `${TERM_NC}(?:\\s*(?:,|and)?\\s*${TERM_NC})*`;

const TERM_RE = new RegExp(TERM, "gi");
const WHOLE_RE = new RegExp(`^\\s*${DURATION_SOURCE}\\s*$`, "i");

function unitOf(word: string): string {
  const w = word.toLowerCase();
  if (w === "ms" || w.startsWith("milli") || w.startsWith("msec") || w === "毫秒") return "ms";
  if (w.startsWith("s") || w.startsWith("秒")) return "s";
  if (w.startsWith("m") || w.startsWith("分")) return "m";
  if (w.startsWith("h") || w === "小时") return "h";
  return "d";
}

/** Sums the terms of a duration expression. Undefined when no term is found. */
export function sumDurationTerms(text: string): number | undefined {
  let total = 0;
  let found = false;
  for (const match of text.matchAll(TERM_RE)) {
    const value = Number(match[1]);
    const unit = UNIT_MS[unitOf(match[2] ?? "s")] ?? 1_000;
    if (!Number.isFinite(value)) continue;
    total += value * unit;
    found = true;
  }
  return found ? total : undefined;
}

/**
 * Parses a whole duration string: Go/OpenAI/Groq style ("6m0s", "2m59.56s", "1s", "120ms"),
 * Google `Duration` ("37s", "1.5s") and worded forms ("2 hours", "90 minutes"). Bare numbers are
 * not durations (their unit depends on the header); use `parseSeconds` for them.
 */
export function parseDurationMs(text: string): number | undefined {
  if (text.length > 100 || !WHOLE_RE.test(text)) return undefined;
  return sumDurationTerms(text);
}

/** Parses a plain decimal number of seconds ("17", "1.5"). */
export function parseSeconds(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+(?:\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n * 1_000 : undefined;
}

const ISO_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;
const HTTP_DATE_RE =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?\d{1,2}[ -](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*[ -]\d{2,4}\s+\d{2}:\d{2}:\d{2}\s*(?:GMT|UTC|Z)$/i;
const ASCTIME_RE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\d{4}$/i;

/**
 * Parses an absolute time: RFC 3339 / ISO-8601 (a missing zone is read as UTC), or an HTTP date
 * (IMF-fixdate, RFC 850, asctime). Returns epoch ms, or undefined.
 */
export function parseTimestamp(text: string): number | undefined {
  const t = text.trim();
  if (t.length > 64) return undefined;
  const iso = ISO_RE.exec(t);
  if (iso) {
    const zone = iso[3] === undefined || /^(?:UTC|GMT)$/i.test(iso[3]) ? "Z" : iso[3].toUpperCase();
    const ms = Date.parse(`${iso[1]}T${iso[2]}${zone}`);
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (HTTP_DATE_RE.test(t) || ASCTIME_RE.test(t)) {
    const ms = Date.parse(ASCTIME_RE.test(t) ? `${t} GMT` : t);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** Reads an epoch number: values above 1e12 are milliseconds, above 1e9 seconds; smaller ones are not epochs. */
export function epochMs(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (value > 1e12) return value;
  if (value > 1e9) return value * 1_000;
  return undefined;
}
