// lowdb's storage for strategies.json: like lowdb's JSONFile, but written the way every state file is (tmp + rename,
// mode 0600, its dir 0700). lowdb's own writer creates the file with the process umask (0644 by default).
import { readFile } from "node:fs/promises";
import type { Adapter } from "lowdb";
import { writeFileAtomic } from "../projections/atomic-write.js";

export class PrivateJsonFile<T> implements Adapter<T> {
  constructor(private readonly file: string) {}

  /** The parsed document, or null when the file does not exist (a syntax error is thrown, as JSONFile does). */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
    return Promise.resolve();
  }
}
