// Hot reload: watches openclaw.json with chokidar, debounced; valid changes are applied, invalid ones rejected.
import { watch, type FSWatcher } from "chokidar";
import { readOpenClawConfigFile, type LoadedOpenClawConfig } from "./openclaw-config.js";

export interface ConfigWatcherOptions {
  readonly path: string;
  readonly debounceMs?: number;
  readonly onChange: (loaded: LoadedOpenClawConfig) => void;
  readonly onError?: (error: Error) => void;
}

export class ConfigWatcher {
  private watcher: FSWatcher | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: ConfigWatcherOptions) {}

  start(): void {
    if (this.watcher) return;
    this.watcher = watch(this.opts.path, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 50 } });
    const kick = () => this.schedule();
    this.watcher.on("change", kick).on("add", kick).on("error", (e) => this.opts.onError?.(e as Error));
  }

  /** Resolves once the watcher is ready to see changes. */
  async ready(): Promise<void> {
    const w = this.watcher;
    if (!w) return;
    await new Promise<void>((resolve) => w.once("ready", () => resolve()));
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.opts.onChange(readOpenClawConfigFile(this.opts.path));
      } catch (error) {
        this.opts.onError?.(error as Error);
      }
    }, this.opts.debounceMs ?? 300);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const w = this.watcher;
    this.watcher = undefined;
    await w?.close();
  }
}
