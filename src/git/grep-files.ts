import { git, splitZ } from './exec-git.js';
import { readBlobs, type BlobContent } from './staged-files.js';

/**
 * Which version of the tracked files to search and read: the index (`check --staged`: staged
 * content for staged files, HEAD's for the rest), a revision's tree (eval's replay), or the working
 * tree (`check --diff REF`).
 */
export type TreeVersion = { index: true } | { rev: string } | { worktree: true };

/**
 * Tracked files (repository-relative) of `version` that contain `word` as a whole word, by
 * `git grep -l -w -F`: one process, whatever the size of the tree. `pathspecs` narrows the search
 * (e.g. `*.py`).
 * @see https://git-scm.com/docs/git-grep
 */
export function grepFiles(root: string, word: string, version: TreeVersion, pathspecs: string[] = []): string[] {
  const args = ['grep', '-l', '-z', '-w', '-F', '-I', '--no-color', '-e', word];
  if ('index' in version) args.splice(1, 0, '--cached');
  if ('rev' in version) args.push(version.rev);
  args.push('--', ...pathspecs);
  // Exit 1: no file matches.
  const out = git(args, { cwd: root, allowFailure: true });
  if (!out) return [];
  const paths = splitZ(out);
  return 'rev' in version ? paths.map((p) => p.slice(version.rev.length + 1)) : paths;
}

/**
 * The content of tracked files in `version` (the index or a revision; working-tree files are read
 * from disk by the caller), in one `git cat-file --batch`. Keyed by path.
 */
export function readTrackedFiles(root: string, paths: string[], version: { index: true } | { rev: string }, maxSize: number): Map<string, BlobContent> {
  const name = (path: string): string => ('rev' in version ? `${version.rev}:${path}` : `:${path}`);
  const blobs = readBlobs(root, paths.map(name), maxSize);
  return new Map(paths.map((path) => [path, blobs.get(name(path)) ?? { kind: 'missing' }]));
}

/**
 * Commits of `range` (e.g. `abc..HEAD`) that change how often `text` occurs in `path`
 * (`git log -S`, the pickaxe), oldest first, each with its first parent: the commits that
 * removed or rewrote a site holding that text.
 * @see https://git-scm.com/docs/git-log#Documentation/git-log.txt--Sltstringgt
 */
export function commitsChanging(root: string, range: string, text: string, path: string): { commit: string; parent: string }[] {
  const out = git(['log', '--reverse', '--format=%H %P', `-S${text}`, range, '--', path], { cwd: root, allowFailure: true });
  if (!out) return [];
  return out
    .toString('utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((parts) => parts.length >= 2)
    .map(([commit, parent]) => ({ commit: commit as string, parent: parent as string }));
}
