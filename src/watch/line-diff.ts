// A small unified-style line diff (LCS), enough to show an owner what changed in openclaw.json.

export interface DiffOptions {
  /** Unchanged lines shown around each change. Default 2. */
  readonly context?: number;
  /** Lines of output at most; the rest is summarised. Default 60. */
  readonly maxLines?: number;
  /** Files longer than this many lines are not aligned line by line. Default 4000. */
  readonly maxInputLines?: number;
}

type Op = { readonly kind: " " | "-" | "+"; readonly text: string };

function operations(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], one row at a time (Uint32Array rows).
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as Uint32Array;
    const below = lcs[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: " ", text: a[i] as string });
      i++;
      j++;
    } else if (((lcs[i + 1] as Uint32Array)[j] as number) >= ((lcs[i] as Uint32Array)[j + 1] as number)) {
      ops.push({ kind: "-", text: a[i++] as string });
    } else {
      ops.push({ kind: "+", text: b[j++] as string });
    }
  }
  while (i < n) ops.push({ kind: "-", text: a[i++] as string });
  while (j < m) ops.push({ kind: "+", text: b[j++] as string });
  return ops;
}

/** `-` lines are in `before` only, `+` lines in `after` only; "" when the texts are equal. */
export function lineDiff(before: string, after: string, options: DiffOptions = {}): string {
  if (before === after) return "";
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 60;
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length > (options.maxInputLines ?? 4000) || b.length > (options.maxInputLines ?? 4000)) {
    return `(files too long to compare line by line: ${a.length} and ${b.length} lines)`;
  }
  const ops = operations(a, b);
  const show = new Array<boolean>(ops.length).fill(false);
  ops.forEach((op, k) => {
    if (op.kind === " ") return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++) show[d] = true;
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, k) => {
    if (!show[k]) {
      skipped = true;
      return;
    }
    if (skipped && out.length > 0) out.push("…");
    skipped = false;
    out.push(`${op.kind} ${op.text}`);
  });
  if (out.length > maxLines) {
    const more = out.length - maxLines;
    return [...out.slice(0, maxLines), `… (${more} more diff lines)`].join("\n");
  }
  return out.join("\n");
}
