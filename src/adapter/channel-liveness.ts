// Connected but deaf: a channel whose account says "ready" while its transport has gone quiet.
//
// OpenClaw's Telegram polling account bumps `lastTransportActivityAt` at every completed long poll (an empty
// one too, about every 30 s), so a ready account whose transport time stops moving has a poll that hangs:
// it would never receive a message. A quiet chat is told apart by exactly that: quiet chats still complete
// their polls. Channels that report no transport time (IRC) are never called deaf here.
import type { ChannelReading } from "./channel-status.js";

/** The reading, turned "not connected" when its transport has been silent for longer than `silentAfterMs`. */
export function withLiveness(reading: ChannelReading, now: number, silentAfterMs: number): ChannelReading {
  if (!reading.connected || silentAfterMs <= 0 || reading.lastTransportActivityAt === undefined) return reading;
  const silentMs = now - reading.lastTransportActivityAt;
  if (silentMs <= silentAfterMs) return reading;
  return {
    ...reading,
    connected: false,
    detail: `connected but deaf: ready, yet no transport activity (not even an empty poll) for ${Math.round(silentMs / 1000)} s`,
  };
}
