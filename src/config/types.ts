// The resolved plugin configuration: the shape of openclaw.plugin.json's configSchema after defaults.

export interface ActionSwitches {
  routeAround: boolean;
  failBack: boolean;
  probeModel: boolean;
  patchSession: boolean;
  restartChannel: boolean;
  restartGateway: boolean;
  disableCron: boolean;
  disablePlugin: boolean;
  recoverTask: boolean;
  alert: boolean;
}

export interface SelfHealConfig {
  enabled: boolean;
  dryRun: boolean;
  stateDir: string;
  logDir: string;
  statsRetentionDays: number;
  defaultStrategy: "exponential" | "fixed" | "custom";
  modelOrder?: string[];
  actions: ActionSwitches;
  model: {
    failureThreshold: number;
    baseCooldownSeconds: number;
    maxCooldownSeconds: number;
    jitterRatio: number;
    successesToRecover: number;
    probeSpacingSeconds: number;
    probeTimeoutSeconds: number;
    recoveredHoldSeconds: number;
    decayAfterMinutes: number;
    quotaDisableMinutes: number;
    authRecheckMinutes: number;
    maxProbeGapSeconds: number;
    stallSeconds: number;
    /** Healthy models not heard from for this long are probed (0: off). */
    healthProbeMinutes: number;
  };
  outage: { consecutiveFailures: number; restartGateway: boolean; holdTurns: boolean; probeIntervalSeconds: number };
  channels: {
    ids?: string[];
    pollSeconds: number;
    disconnectThreshold: number;
    startupGraceSeconds: number;
    restartBudgetMax: number;
    restartBudgetWindowMinutes: number;
    silentAfterSeconds: number;
    livenessCheck: boolean;
    /** A channel that stays down after its restarts gets one gateway restart (needs actions.restartGateway). */
    restartGateway: boolean;
  };
  cron: { failureThreshold: number };
  gateway: { restartBudgetMax: number; restartBudgetWindowMinutes: number; configBackupsKept: number };
  alerts: {
    channel?: string;
    target?: string;
    webhookUrl?: string;
    minIntervalSeconds: number;
    errorRateWarning: number;
    errorRateWindowMinutes: number;
    errorRateMinCalls: number;
    githubRepo: string;
  };
  quota: {
    warnPercent: number;
    criticalPercent: number;
    routeNonUrgent: boolean;
    nonUrgentTriggers: string[];
    budgets: QuotaBudget[];
  };
  journal: { maxBufferedRecords: number; flushIntervalMs: number };
  /** Shared health across gateways (src/shared-health); no `redis`: off. */
  sharedHealth: { redis?: SharedRedisConfig };
  statusIntervalSeconds: number;
  /** A dashboard copy of the status snapshot (openclaw-self-healing's statusFile); "" for none. */
  statusFile: string;
}

export interface SharedRedisConfig {
  /** redis:// or rediss:// URL; may carry a password (never logged, journaled or stored in Redis). */
  url: string;
  keyPrefix: string;
  gatewayName: string;
  commandTimeoutMs: number;
  tls: { enabled: boolean; caFile?: string; servername?: string; rejectUnauthorized: boolean };
}

/** One per-model budget (quota watch). At least one of requests and tokens is set. */
export interface QuotaBudget {
  /** provider/model, or provider/* for every model of the provider. */
  model: string;
  requests?: number;
  tokens?: number;
  window: "day" | "week" | "month" | "rolling";
  rollingHours: number;
  resetHourUtc: number;
}
