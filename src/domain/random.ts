// Randomness is injected. Machines keep a 32-bit PRNG state in their context so that jitter is pure,
// serialisable and replayable; the runtime seeds each actor from an injected Random.

export type Random = () => number;

/** One step of mulberry32: returns a float in [0, 1) and the next state. */
export function nextRandom(state: number): [number, number] {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return [value, next];
}

/** A deterministic Random for tests and rehearsals. */
export function seededRandom(seed: number): Random {
  let state = seed | 0;
  return () => {
    const [value, next] = nextRandom(state);
    state = next;
    return value;
  };
}

/** Derives a stable 32-bit seed from a string (FNV-1a), e.g. an actor id. */
export function seedFrom(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}
