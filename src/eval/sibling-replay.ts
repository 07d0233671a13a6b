import { fileFilter } from '../files/collect-paths.js';
import { decodeSource } from '../files/decode.js';
import { commitChanges, readBlobs } from '../git/staged-files.js';
import { commitsChanging } from '../git/grep-files.js';
import { commitsSince, commitsWithoutHooks, firstParentHistory } from '../git/first-parent.js';
import { extractEdits } from '../learn/extract-edits.js';
import type { LanguageId } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { AttractorError } from '../shared/errors.js';
import { findSiblings, spanText } from '../siblings/find-siblings.js';
import { newLine, siblingPatterns, type ChangedText, type SiblingPattern } from '../siblings/sibling-patterns.js';
import { changedLinesOf, type SiblingLimits } from '../siblings/change-siblings.js';
import { sampleIndices } from './sample.js';

export interface SiblingReplayOptions extends SiblingLimits {
  split: number;
  /** Replay at most this many window commits (a seeded sample); all when undefined. */
  commits?: number;
  seed?: number;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  onStage?: (message: string) => void;
}

/** One sibling finding of the replay, and whether a later commit made the same edit at its site. */
export interface ReplayedSibling {
  commit: string;
  path: string;
  line: number;
  /** The first line of the code the finding points at. */
  text: string;
  message: string;
  /** The later commit that made the same edit at this site, if any. */
  confirmedBy?: string;
}

export interface SiblingReplayReport {
  cut: string;
  /** Window commits replayed (of the non-merge commits after the cut, not made by git). */
  commits: number;
  of: number;
  /** Window commits left out: reverts and cherry-picks, which git makes without the pre-commit hook. */
  madeByGit: number;
  /** Findings left out because an earlier replayed commit showed the same site for the same edit. */
  repeated: number;
  /** Commits that made at least one sibling finding. */
  commitsWithFindings: number;
  findings: ReplayedSibling[];
  confirmed: number;
  unconfirmed: number;
  /** Per 100 replayed commits. */
  confirmedPer100: number;
  unconfirmedPer100: number;
  seconds: number;
}

const firstLine = (text: string): string => (text.split('\n')[0] ?? '').trim();

/**
 * The later commits that made the pattern's edit at the site: among the commits that change how
 * often the site's first line occurs in its file (git's pickaxe), those with an edit of the
 * pattern's signature on that code whose old lines cover the site (its line followed through the
 * diff from the replayed commit's version to the later commit's parent), once per edit.
 */
function confirmations(root: string, commit: string, head: string, path: string, site: { line: number; probe: string; text: string }, pattern: SiblingPattern, maxFileSize: number): string[] {
  const signature = pattern.edits[0]?.signature;
  if (!site.probe || !signature) return [];
  const out: string[] = [];
  for (const later of commitsChanging(root, `${commit}..${head}`, site.probe, path)) {
    const texts = readBlobs(root, [`${later.parent}:${path}`, `${later.commit}:${path}`], maxFileSize);
    const before = texts.get(`${later.parent}:${path}`);
    const after = texts.get(`${later.commit}:${path}`);
    if (before?.kind !== 'ok' || after?.kind !== 'ok') continue;
    const beforeText = before.bytes.toString('utf8');
    const line = newLine(site.text, beforeText, site.line);
    const edits = extractEdits({
      commit: { sha: later.commit, parents: [later.parent], authorEmail: '', time: 0, message: '' },
      path,
      language: pattern.language,
      before: beforeText,
      after: after.bytes.toString('utf8'),
      evidence: { touchesTests: false, redToGreen: [] },
    });
    for (const e of edits) {
      const last = e.line + e.beforeText.split('\n').length - 1;
      if (e.signature === signature && firstLine(e.beforeText) === site.probe && e.line <= line && line <= last) out.push(later.commit);
    }
  }
  return out;
}

/**
 * `eval --siblings`: replays the window's commits (non-merge, after the cut) as if each were
 * being staged: the sibling search of `check --staged` on its parent-to-commit change, the other
 * sites read from the commit's own tree. A sibling finding is confirmed when a later commit (up to
 * HEAD) makes the same edit at that site.
 */
