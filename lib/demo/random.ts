/** mulberry32: a tiny seeded PRNG, so a demo run is reproducible and its ids idempotent. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

/** Picks by weight: `[[value, weight], …]`. */
export function weighted<T>(rnd: () => number, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((n, [, w]) => n + w, 0);
  let x = rnd() * total;
  for (const [value, w] of entries) {
    x -= w;
    if (x < 0) return value;
  }
  return (entries.at(-1) as readonly [T, number])[0];
}

export function hex(rnd: () => number, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += Math.floor(rnd() * 16).toString(16);
  return s;
}
