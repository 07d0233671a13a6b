import { git } from './exec-git.js';
import { readBlobs, type BlobContent } from './staged-files.js';

/**
 * Which version of the tracked files to search and read: the index (`check --staged`: staged
 * content for staged files, HEAD's for the rest), a revision's tree (eval's replay), or the working
 * tree (`check --diff REF`).
 */
export type TreeVersion = { index: true } | { rev: string } | { worktree: true };

/**
 * Which of `words` (whole words, fixed strings) each tracked file of `version` contains, by one
 * `git grep -o -w -F` whatever the number of words or the size of the tree. Paths are
 * repository-relative; files with none of the words are absent.
 * @see https://git-scm.com/docs/git-grep
 */
export function grepWords(root: string, words: string[], version: TreeVersion): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  if (words.length === 0) return found;
  const args = ['grep', '-o', '-z', '-w', '-F', '-I', '--no-color', ...words.flatMap((w) => ['-e', w])];
  if ('index' in version) args.splice(1, 0, '--cached');
  if ('rev' in version) args.push(version.rev);
  args.push('--');
  // Exit 1: no file matches.
  const out = git(args, { cwd: root, allowFailure: true });
  if (!out) return found;
  const prefix = 'rev' in version ? version.rev.length + 1 : 0;
  // One line per occurrence: "<path>\0<word>\n".
  for (const line of out.toString('utf8').split('\n')) {
    const nul = line.indexOf('\0');
    if (nul < 0) continue;
    const path = line.slice(prefix, nul);
    const set = found.get(path) ?? new Set<string>();
    set.add(line.slice(nul + 1));
    found.set(path, set);
  }
  return found;
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
