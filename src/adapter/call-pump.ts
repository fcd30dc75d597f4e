// Runs host calls from one long-lived timer. OpenClaw binds runtime calls to the async context that
// created their timer: timers born in a hook or in a replacement service start fail ("Async work scope
// is closed", GatewayDrainingError). One interval created at the first service start works every time.

export class CallPump {
  private queue: Array<() => void> = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(intervalMs = 100) {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref?.();
  }

  /** Runs `fn` on the pump's next tick, in the pump's async context. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          fn().then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  pending(): number {
    return this.queue.length;
  }

  private tick(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    for (const task of batch) task();
  }

  stop(): void {
    clearInterval(this.timer);
    const batch = this.queue;
    this.queue = [];
    for (const task of batch) task();
  }
}

/** Errors that mean "the host is busy or reloading", never "the model is sick". */
export function isHostTransient(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /GatewayDraining|no longer active|Async work scope is closed|inventory has retired|intentionally unavailable/i.test(text);
}

/** Errors that mean OpenClaw's policy refused the call (config needed), not a model failure. */
export function isPolicyRefusal(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: unknown }).code ?? ""}` : String(error);
  return /not trusted|cannot override|NOT_AUTHORIZED|AGENT_SELECTION_REQUIRED|allowModelOverride/i.test(text);
}
