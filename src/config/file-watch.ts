// One file watched with chokidar: changes (and the file appearing) are debounced into one `onSettled` call.
import { watch, type FSWatcher } from "chokidar";

export interface FileWatchOptions {
  readonly path: string;
  readonly debounceMs: number;
  /** Runs once the file has been quiet for `debounceMs` after a change. */
  readonly onSettled: () => void;
  readonly onError?: (error: Error) => void;
}

export class FileWatch {
  private watcher: FSWatcher | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: FileWatchOptions) {}

  start(): void {
    if (this.watcher) return;
    this.watcher = watch(this.opts.path, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 50 } });
    const kick = () => this.schedule();
    this.watcher.on("change", kick).on("add", kick).on("error", (e) => this.opts.onError?.(e as Error));
  }

  /** Resolves once the watcher is ready to see changes. */
  async ready(): Promise<void> {
    const w = this.watcher;
    if (w) await new Promise<void>((resolve) => w.once("ready", () => resolve()));
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const w = this.watcher;
    this.watcher = undefined;
    await w?.close();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.opts.onSettled();
    }, this.opts.debounceMs);
    this.timer.unref?.();
  }
}
