import { AttractorError } from '../shared/errors.js';
import { resolveCommit } from './count-commits.js';
import { git, splitZ } from './exec-git.js';
import { isShallowRepository } from './repo.js';

/** A file the working tree changed since a commit. */
export interface ChangedFile {
  /** Path relative to the repository top level, with forward slashes. */
  path: string;
  /** The blob it replaces in that commit (of the old path for a rename); undefined for an added file. */
  base?: string;
}

const SUBMODULE = '160000';
const SYMLINK = '120000';

/**
 * The commit `check --diff REF` compares with: the merge base of REF and HEAD, so a branch is
 * judged by what it changed, not by what REF gained since the branch started (`git diff REF...`).
 * `HEAD` with no commit yet is the empty tree (every file is new). A REF that names no commit, a
 * HEAD with no commit yet for another REF, or two unrelated histories are one-line errors (a shallow clone, as CI checkouts often are, is told to fetch more history).
 */
export function diffBase(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new AttractorError('bad-args', `--diff: "${ref}" is not a revision`);
  // `--diff HEAD` before the first commit (lint-staged's task on a new repository): everything is new.
  if (ref === 'HEAD' && !resolveCommit(root, 'HEAD')) return emptyTree(root);
  const commit = resolveCommit(root, ref);
  if (!commit) throw new AttractorError('bad-args', `--diff: "${ref}" does not name a commit in this repository`);
  if (!resolveCommit(root, 'HEAD')) throw new AttractorError('bad-args', '--diff: HEAD has no commit yet');
  const base = git(['merge-base', commit, 'HEAD'], { cwd: root, allowFailure: true })?.toString('utf8').trim();
  if (!base) {
    const hint = isShallowRepository(root) ? ' (this is a shallow clone: fetch more history, e.g. fetch-depth: 0 in actions/checkout)' : '';
    throw new AttractorError('bad-args', `--diff: "${ref}" and HEAD have no common ancestor${hint}`);
  }
  return base;
}

/**
 * Files whose working-tree content differs from commit `base` (staged or not, renames followed),
 * plus untracked files .gitignore does not exclude; deleted files, submodules and symlinks are
 * left out.
 * @see https://git-scm.com/docs/git-diff#_raw_output_format
 */
export function changedSince(root: string, base: string): ChangedFile[] {
  const fields = splitZ(git(['diff', '--raw', '--no-abbrev', '-z', '-M', '--diff-filter=ACMRT', '--no-ext-diff', '--ignore-submodules=all', base, '--'], { cwd: root }));
  const files = new Map<string, ChangedFile>();
  for (let i = 0; i < fields.length; ) {
    const header = fields[i++] as string;
    // ":100644 100644 <src> <dst> M" then one path, or two for copies and renames (C/R + score).
    const [srcMode, dstMode, srcBlob, , status] = header.slice(1).split(' ');
    if (status?.startsWith('R') || status?.startsWith('C')) i++;
    const path = fields[i++] as string;
    if (!dstMode || !status || dstMode === SUBMODULE || dstMode === SYMLINK) continue;
    const file: ChangedFile = { path };
    if (srcBlob && !/^0+$/.test(srcBlob) && srcMode !== SUBMODULE && srcMode !== SYMLINK) file.base = srcBlob;
    files.set(path, file);
  }
  for (const path of splitZ(git(['ls-files', '-z', '--others', '--exclude-standard'], { cwd: root }))) {
    if (!files.has(path)) files.set(path, { path });
  }
  return [...files.values()];
}

/** The id of the empty tree in this repository's hash (SHA-1 or SHA-256), written nowhere. */
function emptyTree(root: string): string {
  return git(['hash-object', '-t', 'tree', '--stdin'], { cwd: root, input: '' }).toString('utf8').trim();
}
