// <stateDir>/tasks/<id>.json: one file per task, written atomically (tmp + rename). Holds references only.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isCategory } from "../domain/taxonomy.js";
import type { Task } from "./types.js";

const ID = /^[A-Za-z0-9_-]{1,80}$/;

function isTask(v: unknown): v is Task {
  const t = v as Partial<Task> | null;
  return (
    typeof t === "object" && t !== null && typeof t.id === "string" && ID.test(t.id) && typeof t.agentId === "string" &&
    typeof t.sessionKey === "string" && typeof t.sourceRunId === "string" && isCategory(t.category) &&
    typeof t.createdAt === "number" && typeof t.deadline === "number" && typeof t.attempts === "number" &&
    typeof t.maxAttempts === "number" && typeof t.nextAt === "number" && typeof t.state === "string"
  );
}

export class TaskStore {
  constructor(readonly dir: string) {}

  /** Every readable task file (unreadable ones are skipped and counted). */
  loadAll(): { tasks: Task[]; unreadable: number } {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith(".json"));
    } catch {
      return { tasks: [], unreadable: 0 };
    }
    const tasks: Task[] = [];
    let unreadable = 0;
    for (const name of names) {
      try {
        const v: unknown = JSON.parse(readFileSync(join(this.dir, name), "utf8"));
        if (isTask(v)) tasks.push({ ...v, waitedMs: v.waitedMs ?? 0, prevDelayMs: v.prevDelayMs ?? 0, updatedAt: v.updatedAt ?? v.createdAt });
        else unreadable++;
      } catch {
        unreadable++;
      }
    }
    return { tasks: tasks.sort((a, b) => a.createdAt - b.createdAt), unreadable };
  }

  save(task: Task): void {
    if (!ID.test(task.id)) throw new Error(`bad task id ${task.id}`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${task.id}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(task)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }

  remove(id: string): void {
    if (ID.test(id)) rmSync(join(this.dir, `${id}.json`), { force: true });
  }
}
