import { basename, dirname } from 'node:path';
import type { EditPattern, Site } from '../../../model.js';
import { hashOf } from '../../../shared/hash.js';
import { describeFix, editCallee, generalise, isNameableFix, ruleIdParts, type Candidate } from '../../generalise.js';
import { leaves } from '../../pattern-tree.js';
import { blameLinesSync } from '../../../git/blame-lines.js';
import { isAncestor } from '../../../git/count-commits.js';
import { readBlobs, type BlobContent } from '../../../git/index.js';
import { plural } from '../../../shared/plural.js';
import { resonanceOf } from '../../score.js';
import { signatureTokens } from '../../signature.js';
import { typeOnly } from '../../type-only.js';
import { saturate, type Assessment, type LearningSource, type SourceInput, type TreeSite } from '../source.js';

const YEAR = 365 * 86_400;

/** The newest fix commits whose edits are looked at for siblings left behind. */
export const RECENT_FIX_COMMITS = 400;

const CALL_ROOTS = /^(call|call_expression|argument_list|arguments|new_expression|decorator)>/;

/**
 * Whether a fix edit is the kind a sibling can repeat: small (at most `MAX_CHANGED_TOKENS` tokens
 * added and removed) and about a name: it adds an API name (a call, attribute or keyword the
 * fixed code now uses), or it drops one from a call. Rewrites of a block and renames of locals
 * are refactorings more often than fixes left half done.
 */
export function isSiblingEdit(signature: string): boolean {
  const { removed: minus, added: plus } = signatureTokens(signature);
  if (minus.length + plus.length > MAX_CHANGED_TOKENS) return false;
  const apis = (list: string[]) => list.filter((t) => t.startsWith('api:'));
  const newNames = apis(plus).filter((t) => !minus.includes(t));
  if (newNames.length) return true;
  return apis(minus).length > 0 && CALL_ROOTS.test(signature);
}

/** At most this many tokens added and removed in a sibling edit (a single-statement fix). */
const MAX_CHANGED_TOKENS = 6;

/** One fix commit's edits with one signature; `filtered`: why the source's filters skip it. */
export interface FixGroup {
  edits: EditPattern[];
  filtered?: string;
}

/**
 * The edits of one fix commit, grouped by signature: each group is the same change made at one or
 * more sites. Newest commits first. Only the `RECENT_FIX_COMMITS` newest commits and sibling
 * edits (`isSiblingEdit`) are kept; with `all`, the others come too, marked with the filter that
 * skips them.
 */
export function fixGroups(edits: EditPattern[], all = false): FixGroup[] {
  const byCommit = new Map<string, EditPattern[]>();
  for (const edit of edits) {
    const list = byCommit.get(edit.commit) ?? [];
    list.push(edit);
    byCommit.set(edit.commit, list);
  }
  const commits = [...byCommit.values()].sort((a, b) => (b[0] as EditPattern).time - (a[0] as EditPattern).time || ((a[0] as EditPattern).commit < (b[0] as EditPattern).commit ? -1 : 1));
  const groups: FixGroup[] = [];
  commits.forEach((list, index) => {
    const old = index >= RECENT_FIX_COMMITS ? `older than the newest ${RECENT_FIX_COMMITS} fix commits` : undefined;
    if (old && !all) return;
    const bySignature = new Map<string, EditPattern[]>();
    for (const edit of list) {
      if (!isNameableFix(edit.signature)) continue;
      const key = `${edit.language}\u0000${edit.signature}`;
      bySignature.set(key, [...(bySignature.get(key) ?? []), edit]);
    }
    for (const key of [...bySignature.keys()].sort()) {
      const group = (bySignature.get(key) as EditPattern[]).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
      const filtered = old ?? (isSiblingEdit((group[0] as EditPattern).signature) ? undefined : `not a one-name edit (more than ${MAX_CHANGED_TOKENS} tokens, or no API name added or dropped)`);
      if (filtered && !all) continue;
      groups.push(filtered ? { edits: group, filtered } : { edits: group });
    }
  });
  return groups;
}

