// Inline SVG charts for the HTML report: the actors' state timeline and calls/errors over time. No scripts, no assets.
import type { Incident } from "./incident.js";

const GOOD = "#2da44e";
const WARN = "#e3b341";
const HOT = "#f0883e";
const BAD = "#cf222e";
export const STATE_COLORS: Record<string, string> = {
  healthy: GOOD, recovered: "#1f9cb0", cooldown: HOT, probing: WARN, disabled: BAD,
  connected: GOOD, disconnected: BAD, restarting: HOT, startup_grace: WARN, given_up: "#8250df",
  ok: GOOD, failing: HOT, running: GOOD, escalated: BAD,
};
const OUTCOME_COLORS: Record<string, string> = { executed: "#0969da", dry_run: "#8c959f", skipped: "#bf8700", failed: BAD, proposed: "#57606a" };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);
const WIDTH = 1100;
const LABEL = 230;
const RIGHT = 20;

function scale(inc: Incident): (t: number) => number {
  const span = Math.max(1, inc.to - inc.from);
  return (t) => LABEL + ((Math.min(Math.max(t, inc.from), inc.to) - inc.from) / span) * (WIDTH - LABEL - RIGHT);
}

function axis(inc: Incident, y: number, height: number): string {
  const x = scale(inc);
  const ticks: string[] = [];
  for (let i = 0; i <= 6; i++) {
    const t = inc.from + ((inc.to - inc.from) * i) / 6;
    const px = x(t).toFixed(1);
    ticks.push(`<line x1="${px}" y1="${y}" x2="${px}" y2="${y + height}" stroke="#d0d7de" stroke-dasharray="2,3"/>`);
    ticks.push(`<text x="${px}" y="${y + height + 14}" font-size="11" text-anchor="middle" fill="#57606a">${hhmm(t)}Z</text>`);
  }
  return ticks.join("");
}

/** One row per actor, coloured by state; action markers on their target's row (others on an "actions" row). */
export function timelineSvg(inc: Incident): string {
  const row = 26;
  const top = 10;
  const x = scale(inc);
  const rows = [...inc.actors.map((a) => ({ key: a.id, label: `${a.kind} ${a.id}`, actor: a })), { key: "", label: "other actions", actor: undefined }];
  const rowOf = new Map(rows.map((r, i) => [r.key, i]));
  const height = top + rows.length * row;
  const parts: string[] = [axis(inc, top, rows.length * row)];
  rows.forEach((r, i) => {
    const y = top + i * row;
    parts.push(`<text x="${LABEL - 8}" y="${y + 17}" font-size="12" text-anchor="end" fill="#24292f">${esc(r.label.slice(0, 34))}</text>`);
    parts.push(`<rect x="${LABEL}" y="${y + 4}" width="${WIDTH - LABEL - RIGHT}" height="${row - 8}" fill="#f6f8fa"/>`);
    for (const s of r.actor?.segments ?? []) {
      const x1 = x(s.from);
      const w = Math.max(1, x(s.to) - x1);
      parts.push(
        `<rect class="seg" data-state="${esc(s.state)}" x="${x1.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${row - 8}" fill="${STATE_COLORS[s.state] ?? "#8c959f"}"><title>${esc(`${r.label}: ${s.state} ${hhmm(s.from)}–${hhmm(s.to)}Z ${s.reason}`.slice(0, 300))}</title></rect>`,
      );
    }
  });
  for (const a of inc.actions) {
    const i = rowOf.get(a.target) ?? rows.length - 1;
    const cx = x(a.at).toFixed(1);
    const cy = top + i * row + 4;
    parts.push(
      `<path class="action" d="M${cx},${cy + 6} l-4,-7 h8 z" fill="${OUTCOME_COLORS[a.outcome] ?? "#57606a"}" stroke="#fff" stroke-width="0.6"><title>${esc(`${hhmm(a.at)}Z ${a.action} ${a.target}: ${a.outcome}${a.why ? ` (${a.why})` : ""} — ${a.reason}`.slice(0, 300))}</title></path>`,
    );
  }
  return `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height + 24}" viewBox="0 0 ${WIDTH} ${height + 24}" font-family="system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif">${parts.join("")}</svg>`;
}

