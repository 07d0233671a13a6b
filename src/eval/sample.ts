/** A deterministic generator of numbers in [0, 1) (mulberry32), so a sample is the same for a seed. */
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

/** `k` of the indices `0..n-1` chosen at random for `seed`, in order; all of them when `n <= k`. */
export function sampleIndices(n: number, k: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (k <= 0 || n <= k) return all;
  const next = seededRandom(seed);
  // A partial Fisher-Yates shuffle picks k distinct indices.
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (n - i));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, k).sort((a, b) => a - b);
}