/** Whether the fix only added a keyword argument set to a boolean (`consider_entry_points=True`): an opt-in for that call. */
function optIn(signature: string): boolean {
  const { removed, added } = signatureTokens(signature);
  const flag = added.filter((t) => t !== '=' && t !== ':');
  return removed.length === 0 && flag.length === 2 && flag[0]?.startsWith('api:') === true && /^<(true|false)>$|^(True|False|true|false)$/.test(flag[1] ?? '');
}

/**
 * The first site left that was not in the fixed file's version before the fix (the fix commit
 * wrote it, or a later one did): a sibling the fix left behind was there when the fix was made.
 * Compared by the site's line text, in the same path at the fix's parent.
 */
function writtenSince(root: string, fix: EditPattern, sites: Site[], read: (path: string) => string | undefined): Site | undefined {
  if (!fix.parent) return undefined;
  const names = [...new Set(sites.map((s) => `${fix.parent}:${s.path}`))];
  let before: Map<string, BlobContent>;
  try {
    before = readBlobs(root, names, 8 * 1024 * 1024);
  } catch {
    return undefined; // git cannot tell: leave the candidate to the other checks
  }
  return sites.find((site) => {
    const line = (read(site.path) ?? '').split('\n')[site.line - 1]?.trim();
    const old = before.get(`${fix.parent}:${site.path}`);
    return line !== undefined && line !== '' && (old?.kind !== 'ok' || !old.bytes.toString('utf8').includes(line));
  });
}

/** Lines of one site's code that are blamed (a long match is judged by its first lines). */
const MAX_BLAMED_LINES = 30;

/**
 * The first site left with a line of its code, as it is now, written by the fix commit or a later
 * one (git blame, looking through whitespace): someone edited that very code in the fix or after
 * it, and kept the old pattern. A sibling the fix left behind has not been touched since.
 */
function keptSince(root: string, fix: EditPattern, sites: TreeSite[]): { site: Site; commit: string } | undefined {
  const descends = new Map<string, boolean>();
  const lines = (site: TreeSite): number[] => Array.from({ length: Math.min(site.endLine, site.line + MAX_BLAMED_LINES) - site.line + 1 }, (_, k) => site.line + k);
  for (const path of [...new Set(sites.map((s) => s.path))]) {
    const mine = sites.filter((s) => s.path === path);
    const blamed = blameLinesSync(root, undefined, path, mine.flatMap(lines));
    for (const site of mine) {
      for (const line of lines(site)) {
        const commit = blamed.get(line)?.commit;
        if (!commit || /^0+$/.test(commit)) continue;
        let later = descends.get(commit);
        if (later === undefined) {
          later = commit === fix.commit || isAncestor(root, fix.commit, commit);
          descends.set(commit, later);
        }
        if (later) return { site, commit };
      }
    }
  }
  return undefined;
}

/** A site left is comparable to the fixed ones when it is in one of their files, folders, or a file of the same name. */
function comparable(site: Site, members: EditPattern[]): boolean {
  return members.some((m) => m.path === site.path || dirname(m.path) === dirname(site.path) || basename(m.path) === basename(site.path));
}


/**
 * Unfinished fixes: one fix commit changed some sites, and the same code is left at a few others
 * (celery added `traceback_clear(exc)` to 4 of 5 except branches). Each fix commit's edit, at
 * support 1, is generalised into its before-pattern; the rule is promoted only when few sites
 * still match it (at most `maxSiblings`, and no more than the fix changed), all of them near the
 * fixed ones (same file, folder or file name). Its findings are those siblings, and new code
 * written the old way.
 */
