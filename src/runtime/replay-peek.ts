// Replay from the journal without decoding what replay does not need: lines of types replay ignores become bare
// heads, and successful calls in the writer's exact shape become light records (model and time only). Lines the
// stats store still has to count (`wanted`) are always decoded in full.
import type { JournalRecord } from "../journal/envelope.js";
import type { LineHead, LinePeek } from "../journal/line-head.js";

/** The record types replay acts on (replay.ts); every other type changes nothing there. */
export const REPLAYED_TYPES: ReadonlySet<string> = new Set([
  "model.state", "channel.state", "cron.state", "gateway.state", "actor.stopped",
  "action.executed", "action.skipped", "action.failed", "health",
  "call", "probe.result", "channel.observed", "cron.run", "turn.held", "gateway.started", "actor.cleared", "peer.health", "operator.requested",
]);

/** A line replay ignores, not decoded: its envelope only. */
export class HeadOnly implements JournalRecord {
  readonly v = 1;
  readonly [field: string]: unknown;
  constructor(
    readonly seq: number,
    readonly ts: string,
    readonly type: string,
  ) {}
}

/** A successful, non-probe `call` in the writer's shape: what replay reads of it (model, time). */
export class SuccessfulCall implements JournalRecord {
  readonly v = 1;
  readonly type = "call";
  readonly ok = true;
  readonly [field: string]: unknown;
  constructor(
    readonly seq: number,
    readonly ts: string,
    readonly model: string,
  ) {}
}

const MODEL_KEY = ',"model":"';
const OK_TRUE = ',"ok":true,';

/**
 * The model of a successful non-probe call line, or undefined when the line is not exactly what recordFields
 * writes for one: the first key holding an object or array must come after `model`, `ok` must follow `model`
 * directly as `true`, neither key may appear twice, and there is no `probe` key at all. (Quotes inside JSON
 * strings are escaped, so these searches cannot match inside a value.)
 */
export function successfulCallModel(line: string, from: number): string | undefined {
  const key = line.indexOf(MODEL_KEY, from);
  if (key < 0) return undefined;
  // Searched backwards from the key: the line's own opening brace is the only one allowed before it.
  if (line.lastIndexOf("{", key) > 0 || line.lastIndexOf("[", key) >= 0) return undefined;
  const valueStart = key + MODEL_KEY.length;
  const valueEnd = line.indexOf('"', valueStart);
  if (valueEnd <= valueStart) return undefined;
  const model = line.slice(valueStart, valueEnd);
  if (model.indexOf("\\") >= 0 || !line.startsWith(OK_TRUE, valueEnd + 1)) return undefined;
  if (line.indexOf('"model":', valueEnd) >= 0 || line.indexOf('"ok":', valueEnd + 1 + OK_TRUE.length) >= 0 || line.indexOf('"probe":') >= 0) return undefined;
  return model;
}

/** `wanted`: whether a record must be decoded for another reader (the stats store's catch-up). */
export function replayPeek(wanted: (head: LineHead) => boolean = () => false): LinePeek {
  return (line, head) => {
    if (wanted(head)) return undefined;
    if (!REPLAYED_TYPES.has(head.type)) return new HeadOnly(head.seq, head.ts, head.type);
    if (head.type !== "call") return undefined;
    const model = successfulCallModel(line, head.end);
    return model === undefined ? undefined : new SuccessfulCall(head.seq, head.ts, model);
  };
}
