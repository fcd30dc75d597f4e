import { describe, expect, it } from "vitest";
import { actionSequence, probedModels, reruns, SAME_NAMES, translate, type JournalRecord, type NameMap } from "./parity-view.js";

let seq = 0;
function proposed(action: string, target: string, params?: Record<string, unknown>): JournalRecord {
  return { seq: ++seq, type: "action.proposed", action, target, ...(params ? { params } : {}) };
}
function ended(of: JournalRecord, type: string, extra: Record<string, unknown> = {}): JournalRecord {
  return { seq: ++seq, type, ref: of.seq, action: of.action, target: of.target, ...extra };
}
function ran(action: string, target: string, extra: Record<string, unknown> = {}, params?: Record<string, unknown>): JournalRecord[] {
  const p = proposed(action, target, params);
  return [p, ended(p, "action.executed", extra)];
}

const GATEWAY: NameMap = (token) => ({ "sim0a/s0-gpt": "openai/gpt", "sim0b/s0-claude": "anthropic/claude", p0main: "main" })[token];

describe("the parity view of a journal", () => {
  it("leaves probes out of the action order and collapses a route_around renewed after each failed probe", () => {
    const records = [
      ...ran("route_around", "openai/gpt"),
      ...ran("probe_model", "openai/gpt", { ok: false }),
      ...ran("route_around", "openai/gpt"),
      ...ran("probe_model", "openai/gpt", { ok: true }),
      ...ran("fail_back", "openai/gpt"),
    ];
    expect(actionSequence(records, SAME_NAMES)).toEqual(["route_around openai/gpt", "fail_back openai/gpt"]);
    expect(probedModels(records, SAME_NAMES)).toEqual(["openai/gpt failed", "openai/gpt ok"]);
  });

  it("says how an action ended when it did not run, and names an alert by its key", () => {
    const probe = proposed("probe_model", "anthropic/claude");
    const records = [
      probe,
      ended(probe, "action.failed", { error: "probe not permitted" }),
      ...ran("alert", "owner", {}, { key: "outage|main" }),
      ...(() => {
        const p = proposed("restart_gateway", "gateway");
        return [p, ended(p, "action.skipped", { why: "disabled" })];
      })(),
    ];
    expect(actionSequence(records, SAME_NAMES)).toEqual(["alert owner outage|main", "restart_gateway gateway (skipped: disabled)"]);
    expect(probedModels(records, SAME_NAMES)).toEqual(["anthropic/claude refused"]);
  });

  it("names an alert about one model by that model, and leaves out probes the shared probe budget skipped", () => {
    const skipped = proposed("probe_model", "sim0b/s0-claude");
    const records = [
      ...ran("alert", "owner", {}, { severity: "critical", model: "sim0a/s0-gpt", category: "auth_failed" }),
      ...ran("alert", "owner", {}, { severity: "critical", model: "sim1a/s1-gpt", category: "auth_failed" }),
      skipped,
      ended(skipped, "action.skipped", { why: "budget" }),
      ...ran("probe_model", "sim0b/s0-claude", { ok: true }),
    ];
    expect(actionSequence(records, GATEWAY)).toEqual(["alert owner openai/gpt"]);
    expect(probedModels(records, GATEWAY)).toEqual(["anthropic/claude ok"]);
    const disabled = proposed("probe_model", "sim0b/s0-claude");
    expect(probedModels([disabled, ended(disabled, "action.skipped", { why: "disabled" })], GATEWAY)).toEqual(["anthropic/claude skipped"]);
  });

  it("compares a burst of task re-runs as a set, in the order of the rest", () => {
    const records = [
      ...ran("recover_task", "agent:main:explicit:s3"),
      ...ran("recover_task", "agent:main:explicit:s1"),
      ...ran("fail_back", "openai/gpt"),
      ...ran("recover_task", "agent:main:explicit:s2"),
    ];
    expect(actionSequence(records, SAME_NAMES)).toEqual([
      "recover_task agent:main:explicit:s1", "recover_task agent:main:explicit:s3", "fail_back openai/gpt", "recover_task agent:main:explicit:s2",
    ]);
  });

  it("translates a shared gateway's names back to the scenario's and drops records of other scenarios", () => {
    const records = [
      ...ran("route_around", "sim0a/s0-gpt"),
      ...ran("route_around", "sim1a/s1-gpt"),
      ...ran("alert", "owner", {}, { key: "outage|p0main" }),
      ...ran("alert", "owner", {}, { key: "outage|p1main" }),
      ...ran("recover_task", "agent:p0main:explicit:s1"),
    ];
    expect(actionSequence(records, GATEWAY)).toEqual(["route_around openai/gpt", "alert owner outage|main", "recover_task agent:main:explicit:s1"]);
    expect(translate("agent:p1main:explicit:s1", GATEWAY)).toBeUndefined();
  });

  it("reads task re-runs from recovery runs' turn records, per session", () => {
    const records: JournalRecord[] = [
      { seq: 1, type: "turn", runId: "r-user", sessionKey: "agent:p0main:explicit:s1", ok: false },
      { seq: 2, type: "turn", runId: "selfheal-t2-1", sessionKey: "agent:p0main:explicit:s2", ok: true, model: "sim0b/s0-claude" },
      { seq: 3, type: "turn", runId: "selfheal-t1-1", sessionKey: "agent:p0main:explicit:s1", ok: false },
      { seq: 4, type: "turn", runId: "selfheal-t9-1", sessionKey: "agent:p1main:explicit:s1", ok: true, model: "sim1a/s1-gpt" },
    ];
    expect(reruns(records, GATEWAY)).toEqual([
      { session: "s1", outcome: "failed" },
      { session: "s2", outcome: "answered", model: "anthropic/claude" },
    ]);
  });
});
