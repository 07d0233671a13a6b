import { seededRandom } from '../sample.js';

/** A mean with its bootstrap 95% interval; all null when there is nothing to average. */
export interface Interval {
  value: number | null;
  low: number | null;
  high: number | null;
  /** The number of paired cases behind it. */
  n: number;
}

/** Rounds away the binary noise of sums of fractions (1/3 + 1/3 + 1/3), so reports compare exactly. */
export const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The mean of `values` (paired differences, one per case) and its percentile bootstrap 95%
 * interval: `rounds` resamples of the cases with replacement, drawn from `seed`, so the same
 * report comes out of the same run. The interval's ends are the 2.5th and 97.5th percentiles of
 * the resampled means (the `floor(0.025 B)`-th and `ceil(0.975 B)`-th smallest, 1-based).
 */
export function bootstrapMean(values: number[], seed: number, rounds = 2000): Interval {
  const n = values.length;
  if (n === 0) return { value: null, low: null, high: null, n };
  const next = seededRandom(seed);
  const means = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(next() * n)] as number;
    means[r] = sum / n;
  }
  means.sort();
  const low = means[Math.max(0, Math.floor(0.025 * rounds) - 1)] as number;
  const high = means[Math.min(rounds - 1, Math.ceil(0.975 * rounds) - 1)] as number;
  return { value: tidy(mean(values)), low: tidy(low), high: tidy(high), n };
}
