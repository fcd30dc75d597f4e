// Gathers what a report needs: stats (from the stats store, else folded from the journal), the day's incident, status.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { foldJournal } from "../projections/rollups.js";
import { listStatsDays, statsDirOf } from "../projections/rollup-store.js";
import { queryDays, queryStats, type StatsQuery, type StatsResult } from "../projections/stats-query.js";
import type { StatusSnapshot } from "../runtime/view.js";
import type { Lang } from "./i18n.js";
import { readIncident, type Incident } from "./incident.js";
import type { ReportType } from "./report-types.js";


export interface ReportRequest {
  readonly type: ReportType;
  /** The report's UTC day, `YYYY-MM-DD`. */
  readonly date: string;
  readonly model?: string;
  readonly lang: Lang;
}

export interface ReportData {
  readonly request: ReportRequest;
  readonly source: "stats" | "journal";
  /** The day, hour by hour (filtered to the model for a model report). */
  readonly day: StatsResult;
  /** The 7 days ending on the day, day by day (model and full reports). */
  readonly week?: StatsResult;
  /** The day's state changes and actions (daily, recovery and full reports). */
  readonly incident?: Incident;
  readonly status?: StatusSnapshot;
}

export interface StatsSource {
  readonly kind: "stats" | "journal";
  query(q: StatsQuery): StatsResult;
}

const MS_PER_DAY = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The stats store when it has files, else an in-memory fold of the journal days the query needs. */
export function statsSourceFor(stateDir: string, journalDir = join(stateDir, "journal")): StatsSource {
  const statsDir = statsDirOf(stateDir);
  if (listStatsDays(statsDir).length > 0) return { kind: "stats", query: (q) => queryStats(statsDir, q) };
  return {
    kind: "journal",
    query: (q) => {
      const from = new Date(typeof q.from === "number" ? q.from : Date.parse(q.from.length === 10 ? `${q.from}T00:00:00Z` : q.from)).toISOString().slice(0, 10);
      const toMs = typeof q.to === "number" ? q.to : Date.parse(q.to.length === 10 ? `${q.to}T00:00:00Z` : q.to);
      return queryDays(foldJournal(journalDir, { from, to: new Date(toMs - 1).toISOString().slice(0, 10) }), q);
    },
  };
}

/** status.json when it parses (the live process keeps it current). */
export function readStatusFile(stateDir: string): StatusSnapshot | undefined {
  try {
    const s = JSON.parse(readFileSync(join(stateDir, "status.json"), "utf8")) as StatusSnapshot;
    return s && typeof s === "object" && Array.isArray(s.models) ? s : undefined;
  } catch {
    return undefined;
  }
}

export interface CollectOptions {
  readonly journalDir?: string;
  readonly stats?: StatsSource;
  readonly status?: StatusSnapshot;
}

export function collectReport(stateDir: string, request: ReportRequest, opts: CollectOptions = {}): ReportData {
  const journalDir = opts.journalDir ?? join(stateDir, "journal");
  const stats = opts.stats ?? statsSourceFor(stateDir, journalDir);
  const { type, date, model } = request;
  const next = addDays(date, 1);
  const filter = type === "model" && model !== undefined ? { model } : {};
  const day = stats.query({ from: date, to: next, granularity: "hour", ...filter });
  const week = type === "model" || type === "full" ? stats.query({ from: addDays(date, -6), to: next, granularity: "day", ...filter }) : undefined;
  const incident = type === "model" ? undefined : readIncident(journalDir, date, date);
  const status = opts.status ?? readStatusFile(stateDir);
  return { request, source: stats.kind, day, ...(week ? { week } : {}), ...(incident ? { incident } : {}), ...(status ? { status } : {}) };
}
