// A recording Host for logic tests: every call is logged; probe answers and config validity are scriptable.
import type { Host, ProbeOutcome, Alert, ConfigCheck } from "../../src/host/host.js";

export class RecordingHost implements Host {
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  readonly alerts: Alert[] = [];
  probeAnswer: (model: string) => ProbeOutcome = () => ({ ok: true, durationMs: 10 });
  configText: string | undefined = '{ "gateway": { "port": 18789 } }';
  configCheck: ConfigCheck = { ok: true, errors: [] };

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  async probeModel(model: string): Promise<ProbeOutcome> {
    this.calls.push({ method: "probeModel", args: [model] });
    return this.probeAnswer(model);
  }
  async restartChannel(channel: string): Promise<void> {
    this.calls.push({ method: "restartChannel", args: [channel] });
  }
  async restartGateway(reason: string): Promise<void> {
    this.calls.push({ method: "restartGateway", args: [reason] });
  }
  async disableCron(jobId: string): Promise<void> {
    this.calls.push({ method: "disableCron", args: [jobId] });
  }
  async disablePlugin(pluginId: string): Promise<void> {
    this.calls.push({ method: "disablePlugin", args: [pluginId] });
  }
  async patchSession(sessionKey: string, model: string | null): Promise<void> {
    this.calls.push({ method: "patchSession", args: [sessionKey, model] });
  }
  async recoverTask(taskId: string, params: Readonly<Record<string, unknown>>): Promise<void> {
    this.calls.push({ method: "recoverTask", args: [taskId, params] });
  }
  async sendAlert(alert: Alert): Promise<void> {
    this.calls.push({ method: "sendAlert", args: [alert.key] });
    this.alerts.push(alert);
  }
  async readOpenClawConfig(): Promise<string | undefined> {
    return this.configText;
  }
  async validateOpenClawConfig(): Promise<ConfigCheck> {
    return this.configCheck;
  }
}
