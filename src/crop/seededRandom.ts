// mulberry32: a tiny seeded random number generator, so fixtures, the what-if lab's noise,
// composed test photos and the classroom's shuffled galleries are the same on every backend and machine.
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

/** A copy of `xs` in a fixed pseudo-random order (Fisher-Yates with seededRandom(seed)). */
export function seededShuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = xs.slice();
  const rand = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
