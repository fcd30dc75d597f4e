// strategies.json as a lowdb document: loaded and validated at start, hot-reloaded with chokidar,
// edited through the tool. An invalid document (file edit) is rejected and the previous set kept.
import { FileWatch } from "../config/file-watch.js";
import { copyFileSync, constants as fsConstants } from "node:fs";
import { Low } from "lowdb";
import { PrivateJsonFile } from "./private-json-file.js";
import { defaultDocument } from "./defaults.js";
import { applyEdit, type StrategyEdit } from "./edits.js";
import type { Strategy, StrategyDocument } from "./types.js";
import { validateDocument, type Validated } from "./validate.js";

export interface StrategyStoreOptions {
  readonly file: string;
  /** Journals `strategies.loaded`, `strategies.applied`, `strategies.rejected`. */
  readonly record?: (type: string, fields: Record<string, unknown>) => void;
  readonly debounceMs?: number;
}

export class StrategyStore {
  private doc: StrategyDocument = defaultDocument();
  private readonly db: Low<unknown>;
  private readonly watch: FileWatch;
  private readonly listeners = new Set<(list: readonly Strategy[]) => void>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: StrategyStoreOptions) {
    this.db = new Low<unknown>(new PrivateJsonFile<unknown>(opts.file), null);
    this.watch = new FileWatch({
      path: opts.file,
      debounceMs: opts.debounceMs ?? 200,
      onSettled: () => {
        const p = this.chain.then(() => this.reload());
        this.chain = p.catch(() => undefined);
      },
    });
  }

  /** Reads the file; writes the defaults when there is none; keeps the defaults when it is invalid. */
  async load(): Promise<void> {
    const read = await this.readFile();
    if (read === "missing") {
      await this.write(defaultDocument());
      this.record("strategies.loaded", { source: "defaults", names: this.names() });
      return;
    }
    if (!read.ok) {
      this.record("strategies.rejected", { errors: read.errors.slice(0, 20), kept: this.names() });
      return;
    }
    this.doc = read.value;
    this.record("strategies.loaded", { source: "file", names: this.names() });
    if (Array.isArray(this.db.data)) await this.upgradeBareArray(read.value);
  }

  /** A resilience-style bare array is rewritten as {version, strategies}, after a byte-exact backup beside it. */
  private async upgradeBareArray(doc: StrategyDocument): Promise<void> {
    const backup = `${this.opts.file}.array-${new Date().toISOString().replace(/[:.]/g, "-")}.bak`;
    try {
      copyFileSync(this.opts.file, backup, fsConstants.COPYFILE_EXCL);
      await this.write(doc);
      this.record("strategies.upgraded", { from: "bare array", backup, names: this.names() });
    } catch (error) {
      this.record("strategies.rejected", { errors: [`strategies.json left as it is (not rewritten): ${(error as Error).message}`], kept: this.names() });
    }
  }

  list(): readonly Strategy[] {
    return this.doc.strategies;
  }

  document(): StrategyDocument {
    return this.doc;
  }

  onChange(listener: (list: readonly Strategy[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validates and persists a tool edit (serialised with other edits). */
  edit(edit: StrategyEdit): Promise<Validated<StrategyDocument>> {
    const run = async (): Promise<Validated<StrategyDocument>> => {
      const next = applyEdit(this.doc, edit);
      if (!next.ok) return next;
      await this.write(next.value);
      this.record("strategies.applied", { source: "tool", action: edit.action, ...(edit.action !== "reset" ? { name: edit.name } : {}), names: this.names() });
      this.emit();
      return next;
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  startWatching(): void {
    this.watch.start();
  }

  /** Resolves once the watcher sees changes. */
  ready(): Promise<void> {
    return this.watch.ready();
  }

  /** Re-reads the file now (what the watcher does after a change). */
  async reload(): Promise<void> {
    const read = await this.readFile();
    if (read === "missing") return;
    if (!read.ok) {
      this.record("strategies.rejected", { errors: read.errors.slice(0, 20), kept: this.names() });
      return;
    }
    const bare = Array.isArray(this.db.data);
    if (JSON.stringify(read.value) === JSON.stringify(this.doc)) {
      if (bare) await this.upgradeBareArray(read.value);
      return;
    }
    this.doc = read.value;
    this.record("strategies.applied", { source: "file", names: this.names() });
    if (bare) await this.upgradeBareArray(read.value);
    this.emit();
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }

  private async readFile(): Promise<"missing" | Validated<StrategyDocument>> {
    try {
      await this.db.read();
    } catch (error) {
      return { ok: false, errors: [`strategies.json: ${(error as Error).message}`] };
    }
    if (this.db.data === null || this.db.data === undefined) return "missing";
    return validateDocument(this.db.data);
  }

  private async write(doc: StrategyDocument): Promise<void> {
    this.db.data = doc;
    await this.db.write();
    this.doc = doc;
  }

  private names(): string[] {
    return this.doc.strategies.map((s) => s.name);
  }

  private record(type: string, fields: Record<string, unknown>): void {
    try {
      this.opts.record?.(type, fields);
    } catch {
      // journaling never breaks the store
    }
  }

  private emit(): void {
    for (const l of this.listeners) {
      try {
        l(this.doc.strategies);
      } catch {
        // a listener never breaks the store
      }
    }
  }
}
