// Turns the user-facing config (seconds, minutes) into the machines' option objects (ms).
import type { SelfHealConfig } from "../config/types.js";

const S = 1000;
const M = 60_000;

export function modelOptionsFrom(c: SelfHealConfig) {
  const m = c.model;
  return {
    failureThreshold: m.failureThreshold,
    baseCooldownMs: m.baseCooldownSeconds * S,
    maxCooldownMs: m.maxCooldownSeconds * S,
    jitterRatio: m.jitterRatio,
    successesToRecover: m.successesToRecover,
    probeSpacingMs: m.probeSpacingSeconds * S,
    probeTimeoutMs: m.probeTimeoutSeconds * S,
    recoveredHoldMs: m.recoveredHoldSeconds * S,
    decayAfterMs: m.decayAfterMinutes * M,
    quotaDisableMs: m.quotaDisableMinutes * M,
    authRecheckMs: m.authRecheckMinutes * M,
    maxProbeGapMs: m.maxProbeGapSeconds * S,
  };
}

export function channelOptionsFrom(c: SelfHealConfig) {
  const ch = c.channels;
  return {
    disconnectThreshold: ch.disconnectThreshold,
    startupGraceMs: ch.startupGraceSeconds * S,
    restartBudgetMax: ch.restartBudgetMax,
    restartBudgetWindowMs: ch.restartBudgetWindowMinutes * M,
  };
}

export function cronOptionsFrom(c: SelfHealConfig) {
  return { failureThreshold: c.cron.failureThreshold };
}

export function gatewayOptionsFrom(c: SelfHealConfig) {
  return {
    restartBudgetMax: c.gateway.restartBudgetMax,
    restartBudgetWindowMs: c.gateway.restartBudgetWindowMinutes * M,
  };
}
