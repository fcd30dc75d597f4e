// Hot reload: watches openclaw.json with chokidar, debounced; valid changes are applied, invalid ones rejected.
import { FileWatch } from "./file-watch.js";
import { readOpenClawConfigFile, type LoadedOpenClawConfig } from "./openclaw-config.js";

export interface ConfigWatcherOptions {
  readonly path: string;
  readonly debounceMs?: number;
  readonly onChange: (loaded: LoadedOpenClawConfig) => void;
  readonly onError?: (error: Error) => void;
}

export class ConfigWatcher {
  private readonly watch: FileWatch;

  constructor(opts: ConfigWatcherOptions) {
    this.watch = new FileWatch({
      path: opts.path,
      debounceMs: opts.debounceMs ?? 300,
      onSettled: () => {
        try {
          opts.onChange(readOpenClawConfigFile(opts.path));
        } catch (error) {
          opts.onError?.(error as Error);
        }
      },
      ...(opts.onError ? { onError: opts.onError } : {}),
    });
  }

  start(): void {
    this.watch.start();
  }

  /** Resolves once the watcher is ready to see changes. */
  ready(): Promise<void> {
    return this.watch.ready();
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }
}
