// Small validation helpers: every problem is collected with the path of the field it is about.

export type Json = Record<string, unknown>;

export class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }

  get count(): number {
    return this.list.length;
  }
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Reports every key of `obj` that is not in `allowed`; returns false when there was one. */
export function onlyKeys(obj: Json, allowed: readonly string[], path: string, problems: Problems): boolean {
  let ok = true;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      problems.add(path, `unknown key "${key}" (expected one of ${allowed.join(", ")})`);
      ok = false;
    }
  }
  return ok;
}

export function isModelRef(value: unknown): value is string {
  return typeof value === "string" && /^[^/\s]+\/\S+$/.test(value);
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
