import type { PatchArm } from '../../llm/patch-types.js';
import { bootstrapMean, tidy, type Interval } from './bootstrap.js';
import type { TestOutcome } from './test-bench.js';

/** How one arm's answer to one case scored. */
export interface AnswerScore {
  /** Passed fix/'s checks: parses, finding gone (when a rule reports it), nothing new, nothing deleted away from it. */
  verified: boolean;
  /** Token-equal to the developer's own change of the region. */
  exact: boolean;
  /** Share of the names the developer's fix added that the answer adds; null when the fix added none. */
  apiHitRate: number | null;
  /** Findings of the curated security rules the answer has beyond the original's. */
  securityIntroduced: number;
  latencyMs: number;
  /** Requests after the first (the baseline never retries). */
  retries: number;
  tokens: number;
  /** The server, not the model's answer, failed: unreachable, timed out, unknown model. */
  serverFailure: boolean;
  /** With `--verify`: the tests the fix turned green, on the tree with this answer; null when not testable. */
  tests: TestOutcome;
  /** Why the answer was not verified. */
  reason?: string;
}

export interface ArmSummary {
  cases: number;
  verified: number;
  verifiedRate: number;
  exact: number;
  exactRate: number;
  /** Mean over the cases whose fix added names (`apiCases`). */
  apiHitRate: number | null;
  apiCases: number;
  securityIntroduced: number;
  /** Answers with at least one security finding introduced. */
  insecureAnswers: number;
  latencyMs: { median: number; mean: number };
  retriesMean: number;
  tokens: number;
  serverFailures: number;
  /** With `--verify`: cases whose fix turned tests green, and how many of them pass with this arm's answer. */
  tests: { testable: number; passed: number; rate: number | null };
}

/** Enhanced minus baseline, per column, over the paired cases, with bootstrap 95% intervals. */
export interface Lift {
  verified: Interval;
  exact: Interval;
  apiHitRate: Interval;
  securityIntroduced: Interval;
  tests: Interval;
  latencyMs: Interval;
  retries: Interval;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function summariseArm(scores: AnswerScore[]): ArmSummary {
  const api = scores.map((s) => s.apiHitRate).filter((r): r is number => r !== null);
  const testable = scores.filter((s) => s.tests !== null);
  const passed = testable.filter((s) => s.tests === 'pass').length;
  const verified = scores.filter((s) => s.verified).length;
  const exact = scores.filter((s) => s.exact).length;
  const latencies = scores.map((s) => s.latencyMs);
  return {
    cases: scores.length,
    verified,
    verifiedRate: tidy(scores.length ? verified / scores.length : 0),
    exact,
    exactRate: tidy(scores.length ? exact / scores.length : 0),
    apiHitRate: api.length ? tidy(mean(api)) : null,
    apiCases: api.length,
    securityIntroduced: scores.reduce((sum, s) => sum + s.securityIntroduced, 0),
    insecureAnswers: scores.filter((s) => s.securityIntroduced > 0).length,
    latencyMs: { median: Math.round(median(latencies)), mean: Math.round(mean(latencies)) },
    retriesMean: tidy(mean(scores.map((s) => s.retries))),
    tokens: scores.reduce((sum, s) => sum + s.tokens, 0),
    serverFailures: scores.filter((s) => s.serverFailure).length,
    tests: { testable: testable.length, passed, rate: testable.length ? tidy(passed / testable.length) : null },
  };
}

/**
 * The lift of the enhanced arm over the baseline: per column, the mean of the per-case differences
 * (cases where the column is defined in both arms), with a bootstrap interval drawn from `seed`.
 */
export function liftOf(pairs: Record<PatchArm, AnswerScore>[], seed: number): Lift {
  const diff = (value: (s: AnswerScore) => number | null | undefined): Interval => {
    const values: number[] = [];
    for (const p of pairs) {
      const a = value(p.enhanced);
      const b = value(p.baseline);
      if (a !== null && a !== undefined && b !== null && b !== undefined) values.push(a - b);
    }
    return bootstrapMean(values, seed);
  };
  const bit = (b: boolean): number => (b ? 1 : 0);
  return {
    verified: diff((s) => bit(s.verified)),
    exact: diff((s) => bit(s.exact)),
    apiHitRate: diff((s) => s.apiHitRate),
    securityIntroduced: diff((s) => s.securityIntroduced),
    tests: diff((s) => (s.tests === null ? null : bit(s.tests === 'pass'))),
    latencyMs: diff((s) => s.latencyMs),
    retries: diff((s) => s.retries),
  };
}
