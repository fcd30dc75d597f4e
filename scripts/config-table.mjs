#!/usr/bin/env node
// Prints the README's configuration table from openclaw.plugin.json's configSchema (the single source of truth).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schema = JSON.parse(readFileSync(path.join(repo, "openclaw.plugin.json"), "utf8")).configSchema;

export function configRows(node = schema, prefix = "") {
  const rows = [];
  for (const [key, spec] of Object.entries(node.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (spec.type === "object" && spec.properties) {
      rows.push(...configRows(spec, name));
      continue;
    }
    if (spec.type === "array" && spec.items?.type === "object" && spec.items.properties) {
      rows.push({ name, type: "object[]", def: spec.default === undefined ? "—" : `\`${JSON.stringify(spec.default)}\``, range: spec.maxItems !== undefined ? `≤ ${spec.maxItems} items` : "", description: (spec.description ?? "").replace(/\|/g, "\\|") });
      rows.push(...configRows(spec.items, `${name}[]`));
      continue;
    }
    let type = spec.type;
    if (spec.enum) type = spec.enum.map((v) => JSON.stringify(v)).join(" \\| ");
    if (spec.type === "array") type = spec.items?.enum ? `(${spec.items.enum.map((v) => JSON.stringify(v)).join(" \\| ")})[]` : `${spec.items?.type ?? "any"}[]`;
    const range = spec.minimum !== undefined || spec.maximum !== undefined ? `${spec.minimum ?? ""}–${spec.maximum ?? ""}` : spec.pattern ? `pattern \`${spec.pattern}\`` : "";
    const def = spec.default === undefined ? "—" : spec.default === "" ? '`""`' : `\`${JSON.stringify(spec.default)}\``;
    rows.push({ name, type, def, range, description: (spec.description ?? "").replace(/\|/g, "\\|") });
  }
  return rows;
}

export function configTable() {
  const lines = ["| key | type | default | range | meaning |", "|---|---|---|---|---|"];
  for (const r of configRows()) lines.push(`| \`${r.name}\` | ${r.type} | ${r.def} | ${r.range} | ${r.description} |`);
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${configTable()}\n`);
