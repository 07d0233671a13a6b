import type { EditPattern } from '../../../model.js';
import { resonanceOf, resonanceParts } from '../../score.js';
import { commitCount, type LearningSource } from '../source.js';
import { clusterEdits } from './cluster-edits.js';

/** One edit per path and text: a commit that made the same edit at several sites of a file is one member. */
function oncePerText(edits: EditPattern[]): EditPattern[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${edit.path}\u0000${edit.beforeText}\u0000${edit.afterText}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Recurring fixes: edits that fix commits made again and again (at least `minSupport` distinct
 * commits), clustered by signature and generalised. Scored by `learn/score.ts`: support, spread,
 * tests, recency, consistency, and prevalence (many unfixed matches in the tree mean developers
 * live with the pattern).
 */
export const recurringFixes: LearningSource = {
  name: 'recurring-fix',
  candidates: (input) => clusterEdits(oncePerText(input.edits), input.minSupport, input.coroutines).map((c) => ({ ...c, source: 'recurring-fix' as const })),
  assess(candidate, measured, input) {
    const parts = resonanceParts(candidate.members, { historyEnd: measured.historyEnd, consistency: measured.consistency, unfixedMatches: measured.sites.length });
    const support = commitCount(measured.consistent);
    return {
      parts,
      resonance: resonanceOf(parts),
      refused: support < input.minSupport ? `the rule tells ${support} of its fix commits from their fixed code (needs ${input.minSupport})` : undefined,
      description: `Learned by attractor-lint from ${commitCount(candidate.members)} fix commits of this repository.`,
    };
  },
};
