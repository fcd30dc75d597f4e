// The shape of one table-driven classifier case; `now` for every case is NOW.
import type { Category } from "../../../../src/domain/taxonomy.js";

export interface ClassifierCase {
  /** Behaviour sentence fragment: "<provider>: <what happened>". */
  readonly name: string;
  readonly input: unknown;
  readonly category: Category;
  readonly retryAfterMs?: number;
  readonly resetAt?: string;
  readonly status?: number;
}

/** 2026-07-02T17:00:00Z, the clock every table case is classified at. */
export const NOW = Date.parse("2026-07-02T17:00:00Z");

/** A fetch-style Headers object (has `.get`, case-insensitive). */
export function headersLike(init: Record<string, string>): { get(name: string): string | null } {
  const map = new Map(Object.entries(init).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => map.get(name.toLowerCase()) ?? null };
}

/** An Error with extra own fields (SDK errors carry status, code, headers…). */
export function errorWith(name: string, message: string, fields: Record<string, unknown> = {}): Error {
  const e = new Error(message, fields.cause === undefined ? undefined : { cause: fields.cause });
  e.name = name;
  const { cause: _cause, ...rest } = fields;
  return Object.assign(e, rest);
}