/** Calls per bucket (grey) with the failed part in red, and the error rate as a line (right axis 0–100 %). */
export function errorRateSvg(inc: Incident): string {
  const top = 10;
  const h = 180;
  const x = scale(inc);
  const max = Math.max(1, ...inc.buckets.map((b) => b.calls));
  const y = (v: number): number => top + h - (v / max) * h;
  const parts: string[] = [axis(inc, top, h)];
  parts.push(`<line x1="${LABEL}" y1="${top + h}" x2="${WIDTH - RIGHT}" y2="${top + h}" stroke="#8c959f"/>`);
  parts.push(`<text x="${LABEL - 8}" y="${top + 10}" font-size="11" text-anchor="end" fill="#57606a">${max} calls</text>`);
  parts.push(`<text x="${LABEL - 8}" y="${top + h}" font-size="11" text-anchor="end" fill="#57606a">0</text>`);
  parts.push(`<text x="${LABEL - 8}" y="${top + 24}" font-size="11" text-anchor="end" fill="#8250df">error rate 100%</text>`);
  // The rate line breaks where a bucket had no calls (no rate to show), instead of bridging the gap.
  const lines: string[][] = [[]];
  for (const b of inc.buckets) {
    const x1 = x(b.start);
    const w = Math.max(1, x(b.start + inc.bucketMs) - x1 - 1);
    const tip = `${hhmm(b.start)}Z: ${b.calls} calls, ${b.errors} errors`;
    parts.push(`<rect class="calls" x="${x1.toFixed(1)}" y="${y(b.calls).toFixed(1)}" width="${w.toFixed(1)}" height="${(top + h - y(b.calls)).toFixed(1)}" fill="#d0d7de"><title>${tip}</title></rect>`);
    if (b.errors > 0) parts.push(`<rect class="errors" x="${x1.toFixed(1)}" y="${y(b.errors).toFixed(1)}" width="${w.toFixed(1)}" height="${(top + h - y(b.errors)).toFixed(1)}" fill="${BAD}"><title>${tip}</title></rect>`);
    if (b.calls > 0) (lines[lines.length - 1] as string[]).push(`${(x1 + w / 2).toFixed(1)},${(top + h - (b.errors / b.calls) * h).toFixed(1)}`);
    else if ((lines[lines.length - 1] as string[]).length > 0) lines.push([]);
  }
  for (const points of lines) {
    if (points.length === 1) parts.push(`<circle class="rate" cx="${points[0]?.split(",")[0]}" cy="${points[0]?.split(",")[1]}" r="2.5" fill="#8250df"/>`);
    if (points.length > 1) parts.push(`<polyline class="rate" points="${points.join(" ")}" fill="none" stroke="#8250df" stroke-width="1.5"/>`);
  }
  return `<svg id="error-rates" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${h + 40}" viewBox="0 0 ${WIDTH} ${h + 40}" font-family="system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif">${parts.join("")}</svg>`;
}

export function legendHtml(): string {
  const states = Object.entries(STATE_COLORS).filter(([s]) => ["healthy", "cooldown", "probing", "recovered", "disabled", "disconnected", "failing"].includes(s));
  const outcomes = Object.entries(OUTCOME_COLORS);
  const chip = (color: string, text: string) => `<span class="chip"><i style="background:${color}"></i>${esc(text)}</span>`;
  return `<p class="legend">${states.map(([s, c]) => chip(c, s)).join("")} · actions: ${outcomes.map(([s, c]) => chip(c, s)).join("")} · <span class="chip"><i style="background:#8250df"></i>error rate</span></p>`;
}
