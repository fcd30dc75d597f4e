// pino-roll ships no types: the part of its API the watchdog uses.
declare module "pino-roll" {
  interface PinoRollOptions {
    file: string | (() => string);
    size?: number | string;
    frequency?: number | string;
    extension?: string;
    mkdir?: boolean;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
  }
  interface RollStream {
    write(chunk: string): boolean;
    end(): void;
    flushSync(): void;
    once(event: "close" | "finish" | "error", listener: (...args: unknown[]) => void): unknown;
  }
  export default function build(options: PinoRollOptions): Promise<RollStream>;
}
