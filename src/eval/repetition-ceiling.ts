import type { EditPattern } from '../model.js';
import { isNameableFix } from '../learn/generalise.js';

/**
 * How many held-out fixes repeat an edit that fixes before the cut had already made: the most a
 * learner of recurring fixes could flag on that hold-out. A held-out fix counts when one of its
 * edits has the exact signature (learn/signature.ts) of an edit in `once` or more earlier fix
 * commits, and the generaliser would consider it (`isNameableFix`: it adds or removes a name;
 * signatures that only change locals, literals or punctuation never become rules).
 */
export interface RepetitionCeiling {
  /** Held-out fixes with an edit seen in at least one earlier fix commit (a learner with support 1). */
  once: number;
  /** The same with the learner's minimum support. */
  atSupport: number;
  minSupport: number;
  /** The held-out fixes counted in `atSupport`, with the signature and how many earlier commits made it. */
  examples: { commit: string; subject: string; signature: string; earlier: number }[];
}

/**
 * `earlier`: the edits of the fix commits up to the cut; `heldOut`: the edits of each held-out fix
 * (one list per fix, possibly empty). Counts are per distinct commit.
 */
export function repetitionCeiling(earlier: EditPattern[], heldOut: EditPattern[][], minSupport: number): RepetitionCeiling {
  const commitsOf = new Map<string, Set<string>>();
  for (const edit of earlier) {
    if (!isNameableFix(edit.signature)) continue;
    let commits = commitsOf.get(edit.signature);
    if (!commits) commitsOf.set(edit.signature, (commits = new Set()));
    commits.add(edit.commit);
  }
  const ceiling: RepetitionCeiling = { once: 0, atSupport: 0, minSupport, examples: [] };
  for (const edits of heldOut) {
    let best: { edit: EditPattern; earlier: number } | undefined;
    for (const edit of edits) {
      const n = commitsOf.get(edit.signature)?.size ?? 0;
      if (n > 0 && (!best || n > best.earlier)) best = { edit, earlier: n };
    }
    if (!best) continue;
    ceiling.once++;
    if (best.earlier < minSupport) continue;
    ceiling.atSupport++;
    ceiling.examples.push({ commit: best.edit.commit.slice(0, 12), subject: best.edit.subject, signature: best.edit.signature, earlier: best.earlier });
  }
  return ceiling;
}
