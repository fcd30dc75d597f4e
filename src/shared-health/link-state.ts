// Whether this gateway is sharing right now, with one log line per change of state (never one per failed command).

export type LinkState = "connecting" | "sharing" | "local";

export class LinkTracker {
  private current: LinkState = "connecting";
  private unreadable = false;

  constructor(
    private readonly label: string,
    private readonly gateway: string,
    private readonly log: (level: "info" | "warn", message: string) => void,
  ) {}

  get state(): LinkState {
    return this.current;
  }

  /** True when this changed the state. */
  up(): boolean {
    if (this.current === "sharing") return false;
    const back = this.current === "local";
    this.current = "sharing";
    this.log("info", `self-heal shared health: ${back ? "sharing resumed" : "sharing"} with other gateways through ${this.label} (this gateway: ${this.gateway})`);
    return true;
  }

  down(why: string): void {
    if (this.current === "local") return;
    this.current = "local";
    this.log("warn", `self-heal shared health: ${this.label} unavailable (${why}); this gateway goes on with its own health and shares again when it is back`);
  }

  /** Entries or messages that are not this version's (another version, another program, garbage). */
  sawUnreadable(count: number): void {
    const now = count > 0;
    if (now === this.unreadable) return;
    this.unreadable = now;
    if (now) this.log("warn", `self-heal shared health: ignoring ${count} unreadable value(s) under this plugin's keys in ${this.label} (another version or another program wrote them)`);
    else this.log("info", `self-heal shared health: every shared value in ${this.label} is readable again`);
  }
}
