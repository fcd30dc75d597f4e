// The long-running watchdog: a tick every interval (the RPC round trip every `rpcEveryMs`), until stopped.
import type { Watchdog } from "./watchdog.js";

export interface LoopOptions {
  readonly intervalMs: number;
  /** The RPC check runs at most this often (it starts OpenClaw's CLI). */
  readonly rpcEveryMs: number;
  readonly now: () => number;
  readonly signal: AbortSignal;
  readonly onError: (err: Error) => void;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

export async function runLoop(watchdog: Watchdog, opts: LoopOptions): Promise<void> {
  let lastRpc = Number.NEGATIVE_INFINITY;
  let rpcFailed = false;
  while (!opts.signal.aborted) {
    const started = opts.now();
    // A failed RPC is checked again at the next tick (to be confirmed or cleared), not after rpcEveryMs.
    const rpc = rpcFailed || started - lastRpc >= opts.rpcEveryMs;
    try {
      const result = await watchdog.tick(rpc);
      const check = result.checks.find((c) => c.name === "rpc");
      if (check) lastRpc = started;
      rpcFailed = check !== undefined && !check.ok;
    } catch (err) {
      opts.onError(err as Error);
    }
    await wait(Math.max(0, opts.intervalMs - (opts.now() - started)), opts.signal);
  }
  await watchdog.settled();
}
