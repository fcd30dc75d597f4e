// GitHub issue sink: when the supervisor really disabled a failing cron job (live, not dry run), open an issue
// with `gh issue create` in the configured repo, and journal the outcome. Off unless alerts.githubRepo is set.
import type { ActionEvent, SupervisorBus } from "../runtime/bus.js";

export type RunArgv = (argv: string[], opts: { timeoutMs: number }) => Promise<{ code: number | null; stdout: string; stderr: string }>;

export interface GhIssueSinkOptions {
  /** `owner/name`, or empty/undefined for off (read on each event, so config reloads apply). */
  readonly repo: () => string | undefined;
  readonly run: RunArgv;
  readonly journal: (type: string, fields: Record<string, unknown>) => void;
  readonly now: () => number;
  readonly log?: (message: string) => void;
}

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** The `gh issue create` argv for a disabled cron job. */
export function ghIssueArgv(repo: string, jobId: string, reason: string, at: number): string[] {
  const title = `[self-heal] cron job ${jobId} was disabled after repeated failures`;
  const body = [
    `The self-heal supervisor disabled the OpenClaw cron job \`${jobId}\` at ${new Date(at).toISOString()}.`,
    "",
    `Reason: ${reason.slice(0, 1000)}`,
    "",
    "Fix the cause, then enable the job again in OpenClaw (cron settings, or `openclaw cron` on the gateway host).",
    "The decision and every failed run are in the self-heal journal (`openclaw self-heal report recovery`).",
  ].join("\n");
  return ["gh", "issue", "create", "--repo", repo, "--title", title, "--body", body];
}

/** Subscribes to executed disable_cron actions; returns the unsubscribe function. */
export function watchDisabledCron(bus: SupervisorBus, opts: GhIssueSinkOptions): () => void {
  const onExecuted = (event: ActionEvent): void => {
    if (event.effect.action !== "disable_cron") return;
    const repo = opts.repo();
    if (!repo || !REPO.test(repo)) return;
    const jobId = event.effect.target;
    const argv = ghIssueArgv(repo, jobId, event.effect.reason, opts.now());
    void opts
      .run(argv, { timeoutMs: 30_000 })
      .then((r) => {
        const url = r.stdout.trim().split("\n").pop() ?? "";
        if (r.code === 0) opts.journal("alert.github", { target: jobId, repo, ok: true, ...(url ? { url } : {}) });
        else {
          opts.journal("alert.github", { target: jobId, repo, ok: false, error: r.stderr.slice(0, 300) });
          opts.log?.(`self-heal: gh issue create failed for cron ${jobId}: ${r.stderr.slice(0, 200)}`);
        }
      })
      .catch((error: unknown) => {
        opts.journal("alert.github", { target: jobId, repo, ok: false, error: String((error as Error)?.message ?? error).slice(0, 300) });
      });
  };
  bus.on("action.executed", onExecuted);
  return () => bus.off("action.executed", onExecuted);
}
