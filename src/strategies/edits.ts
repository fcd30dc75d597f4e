// Tool edits of the strategy set, pure: each returns the validated new document or the errors.
import { defaultDocument } from "./defaults.js";
import type { StrategyDocument } from "./types.js";
import { validateDocument, type Validated } from "./validate.js";

export type StrategyEdit =
  | { readonly action: "add"; readonly name: string; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly action: "update"; readonly name: string; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly action: "remove"; readonly name: string }
  | { readonly action: "reset" };

export function applyEdit(doc: StrategyDocument, edit: StrategyEdit): Validated<StrategyDocument> {
  const list = doc.strategies;
  switch (edit.action) {
    case "reset":
      return { ok: true, value: defaultDocument() };
    case "add":
      if (list.some((s) => s.name === edit.name)) return { ok: false, errors: [`a strategy named ${edit.name} exists; use update`] };
      return validateDocument({ version: 1, strategies: [...list, { ...edit.fields, name: edit.name }] });
    case "update": {
      if (!list.some((s) => s.name === edit.name)) return { ok: false, errors: [`no strategy named ${edit.name}`] };
      // `null` removes an optional field.
      const patch = (s: object) => Object.fromEntries(Object.entries({ ...s, ...edit.fields, name: edit.name }).filter(([, v]) => v !== null));
      return validateDocument({ version: 1, strategies: list.map((s) => (s.name === edit.name ? patch(s) : s)) });
    }
    case "remove":
      if (!list.some((s) => s.name === edit.name)) return { ok: false, errors: [`no strategy named ${edit.name}`] };
      return { ok: true, value: { version: 1, strategies: list.filter((s) => s.name !== edit.name) } };
  }
}
