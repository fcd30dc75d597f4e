// The alerts waiting for their channel, kept in `<stateDir>/alerts-waiting.json` (0600, atomic) so a gateway restart
// does not lose them. A missing or unreadable file is an empty list; entries that are not alert effects are skipped.
import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../projections/atomic-write.js";
import type { WaitingAlert, WaitingStore } from "./alert-redelivery.js";

function isWaiting(v: unknown): v is WaitingAlert {
  if (!v || typeof v !== "object") return false;
  const w = v as Record<string, unknown>;
  const e = w.effect as Record<string, unknown> | undefined;
  return typeof w.failedAt === "number" && typeof w.attempts === "number" && !!e && e.action === "alert" && typeof e.target === "string" && typeof e.reason === "string";
}

export function alertWaitingFile(file: string): WaitingStore {
  return {
    load() {
      if (!existsSync(file)) return [];
      const raw: unknown = JSON.parse(readFileSync(file, "utf8"));
      return Array.isArray(raw) ? raw.filter(isWaiting) : [];
    },
    save(list) {
      writeFileAtomic(file, `${JSON.stringify(list)}\n`);
    },
  };
}
