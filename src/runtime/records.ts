// Maps domain events to journal records and back (the journal's per-call fields are a public contract).
import type { DomainEvent, CallObserved } from "../domain/events.js";
import type { Classification } from "../domain/taxonomy.js";
import { isCategory, isRetryable } from "../domain/taxonomy.js";
import { peerHealthFromRecord } from "./peer-health-record.js";
import type { JournalRecord } from "../journal/envelope.js";
import { operatorFields, operatorFromRecord } from "./operator-records.js";


function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

/** The journal fields of a domain event (envelope keys are added by the journal). */
export function recordFields(event: DomainEvent): Record<string, unknown> {
  switch (event.type) {
    case "call": {
      const c = event.classification;
      return {
        timestamp: new Date(event.ts).toISOString(),
        provider: event.provider,
        model: event.model,
        ok: event.ok,
        errorType: event.ok ? null : (c?.category ?? "unknown"),
        errorMessage: event.errorMessage ?? null,
        httpStatus: c?.status ?? null,
        durationMs: event.durationMs ?? null,
        sessionId: event.sessionId ?? null,
        runId: event.runId ?? null,
        retryCount: event.retryCount ?? 0,
        recovered: event.recovered ?? null,
        ...optional("agentId", event.agentId),
        ...optional("sessionKey", event.sessionKey),
        ...optional("trigger", event.trigger),
        ...optional("probe", event.probe),
        ...optional("tokens", event.tokens),
        ...optional("evidence", c?.evidence),
        ...optional("retryAfterMs", c?.retryAfterMs),
        ...optional("resetAt", c?.resetAt),
      };
    }
    case "operator.requested":
      return operatorFields(event);
    case "call.usage":
    case "turn":
    case "turn.held":
    case "channel.observed":
    case "cron.run":
    case "probe.result":
    case "gateway.started":
    case "gateway.stopping":
    case "peer.health":
    case "actor.cleared": {
      const { type: _t, ts: _ts, ...rest } = event as DomainEvent & Record<string, unknown>;
      return rest;
    }
  }
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function classificationOf(rec: Record<string, unknown>): Classification | undefined {
  const raw = rec.classification;
  if (raw && typeof raw === "object") {
    const c = raw as Record<string, unknown>;
    if (isCategory(c.category)) return c as unknown as Classification;
  }
  const category = rec.errorType;
  if (!isCategory(category)) return undefined;
  const retryAfterMs = num(rec.retryAfterMs);
  const resetAt = str(rec.resetAt);
  const status = num(rec.httpStatus);
  return {
    category,
    retryable: isRetryable(category),
    evidence: str(rec.evidence) ?? "from journal",
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(resetAt !== undefined ? { resetAt } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

/** Rebuilds the domain event a journal record was made from, or undefined for non-input records. */
export function eventFromRecord(record: JournalRecord): DomainEvent | undefined {
  const ts = Date.parse(record.ts);
  if (!Number.isFinite(ts)) return undefined;
  const r = record as Record<string, unknown>;
  switch (record.type) {
    case "call": {
      const model = str(r.model);
      if (!model) return undefined;
      const classification = classificationOf(r);
      const call: CallObserved = {
        type: "call",
        ts,
        model,
        provider: str(r.provider) ?? model.split("/")[0] ?? model,
        ok: r.ok === true || (r.ok === undefined && r.errorType == null),
        ...(classification ? { classification } : {}),
        ...(r.probe === true ? { probe: true } : {}),
        ...(str(r.agentId) ? { agentId: str(r.agentId) } : {}),
        ...(str(r.trigger) ? { trigger: str(r.trigger) } : {}),
      };
      return call;
    }
    case "probe.result": {
      const model = str(r.model);
      if (!model) return undefined;
      const classification = classificationOf(r);
      return { type: "probe.result", ts, model, ok: r.ok === true, ...(classification ? { classification } : {}) };
    }
    case "channel.observed": {
      const channel = str(r.channel);
      const detail = str(r.detail);
      return channel ? { type: "channel.observed", ts, channel, connected: r.connected === true, ...(detail ? { detail } : {}), ...(r.hostRestarting === true ? { hostRestarting: true } : {}) } : undefined;
    }
    case "cron.run": {
      const jobId = str(r.jobId);
      const classification = classificationOf(r);
      return jobId ? { type: "cron.run", ts, jobId, ok: r.ok === true, ...(classification ? { classification } : {}) } : undefined;
    }
    case "turn": {
      const agentId = str(r.agentId);
      return agentId ? ({ ...(r as object), type: "turn", ts, agentId, ok: r.ok === true } as DomainEvent) : undefined;
    }
    case "turn.held": {
      const model = str(r.model);
      if (!model) return undefined;
      return {
        type: "turn.held", ts, model,
        ...(str(r.agentId) ? { agentId: str(r.agentId) } : {}),
        ...(str(r.runId) ? { runId: str(r.runId) } : {}),
        ...(str(r.sessionKey) ? { sessionKey: str(r.sessionKey) } : {}),
        ...(str(r.trigger) ? { trigger: str(r.trigger) } : {}),
      };
    }
    case "gateway.started":
      return { type: "gateway.started", ts };
    case "actor.cleared": {
      const target = str(r.target);
      return target ? { type: "actor.cleared", ts, target } : undefined;
    }
    case "peer.health":
      return peerHealthFromRecord(r, ts);
    case "operator.requested":
      return operatorFromRecord(r, ts);
    default:
      return undefined;
  }
}