export function replaySiblings(root: string, options: SiblingReplayOptions): SiblingReplayReport {
  const started = Date.now();
  const stage = options.onStage ?? (() => undefined);
  const history = firstParentHistory(root);
  if (history.length < 10) throw new AttractorError('bad-args', `only ${history.length} commits on the first-parent history; eval needs at least 10`);
  const index = Math.floor(history.length * options.split) - 1;
  // Every non-merge commit after the cut, as a developer commits it (a merge's first-parent diff
  // bundles a whole branch, which no hook ever sees at once).
  // Reverts and cherry-picks (backports) are made by git, which runs no pre-commit hook.
  const byGit = commitsWithoutHooks(root, history[index] as string);
  const window = commitsSince(root, history[index] as string).filter((c) => !byGit.has(c.commit));
  const head = history[history.length - 1] as string;
  const picked = options.commits === undefined ? window.map((_, i) => i) : sampleIndices(window.length, options.commits, options.seed ?? 1);
  const languages = extensionMap();
  const inScope = fileFilter(options.include, options.exclude);
  const languageOf = (path: string): LanguageId | undefined => (inScope(path) ? languageOfPath(path, languages) : undefined);
  const findings: ReplayedSibling[] = [];
  let commitsWithFindings = 0;
  // A site flagged again for the same edit (a follow-up commit, a backport made by hand) is one finding.
  const shown = new Set<string>();
  let repeated = 0;
  picked.forEach((i, n) => {
    const { commit, parent } = window[i] as { commit: string; parent: string };
    if (n % 50 === 0) stage(`siblings: commit ${n + 1} of ${picked.length}`);
    const modified = commitChanges(root, parent, commit).filter((e) => e.base && languageOf(e.path));
    if (modified.length === 0 || modified.length > options.maxChangedFiles) return;
    const blobs = readBlobs(root, modified.flatMap((e) => [e.base as string, e.blob]), options.maxFileSize);
    const changes: ChangedText[] = [];
    for (const e of modified) {
      const before = blobs.get(e.base as string);
      const after = blobs.get(e.blob);
      if (before?.kind !== 'ok' || after?.kind !== 'ok') continue;
      const b = decodeSource(before.bytes, options.maxFileSize);
      const a = decodeSource(after.bytes, options.maxFileSize);
      if ('text' in b && 'text' in a) changes.push({ path: e.path, language: languageOf(e.path) as LanguageId, before: b.text, after: a.text });
    }
    const { patterns } = siblingPatterns(changes, options);
    if (patterns.length === 0) return;
    const found = findSiblings(patterns, { ...options, root, version: { rev: commit }, languageOf, severity: 'info', subject: 'This commit' }, changedLinesOf(changes));
    if (found.findings.length) commitsWithFindings++;
    const texts = readBlobs(root, [...new Set(found.findings.map((f) => `${commit}:${f.path}`))], options.maxFileSize);
    for (const { pattern, findings: own } of found.groups) {
      for (const f of own) {
        const blob = texts.get(`${commit}:${f.path}`);
        const text = blob?.kind === 'ok' ? blob.bytes.toString('utf8') : '';
        const probe = firstLine(spanText(text, f));
        const key = `${f.path}\u0000${probe.trim()}\u0000${pattern.what}`;
        if (shown.has(key)) {
          repeated++;
          continue;
        }
        shown.add(key);
        const [confirmedBy] = confirmations(root, commit, head, f.path, { line: f.line, probe, text }, pattern, options.maxFileSize);
        findings.push({ commit, path: f.path, line: f.line, text: probe, message: f.message, ...(confirmedBy ? { confirmedBy } : {}) });
      }
    }
  });
  const confirmed = findings.filter((f) => f.confirmedBy).length;
  const per100 = (n: number): number => (picked.length ? (100 * n) / picked.length : 0);
  return {
    cut: history[index] as string,
    commits: picked.length,
    of: window.length,
    madeByGit: byGit.size,
    repeated,
    commitsWithFindings,
    findings,
    confirmed,
    unconfirmed: findings.length - confirmed,
    confirmedPer100: per100(confirmed),
    unconfirmedPer100: per100(findings.length - confirmed),
    seconds: (Date.now() - started) / 1000,
  };
}