export const unfinishedFixes: LearningSource = {
  name: 'unfinished-fix',
  candidates(input: SourceInput): Candidate[] {
    const out: Candidate[] = [];
    for (const group0 of fixGroups(input.edits, input.whatIf === true)) {
      const group = group0.edits;
      let filtered = group0.filtered;
      const first = group[0] as EditPattern;
      // One concrete name is enough here (`fetch(url)`): the sites left are counted and bounded.
      // One concrete name is enough when it is the called function (`fetch(url)`: the sites left
      // are counted and bounded); a lone attribute or subscript (`x = y.speed`) matches far more
      // than the fix's code.
      const candidate = generalise(group, undefined, input.coroutines?.get(first.language), undefined, 1);
      if (!candidate) continue;
      const names = leaves(candidate.before).filter((l) => l.hole === undefined && l.named && l.text !== undefined && /^[A-Za-z_$][\w$]*$/.test(l.text));
      if (names.length < 2 && !names.some((l) => l.text === editCallee(first))) {
        if (!input.whatIf) continue;
        filtered = 'one concrete name, and not a called function (too general a pattern)';
      }
      const hash = hashOf('unfinished', first.language, first.commit, first.signature);
      const { name } = ruleIdParts(first.language, first.signature);
      const id = `learned/unfinished-${name.slice(0, 44).replace(/-$/, '')}-${hash.slice(0, 4)}`;
      out.push({ ...candidate, id, idHash: hash, spec: { ...candidate.spec, id }, source: 'unfinished-fix', ...(filtered ? { filtered } : {}) });
    }
    return out;
  },
  assess(candidate, measured, input): Assessment {
    const members = candidate.members;
    const first = members[0] as EditPattern;
    const changed = members.length;
    const left = measured.sites;
    const limit = Math.min(input.settings.maxSiblings, changed);
    const sameFile = left.filter((s) => members.some((m) => m.path === s.path)).length;
    const tests = first.evidence.redToGreen.length ? 1 : first.evidence.touchesTests ? 0.5 : 0;
    const parts = {
      support: saturate(changed + 1),
      spread: left.length ? (sameFile + left.length) / (2 * left.length) : 0,
      tests,
      recency: 2 ** -(Math.max(0, measured.historyEnd - first.time) / YEAR),
      consistency: measured.consistency,
      prevalence: 1,
    };
    // The fix undone since (reverted, or its code rewritten): what matches now is not a sibling.
    const undone = members.every((m) => m.afterText.trim() !== '' && !(measured.read(m.path) ?? '').includes(m.afterText.trim()));
    let refused: string | undefined;
    if (candidate.filtered) refused = candidate.filtered;
    else if (members.every(typeOnly)) refused = 'the fix only changed type annotations';
    else if (optIn(first.signature)) refused = 'the fix turned an option on at one call (a keyword set to a boolean): a choice made for that call, not a bug at every call';
    else if (undone) refused = 'the fixed code is no longer in the tree (reverted or rewritten since)';
    else if (left.length === 0) refused = 'no site is left: the fix was finished';
    else if (left.length > limit) refused = `${plural(left.length, 'site')} left, more than ${limit} (the fix changed ${plural(changed, 'site')}; maxSiblings ${input.settings.maxSiblings})`;
    else if (!left.every((s) => comparable(s, members))) refused = 'a site left is far from the fixed ones (another folder and file name)';
    else {
      const written = writtenSince(input.root, first, left, measured.read);
      if (written) refused = `${written.path}:${written.line} was not there before the fix (the fix or a later commit wrote it): not a site the fix left behind`;
      const kept = written ? undefined : keptSince(input.root, first, left);
      if (kept) refused = `${kept.site.path}:${kept.site.line} was edited by ${kept.commit === first.commit ? 'the fix itself' : `${kept.commit.slice(0, 7)}, after the fix,`} and kept as it was: a choice, not a site left behind`;
      const tested = written || kept ? 0 : measured.inTests();
      if (tested > limit) refused = `the tests use this code ${plural(tested, 'time')}: it is how the API is used, not a site the fix left behind`;
    }
    const where = `${first.path}:${first.line}${changed > 1 ? ` and ${plural(changed - 1, 'other site')}` : ''}`;
    return {
      parts,
      resonance: resonanceOf(parts),
      refused,
      message: `Commit ${first.commit.slice(0, 7)} ("${first.subject.slice(0, 60)}") fixed this same code at ${where}: ${describeFix(first.signature)}. This site was left as it was.`,
      description: `Learned by attractor-lint from commit ${first.commit.slice(0, 12)}, which changed ${plural(changed, 'site')} and left ${plural(left.length, 'site')} of the same code.`,
    };
  },
};
