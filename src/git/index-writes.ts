import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { git } from './exec-git.js';

/** Stores `bytes` as a blob, as they are (they are already the index's clean form), and returns its id. */
export function writeBlob(root: string, bytes: Buffer): string {
  return git(['hash-object', '-w', '--no-filters', '--stdin'], { cwd: root, input: bytes }).toString('utf8').trim();
}

/**
 * Points the index entry of `path` at `blob` with `mode` (stage 0), through the index git is using,
 * or through the index file `index` when given.
 */
export function setIndexEntry(root: string, path: string, mode: string, blob: string, index?: string): void {
  git(['update-index', '-z', '--index-info'], { cwd: root, input: `${mode} ${blob} 0\t${path}\0`, ...(index ? { env: { GIT_INDEX_FILE: index } } : {}) });
}

/** The stage-0 entry of `path` in the index file `index`, as "mode blob", if it has one. */
export function indexEntry(root: string, path: string, index: string): string | undefined {
  const out = git(['ls-files', '-s', '-z', '--', `:(literal)${path}`], { cwd: root, env: { GIT_INDEX_FILE: index } }).toString('utf8');
  const entry = out.split('\0').find((line) => line.endsWith(`\t${path}`) && line.split('\t')[0]?.endsWith(' 0'));
  return entry?.split(' ').slice(0, 2).join(' ');
}

/**
 * The repository's own index, locked by a `git commit -- <paths>` (or `--only`) in progress: git
 * hands its hooks a temporary index (HEAD plus the paths) in GIT_INDEX_FILE, and writes the real
 * index from `<index>.lock` once the commit is made. Undefined in every other case. `dotGit` and
 * `inUse`: `gitDir(root)` and `indexFile(root)`.
 * @see https://git-scm.com/docs/git-commit (partial commits, --only)
 */
export function lockedMainIndex(dotGit: string, inUse: string): string | undefined {
  const main = join(dotGit, 'index');
  const lock = `${main}.lock`;
  return inUse !== main && inUse !== lock && existsSync(lock) ? lock : undefined;
}

/** A blob's bytes as stored (the index's clean form). */
export function readBlob(root: string, blob: string): Buffer {
  return git(['cat-file', 'blob', blob], { cwd: root });
}

/** What a blob looks like checked out at `path` (smudge filters and line-ending conversion applied). */
export function worktreeForm(root: string, path: string, blob: string): Buffer {
  return git(['cat-file', '--filters', `--path=${path}`, blob], { cwd: root });
}

/** The index file git is using: `GIT_INDEX_FILE` inside a hook, else the repository's index. */
export function indexFile(root: string): string {
  const path = git(['rev-parse', '--git-path', 'index'], { cwd: root }).toString('utf8').trim();
  return isAbsolute(path) ? path : resolve(root, path);
}

/** The repository's git directory, absolute. */
export function gitDir(root: string): string {
  return git(['rev-parse', '--absolute-git-dir'], { cwd: root }).toString('utf8').trim();
}

/**
 * Three-way merge of file contents with `git merge-file`: `theirs` brought onto `ours` from their
 * common `base`. Undefined when they conflict (both changed the same lines).
 */
export function mergeTexts(root: string, ours: Buffer, base: Buffer, theirs: Buffer): Buffer | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-merge-'));
  try {
    const files = ['ours', 'base', 'theirs'].map((name) => join(dir, name));
    [ours, base, theirs].forEach((bytes, i) => writeFileSync(files[i] as string, bytes));
    return git(['merge-file', '-p', ...files], { cwd: root, allowFailure: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
