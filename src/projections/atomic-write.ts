// Writes a file atomically (tmp + rename), mode 0600.
import { mkdirSync, renameSync, writeFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";

export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
