import type { EditPattern, ResonanceParts } from '../model.js';

const DAY = 86_400;

/** 1 - 2^-(n-1): 0 for one, 0.5 for two, 0.75 for three, approaching 1. */
const saturate = (n: number): number => (n <= 1 ? 0 : 1 - 2 ** -(n - 1));

/** How the parts combine; documented in docs/learning.md and printed by `explain`. */
export const RESONANCE_WEIGHTS = { support: 0.4, spread: 0.2, tests: 0.2, recency: 0.2 } as const;

/**
 * Resonance of an attractor, 0..1:
 *
 *   resonance = consistency x prevalence x (0.4 support + 0.2 spread + 0.2 tests + 0.2 recency)
 *
 * - support: distinct fix commits, saturating (2 -> 0.5, 3 -> 0.75, 4 -> 0.875);
 * - spread: mean of distinct files and distinct authors (saturating) and the time between the
 *   first and last fix (a quarter of a year or more counts fully);
 * - tests: per fix commit, 1 when a test went red to green with it, 0.5 when it changed tests
 *   together with the source, else 0; averaged;
 * - recency: halves for every year between the newest fix and the end of the history;
 * - consistency: share of member edits where the rule fires on the code before the fix and not
 *   after it (a rule that cannot tell them apart is worthless);
 * - prevalence: 2s / (2s + u) for s fixes and u matches in the current tree that were never
 *   fixed: many unfixed matches mean developers live with the pattern, so it is not a bug
 *   pattern (the main defence against noise); one straggler barely counts.
 */
export function resonanceParts(members: EditPattern[], context: { historyEnd: number; consistency: number; unfixedMatches: number }): ResonanceParts {
  const commits = new Map<string, EditPattern>();
  for (const m of members) if (!commits.has(m.commit)) commits.set(m.commit, m);
  const fixes = [...commits.values()];
  const times = fixes.map((m) => m.time);
  const spanDays = (Math.max(...times) - Math.min(...times)) / DAY;
  const spread = (saturate(new Set(members.map((m) => m.path)).size) + saturate(new Set(fixes.map((m) => m.author)).size) + Math.min(1, spanDays / 90)) / 3;
  const tests = fixes.reduce((sum, m) => sum + (m.evidence.redToGreen.length ? 1 : m.evidence.touchesTests ? 0.5 : 0), 0) / fixes.length;
  const ageYears = Math.max(0, context.historyEnd - Math.max(...times)) / (365 * DAY);
  return {
    support: saturate(fixes.length),
    spread,
    tests,
    recency: 2 ** -ageYears,
    consistency: context.consistency,
    prevalence: (2 * fixes.length) / (2 * fixes.length + context.unfixedMatches),
  };
}

export function resonanceOf(parts: ResonanceParts): number {
  const w = RESONANCE_WEIGHTS;
  const base = w.support * parts.support + w.spread * parts.spread + w.tests * parts.tests + w.recency * parts.recency;
  return Math.round(parts.consistency * parts.prevalence * base * 1000) / 1000;
}

/** error from 0.75, warning from 0.5 (the default promotion threshold), info below. */
export function severityFor(resonance: number): 'error' | 'warning' | 'info' {
  return resonance >= 0.75 ? 'error' : resonance >= 0.5 ? 'warning' : 'info';
}
