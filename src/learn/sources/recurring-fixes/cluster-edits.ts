import type { EditPattern, LanguageId } from '../../../model.js';
import { editCallee, generalise, uniqueRuleIds, type Candidate } from '../../generalise.js';
import { coarseSignature } from '../../signature.js';

function groupBy(edits: EditPattern[], key: (edit: EditPattern) => string): Map<string, EditPattern[]> {
  const groups = new Map<string, EditPattern[]>();
  for (const edit of edits) {
    const k = `${edit.language}\u0000${key(edit)}`;
    const list = groups.get(k) ?? [];
    list.push(edit);
    groups.set(k, list);
  }
  return groups;
}

export const newestFirst = (a: EditPattern, b: EditPattern): number => b.time - a.time || (a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line);

/**
 * Clusters edits in two rounds: by exact signature, then what is left by the coarse signature
 * (root kinds and the API names and keywords changed). A cluster needs fixes from `minSupport`
 * distinct commits and a pattern specific enough to generalise.
 */
export function clusterEdits(edits: EditPattern[], minSupport: number, coroutines?: Map<LanguageId, Set<string>>): Candidate[] {
  const candidates: Candidate[] = [];
  const used = new Set<EditPattern>();
  const round = (groups: Map<string, EditPattern[]>, signatureOf: (key: string) => string | undefined): void => {
    for (const key of [...groups.keys()].sort()) {
      const members = (groups.get(key) as EditPattern[]).filter((m) => !used.has(m)).sort(newestFirst);
      if (new Set(members.map((m) => m.commit)).size < minSupport) continue;
      const routines = coroutines?.get((members[0] as EditPattern).language);
      const candidate = generalise(members, signatureOf(key), routines);
      if (candidate) {
        candidates.push(candidate);
        for (const m of members) used.add(m);
        continue;
      }
      // Members that call different APIs do not make one rule; each API fixed often enough makes
      // its own (pytest: `stacklevel` added to `warnings.warn` twice and to a helper once).
      const byCallee = new Map<string, EditPattern[]>();
      for (const m of members) {
        const callee = editCallee(m);
        if (!callee) continue;
        const group = byCallee.get(callee);
        if (group) group.push(m);
        else byCallee.set(callee, [m]);
      }
      if (byCallee.size < 2) continue;
      for (const callee of [...byCallee.keys()].sort()) {
        const group = byCallee.get(callee) as EditPattern[];
        if (new Set(group.map((m) => m.commit)).size < minSupport) continue;
        const split = generalise(group, signatureOf(key), routines, callee);
        if (!split) continue;
        candidates.push(split);
        for (const m of group) used.add(m);
      }
    }
  };
  round(groupBy(edits, (e) => e.signature), () => undefined);
  round(groupBy(edits.filter((e) => !used.has(e)), (e) => coarseSignature(e.signature)), (key) => key.split('\u0000')[1]);
  // Ids hash what tells candidates apart; this makes them unique even if 4 hex digits clash.
  return uniqueRuleIds(candidates);
}
